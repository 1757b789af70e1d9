import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { isToolOutput, markToolOutput } from "@upscale/core";
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import * as vscode from "vscode";
import { activateInWorkspace, type Workspace } from "../test/extension-harness.js";
import { fake } from "../test/fake-vscode.js";
import { exifTags, imageSize, PERSONAL_TAGS, phonePhoto, redCorners, testImage } from "../test/images.js";

/**
 * Issue 15 in the extension, against real files and the fake Ideogram over loopback (which ignores the EXIF
 * orientation, as vendors do): a multi-selection accounts for every file it does not upscale, results carry the
 * toolkit's mark, a vendor is sent upright pixels without personal metadata unless `upscale.sendMetadata`, results
 * keep the original's metadata unless `upscale.metadata` is "strip", and what was done is said. Metadata is read
 * back by exiftool, pixels by sharp.
 */

let ws: Workspace;
let fakeApis: FakeApis;
let png: Uint8Array;
let photo: Uint8Array;

beforeAll(async () => {
  png = await testImage(40, 30, "png");
  photo = await phonePhoto();
  fakeApis = await startFakeApis({ scenario: { ideogram: { generationMs: 100 } } });
});
afterAll(() => fakeApis.close());
afterEach(() => ws.cleanup());

const upscaleImage = (...uris: unknown[]) => vscode.commands.executeCommand("upscale.upscaleImage", uris[0], uris);

/** A HEIC file's header (ISO-BMFF `ftyp`, brand heic): sniffed by content, read by no sharp build here. */
const HEIC = new Uint8Array(Buffer.from("\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x10meta\0\0\0\0\0\0\0\0", "latin1"));

async function useIdeogram(): Promise<void> {
  fake.setting("upscale.provider", "ideogram");
  fake.setting("upscale.ideogram.baseUrl", fakeApis.ideogramUrl);
  fake.setting("upscale.ideogram.model", "topaz-standard-2");
  await ws.context.secrets.store("upscale.apiKey.ideogram", fakeApis.keys.ideogram);
  fakeApis.stats.reset();
}

/** The image the fake received for the paid upscale (not the quote). */
function uploaded(): Uint8Array {
  const uploads = fakeApis.stats.uploads.filter((upload) => upload.endpoint === "upscale-v2");
  expect(uploads).toHaveLength(1);
  return new Uint8Array(uploads[0]?.bytes ?? []);
}

describe("a multi-selection accounts for every file", () => {
  test("offline: other image types with what to convert them to, earlier results, non-images and folders", async () => {
    const tiff = new Uint8Array(await sharp(png).tiff().toBuffer());
    ws = await activateInWorkspace({
      "a.png": png,
      "scan.tif": tiff,
      "photo.heic": HEIC,
      "notes.txt": new TextEncoder().encode("not a picture"),
      "old@2x.png": markToolOutput(png),
      "icon@2x.png": png,
    });
    await mkdir(join(ws.dir, "more"));
    const names = ["a.png", "scan.tif", "photo.heic", "notes.txt", "old@2x.png", "icon@2x.png", "more"];

    await upscaleImage(...names.map(ws.uri));

    // TIFF is read offline; a designer's own @2x asset is upscaled like any other image.
    expect(await ws.files()).toEqual([
      "a.png",
      "a@2x.png",
      "icon@2x.png",
      "icon@2x@2x.png",
      "more",
      "notes.txt",
      "old@2x.png",
      "photo.heic",
      "scan.tif",
      "scan@2x.png",
    ]);
    expect(await imageSize(await ws.read("scan@2x.png"))).toMatchObject({ width: 80, height: 60, format: "png" });
    const [warning, ...others] = fake.messages("warning");
    expect(others).toEqual([]);
    expect(warning?.text).toBe(
      "Upscale: 4 of 7 selected files not upscaled. " +
        "photo.heic: HEIC images are not upscaled by the offline provider: convert it to JPEG first. " +
        "notes.txt: not an image. " +
        "old@2x.png: already an upscale result (it carries this toolkit's mark); select it alone to upscale it again. " +
        "more: a folder: select the images in it.",
    );
    const log = fake.logLines.join("\n");
    for (const name of ["photo.heic", "notes.txt", "old@2x.png", "more"]) {
      expect(log).toContain(`${join(ws.dir, name)}: not upscaled: `);
    }
    expect(fake.progress.map((p) => p.title)).toEqual(["Upscaling 3 images"]);
    expect(fake.messages("info").map((m) => m.text)).toEqual(["Upscale: 3 images upscaled."]);
  });

  test("every result the extension writes carries the toolkit's mark; one selected alone is upscaled again", async () => {
    ws = await activateInWorkspace({ "a.png": png, "b.jpg": await testImage(20, 10, "jpeg") });
    await upscaleImage(ws.uri("a.png"), ws.uri("b.jpg"));
    expect(isToolOutput(await ws.read("a@2x.png"))).toBe(true);
    expect(isToolOutput(await ws.read("b@2x.jpg"))).toBe(true);
    expect(isToolOutput(await ws.read("a.png"))).toBe(false);

    await upscaleImage(ws.uri("a@2x.png"));
    expect(await imageSize(await ws.read("a@2x@2x.png"))).toMatchObject({ width: 160, height: 120 });
    expect(fake.messages("warning")).toEqual([]);
  });

  test("Ideogram: a type it does not take is named with what to convert it to; nothing is sent for it", async () => {
    ws = await activateInWorkspace({ "a.png": png, "scan.tif": new Uint8Array(await sharp(png).tiff().toBuffer()) });
    await useIdeogram();
    await upscaleImage(ws.uri("a.png"), ws.uri("scan.tif"));
    expect(await ws.files()).toEqual(["a.png", "a@2x.png", "scan.tif"]);
    expect(fake.messages("warning")[0]?.text).toBe(
      "Upscale: 1 of 2 selected files not upscaled. scan.tif: TIFF images are not upscaled by Ideogram: convert it to PNG first.",
    );
    expect(fakeApis.stats.uploads.map((upload) => upload.endpoint)).toEqual(["quote", "upscale-v2"]);
  });
});

describe("what is sent, what is kept", () => {
  test("Ideogram gets the photo upright without personal metadata; the result is upright and keeps it", async () => {
    ws = await activateInWorkspace({ "photo.jpg": photo });
    await useIdeogram();

    await upscaleImage(ws.uri("photo.jpg"));

    const sent = uploaded();
    const sentTags = await exifTags(sent);
    for (const tag of PERSONAL_TAGS) expect(sentTags).not.toHaveProperty(tag);
    expect(await redCorners(sent)).toEqual({ width: 40, height: 60, red: ["top-right"] });
    // The quote went without them too.
    const [quoted] = fakeApis.stats.uploads.filter((upload) => upload.endpoint === "quote");
    expect(await exifTags(new Uint8Array(quoted?.bytes ?? []))).not.toHaveProperty("GPS:GPSLatitude");

    const result = await ws.read("photo@2x.jpg");
    expect(await redCorners(result)).toEqual({ width: 80, height: 120, red: ["top-right"] });
    const tags = await exifTags(result);
    expect(tags).toMatchObject({ "IFD0:Orientation": 1, "IFD0:Artist": "Jane Doe", "XMP-dc:Creator": "Jane Doe" });
    expect(tags["GPS:GPSLatitude"]).toBeCloseTo(48.8584, 3);
    expect(fake.messages("warning").map((m) => m.text)).toEqual([
      expect.stringMatching(/^Upscale: photo@2x\.jpg: Not sent to Ideogram: EXIF .*GPS position/),
    ]);
    expect(fake.logLines.join("\n")).toMatch(/photo@2x\.jpg .*Not sent to Ideogram/);
  });

  test("upscale.sendMetadata sends the EXIF and XMP; upscale.metadata strip leaves them out of the result", async () => {
    ws = await activateInWorkspace({ "photo.jpg": photo });
    await useIdeogram();
    fake.setting("upscale.sendMetadata", true);
    fake.setting("upscale.metadata", "strip");

    await upscaleImage(ws.uri("photo.jpg"));

    const sentTags = await exifTags(uploaded());
    expect(sentTags).toMatchObject({ "IFD0:Artist": "Jane Doe", "XMP-dc:Creator": "Jane Doe", "IFD0:Orientation": 1 });
    expect(sentTags["GPS:GPSLatitude"]).toBeCloseTo(48.8584, 3);
    const result = await ws.read("photo@2x.jpg");
    expect(await redCorners(result)).toMatchObject({ width: 80, red: ["top-right"] });
    const tags = await exifTags(result);
    for (const tag of PERSONAL_TAGS) expect(tags).not.toHaveProperty(tag);
    expect(fake.messages("warning")[0]?.text).toMatch(/Left out of the result, as asked/);
  });

  test("offline, upscale.metadata strip applies too; the notes of several results come in one warning", async () => {
    ws = await activateInWorkspace({ "one.jpg": photo, "two.jpg": photo });
    fake.setting("upscale.metadata", "strip");
    await upscaleImage(ws.uri("one.jpg"), ws.uri("two.jpg"));
    for (const name of ["one@2x.jpg", "two@2x.jpg"]) {
      const tags = await exifTags(await ws.read(name));
      for (const tag of PERSONAL_TAGS) expect(tags).not.toHaveProperty(tag);
    }
    const warnings = fake.messages("warning").map((m) => m.text);
    // Said once for both (in the order they were kept), not in a toast per photo.
    expect(warnings).toEqual([
      expect.stringMatching(/^Upscale: (one|two)@2x\.jpg, (two|one)@2x\.jpg: Left out of the/),
    ]);
  });
});
