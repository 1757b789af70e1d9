import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KeptImage } from "@upscale/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileResultStore } from "./file-result-store.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "upscale-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const image = (fileName: string): KeptImage => ({
  bytes: new TextEncoder().encode(fileName),
  mimeType: "image/png",
  width: 1,
  height: 1,
  fileName,
  notes: [],
});

async function slotFor(
  plan: Parameters<ReturnType<typeof fileResultStore>["reserve"]>[0],
  show?: (p: string) => string,
) {
  const slot = await fileResultStore({ overwrite: false, show }).reserve(plan);
  if (slot === undefined || "skip" in slot) throw new Error("The CLI's store never declines.");
  return slot;
}

describe("fileResultStore", () => {
  it("reserves the planned file before anything is paid for, and writes the result there", async () => {
    const path = join(dir, "out", "a@2x.png");
    const slot = await slotFor({ fileName: "a@2x.png", target: { kind: "file", path } });
    expect((await readdir(join(dir, "out"))).filter((name) => name.endsWith(".tmp"))).toHaveLength(1);
    expect(await slot.keep(image("a@2x.png"))).toBe(path);
    await slot.release();
    expect(await readdir(join(dir, "out"))).toEqual(["a@2x.png"]);
  });

  it("keeps a result under its own extension beside the planned file (an -o name's stem included)", async () => {
    const slot = await slotFor({ fileName: "big.webp", target: { kind: "file", path: join(dir, "big.webp") } });
    expect(await slot.keep(image("big.png"))).toBe(join(dir, "big.png"));
    await slot.release();
    expect(await readdir(dir)).toEqual(["big.png"]);
  });

  it("into a folder: the name comes with the image (a Midjourney task's), shown the caller's way", async () => {
    const slot = await slotFor({ fileName: undefined, target: { kind: "folder", path: join(dir, "grids") } }, (p) =>
      p.slice(dir.length + 1),
    );
    expect(await slot.keep(image("midjourney-x.png"))).toBe(join("grids", "midjourney-x.png"));
    expect(await readFile(join(dir, "grids", "midjourney-x.png"), "utf8")).toBe("midjourney-x.png");
  });

  it("refuses a taken name before anything is paid for, and releasing leaves nothing behind", async () => {
    await writeFile(join(dir, "taken.png"), "old");
    await expect(slotFor({ fileName: "taken.png", target: { kind: "folder", path: dir } })).rejects.toMatchObject({
      code: "OUTPUT_EXISTS",
    });
    const slot = await slotFor({ fileName: "free.png", target: { kind: "folder", path: dir } });
    await slot.release();
    expect(await readdir(dir)).toEqual(["taken.png"]);
    await expect(slotFor({ fileName: "x.png", target: { kind: "node", id: "1:2" } })).rejects.toThrow("files only");
  });
});
