import { type ImageMimeType, sniffImageType } from "@upscale/core";
import sharp from "sharp";

const SHARP_FORMATS = { "image/png": "png", "image/jpeg": "jpeg", "image/webp": "webp" } as const;

/**
 * The image re-encoded as `mimeType` (colour profile kept), or the same bytes when it already is one. For
 * results whose type the user fixed by name (`-o big.webp`) or that must be PNG (they carry a task id).
 */
export async function convertImage(bytes: Uint8Array, mimeType: ImageMimeType): Promise<Uint8Array> {
  if (sniffImageType(bytes) === mimeType) return bytes;
  return new Uint8Array(await sharp(bytes).keepIccProfile().toFormat(SHARP_FORMATS[mimeType]).toBuffer());
}
