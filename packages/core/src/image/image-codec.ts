import { UpscaleError } from "../outcome/errors.js";
import type { FitPlan } from "./fit-to-limits.js";
import { IMAGE_TYPE_NAMES, type ImageMimeType, isImageComplete, readImageInfo } from "./image-format.js";

/**
 * Pixel work the core cannot do itself: each platform plugs its own in — sharp in Node (`sharpCodec` from
 * @upscale/local), a canvas in a browser or Figma's UI iframe. Metadata is the core's business, not the codec's:
 * codecs may drop it, and the core writes back what it keeps (`prepareUpload`, `restoreFromInput`).
 *
 * Only `transform` is required. The other operations are optional, for platforms that cannot do them; the core
 * functions that use them then do less and say so in their notes.
 */
export interface ImageCodec {
  /** Re-encode and/or resize; returns encoded bytes of `mimeType`, `width`×`height` when given. */
  transform(
    bytes: Uint8Array,
    target: { mimeType: ImageMimeType; width?: number; height?: number },
  ): Promise<Uint8Array>;
  /**
   * The image with its EXIF orientation applied to the pixels, in its own type, encoded as close to the input as
   * the platform can (a JPEG's quality and chroma subsampling, a lossless WebP lossless).
   */
  upright?(bytes: Uint8Array): Promise<Uint8Array>;
  /** The share of pixels (0–1) that are not fully opaque: 0 for an image without alpha. */
  transparency?(bytes: Uint8Array): Promise<number>;
  /**
   * `image` (PNG or WebP, in the same orientation) with `alphaFrom`'s alpha channel, scaled to its size, in place
   * of its own — colours under partly transparent pixels taken back off any background the image was flattened
   * onto — in `image`'s own type.
   */
  withAlpha?(image: Uint8Array, alphaFrom: Uint8Array): Promise<Uint8Array>;
}

/**
 * Carries out a {@link FitPlan} with `codec`: the bytes as they are when the plan changes nothing, else the
 * codec's output — checked to be a complete image of the planned type and size, since a canvas encoder can
 * silently fall back to PNG or give up on a large canvas.
 */
export async function applyFitPlan(bytes: Uint8Array, plan: FitPlan, codec: ImageCodec): Promise<Uint8Array> {
  if (!plan.resized && !plan.converted) return bytes;
  const target = plan.resized
    ? { mimeType: plan.mimeType, width: plan.width, height: plan.height }
    : { mimeType: plan.mimeType };
  const output = await codec.transform(bytes, target);
  const info = readImageInfo(output);
  const wanted = `${IMAGE_TYPE_NAMES[plan.mimeType]}${plan.resized ? ` of ${plan.width}×${plan.height}` : ""}`;
  if (info === undefined || !isImageComplete(output, info.mimeType)) {
    throw new UpscaleError("BAD_RESPONSE", `The image codec did not return a complete image (wanted a ${wanted}).`);
  }
  if (info.mimeType !== plan.mimeType || (plan.resized && (info.width !== plan.width || info.height !== plan.height))) {
    throw new UpscaleError(
      "BAD_RESPONSE",
      `The image codec returned a ${IMAGE_TYPE_NAMES[info.mimeType]} of ${info.width}×${info.height}, not a ${wanted}.`,
    );
  }
  return output;
}
