import sharp from "sharp";
import type { Checked } from "./checked.js";

/** What the fake upscalers need to know about an upload before they accept it. */
export interface ImageSize {
  width: number;
  height: number;
}

/** The decoded size of `input`, or a sentence saying it is no image (`field` names the form part). */
export async function readImageSize(input: Buffer, field: string): Promise<Checked<ImageSize>> {
  try {
    const { width, height } = await sharp(input).metadata();
    return { ok: true, value: { width, height } };
  } catch {
    return undecodable(field);
  }
}

/**
 * `input` resized to exactly `size` as PNG: a real image, so clients and tests can check its pixels. `cover`
 * crops to a new aspect ratio (a model that regenerates at its own); otherwise the aspect ratio is the input's.
 */
export async function resizeToPng(
  input: Buffer,
  size: ImageSize,
  field: string,
  fit: "fill" | "cover" = "fill",
): Promise<Checked<Buffer>> {
  try {
    const bytes = await sharp(input).resize(size.width, size.height, { fit }).png().toBuffer();
    return { ok: true, value: bytes };
  } catch {
    return undecodable(field);
  }
}

function undecodable(field: string): { ok: false; message: string } {
  return { ok: false, message: `${field} could not be decoded: it is damaged or not really an image.` };
}
