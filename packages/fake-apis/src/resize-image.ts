import sharp from "sharp";
import type { Checked } from "./checked.js";
import type { UpscalerMode } from "./scenario.js";

/** What the fake upscalers need to know about an upload before they accept it. */
export interface ImageSize {
  width: number;
  height: number;
}

/**
 * The decoded size of `input` — as stored, or as shown when the upscaler applies the EXIF orientation — or a
 * sentence saying it is no image (`field` names the form part).
 */
export async function readImageSize(
  input: Buffer,
  field: string,
  mode: Required<UpscalerMode>,
): Promise<Checked<ImageSize>> {
  try {
    const metadata = await sharp(input).metadata();
    const { width, height } = mode.orientation === "apply" ? metadata.autoOrient : metadata;
    return { ok: true, value: { width, height } };
  } catch {
    return undecodable(field);
  }
}

/**
 * `input` resized to exactly `size` as PNG: a real image, so clients and tests can check its pixels. `cover`
 * crops to a new aspect ratio (a model that regenerates at its own); otherwise the aspect ratio is the input's.
 * `mode` says whether the EXIF orientation is applied first and whether alpha survives (README: Scenarios).
 */
export async function resizeToPng(
  input: Buffer,
  size: ImageSize,
  field: string,
  mode: Required<UpscalerMode>,
  fit: "fill" | "cover" = "fill",
): Promise<Checked<Buffer>> {
  try {
    let image = sharp(input);
    if (mode.orientation === "apply") image = image.autoOrient();
    image = image.resize(size.width, size.height, { fit });
    if (mode.alpha === "drop") image = image.flatten({ background: "#000000" });
    return { ok: true, value: await image.png().toBuffer() };
  } catch {
    return undecodable(field);
  }
}

function undecodable(field: string): { ok: false; message: string } {
  return { ok: false, message: `${field} could not be decoded: it is damaged or not really an image.` };
}
