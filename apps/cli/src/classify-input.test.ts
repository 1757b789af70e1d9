import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { markToolOutput } from "@upscale/core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyUpscaleInput } from "./classify-input.js";

let dir: string;
const png = () =>
  sharp({ create: { width: 4, height: 3, channels: 3, background: "#c83c1e" } })
    .png()
    .toBuffer();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "upscale-classify-"));
  await writeFile(join(dir, "icon@2x.png"), await png());
  await writeFile(join(dir, "photo.png"), markToolOutput(new Uint8Array(await png())));
  await writeFile(
    join(dir, "still.gif"),
    await sharp(await png())
      .gif()
      .toBuffer(),
  );
  await writeFile(
    join(dir, "phone.avif"),
    await sharp(await png())
      .avif()
      .toBuffer(),
  );
  await writeFile(join(dir, "logo.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>');
  await writeFile(join(dir, "IMG_0001.HEIC"), "a name alone makes no image");
  await writeFile(join(dir, "notes.txt"), "hello");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("classifyUpscaleInput", () => {
  const classify = classifyUpscaleInput(["image/png", "image/jpeg", "image/webp"], "ideogram");

  it("upscales a designer's @2x asset: a name says nothing", async () => {
    expect(await classify(join(dir, "icon@2x.png"))).toBeUndefined();
  });

  it("skips an earlier result by the mark inside it, whatever its name", async () => {
    expect(await classify(join(dir, "photo.png"))).toMatch(/^already a result of this tool \(it carries its mark\)/);
  });

  it("says what to convert another image type to (photos to JPEG, graphics to PNG), by content", async () => {
    expect(await classify(join(dir, "still.gif"))).toBe(
      "GIF images are not upscaled by --provider ideogram: convert it to PNG first.",
    );
    expect(await classify(join(dir, "phone.avif"))).toBe(
      "AVIF images are not upscaled by --provider ideogram: convert it to JPEG first.",
    );
    expect(await classify(join(dir, "logo.svg"))).toBe(
      "SVG images are not upscaled by --provider ideogram: convert it to PNG first.",
    );
    expect(await classify(join(dir, "IMG_0001.HEIC"))).toBe("not an image.");
    expect(await classify(join(dir, "notes.txt"))).toBe("not an image.");
  });

  it("takes what the provider reads: the offline one reads AVIF and a still GIF", async () => {
    const local = classifyUpscaleInput(["image/png", "image/jpeg", "image/webp", "image/avif", "image/gif"], "local");
    expect(await local(join(dir, "phone.avif"))).toBeUndefined();
    expect(await local(join(dir, "still.gif"))).toBeUndefined();
    expect(await local(join(dir, "logo.svg"))).toMatch(/^SVG images are not upscaled by --provider local/);
  });

  it("leaves a file it cannot read to the run, which says why", async () => {
    expect(await classify(join(dir, "gone.png"))).toBeUndefined();
  });
});
