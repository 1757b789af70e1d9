import { open, readFile } from "node:fs/promises";
import { extname } from "node:path";
import { IMAGE_TYPE_NAMES, type ImageFileType, isToolOutput, sniffImageFileType } from "@upscale/core";
import type { Classify } from "./expand-inputs.js";

/** Enough of a file to tell an image type by its magic bytes. */
const HEAD_BYTES = 64;

/**
 * Image formats a folder may hold that nothing here reads by content yet, by extension: what to call them. Photos
 * are best kept as JPEG; graphics (and anything that may be transparent) as PNG.
 */
const OTHER_IMAGES: ReadonlyMap<string, { name: string; convertTo: "JPEG" | "PNG" }> = new Map([
  ["heic", { name: "HEIC", convertTo: "JPEG" }],
  ["heif", { name: "HEIF", convertTo: "JPEG" }],
  ["avif", { name: "AVIF", convertTo: "JPEG" }],
  ["tif", { name: "TIFF", convertTo: "PNG" }],
  ["tiff", { name: "TIFF", convertTo: "PNG" }],
  ["bmp", { name: "BMP", convertTo: "PNG" }],
  ["svg", { name: "SVG", convertTo: "PNG" }],
  ["gif", { name: "GIF", convertTo: "PNG" }],
]);

/**
 * How a folder run decides, file by file: an image of a type the provider takes is upscaled — unless it carries
 * this tool's mark (an earlier result, whatever its name; a designer's own `icon@2x.png` has none); an image of
 * another type is reported with what to convert it to; anything else is reported as not an image.
 */
export function classifyUpscaleInput(accepts: readonly ImageFileType[], provider: string): Classify {
  return async (file) => {
    const head = await readHead(file);
    if (head === undefined) return undefined;
    const type = sniffImageFileType(head);
    if (type !== undefined && accepts.includes(type)) {
      const bytes = await readFile(file).catch(() => undefined);
      return bytes !== undefined && isToolOutput(bytes)
        ? "already a result of this tool (it carries its mark); name it explicitly to upscale it again."
        : undefined;
    }
    const other = OTHER_IMAGES.get(extname(file).slice(1).toLowerCase());
    const name = type === undefined ? other?.name : IMAGE_TYPE_NAMES[type];
    if (name === undefined) return "not an image.";
    const convertTo = OTHER_IMAGES.get(name.toLowerCase())?.convertTo ?? "PNG";
    return `${name} images are not upscaled by --provider ${provider}: convert it to ${convertTo} first.`;
  };
}

/** The first bytes of a file; `undefined` when it cannot be read (it is then processed, and the run says why). */
async function readHead(file: string): Promise<Uint8Array | undefined> {
  const handle = await open(file, "r").catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const head = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
