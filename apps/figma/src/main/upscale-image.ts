import {
  applyFitPlan,
  type CancelSignal,
  fitToLimits,
  type ImageCodec,
  sniffImageType,
  UpscaleError,
  type UpscaleProgress,
  type UpscaleProvider,
  upscale,
  wouldGrow,
} from "@upscale/core";
import { FIGMA_LIMITS } from "./figma-limits.js";

/** An upscaled image ready for `figma.createImage`, and how many times wider it is than the original. */
export interface FittedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  ratio: number;
  /** What was done to fit Figma ("converted WebP to PNG", "fitted to 4096 px"). */
  notes: string[];
}

/** Said before paying: the canvas already has an image as large as Figma allows. */
export class WouldNotGrowError extends UpscaleError {
  override name = "WouldNotGrowError";
}

export interface UpscaleImageOptions {
  provider: UpscaleProvider;
  codec: ImageCodec;
  signal: CancelSignal;
  onProgress: (progress: UpscaleProgress) => void;
}

/**
 * One canvas image through the provider and back into Figma's limits. Checks that cost nothing come first: an
 * image whose result Figma would shrink back to its present size is refused before anything is sent, and
 * `upscale` checks the bytes against the provider's capabilities before uploading them.
 */
export async function upscaleCanvasImage(hash: string, options: UpscaleImageOptions): Promise<FittedImage> {
  const { provider, codec, signal, onProgress } = options;
  const image = figma.getImageByHash(hash);
  if (image === null) {
    throw new UpscaleError(
      "NOT_FOUND",
      "Figma has no data for this image (it may not have finished loading): reopen the file and try again.",
    );
  }
  const size = await image.getSizeAsync();
  const scale = provider.capabilities.nominalScale;
  if (!wouldGrow(size, scale, FIGMA_LIMITS)) {
    throw new WouldNotGrowError(
      "IMAGE_TOO_LARGE",
      `Already ${size.width}×${size.height}: Figma keeps at most 4096 px a side, so a ${scale}× result would not be larger. Nothing was sent.`,
    );
  }
  let bytes = await image.getBytesAsync();
  const type = sniffImageType(bytes);
  if (type === undefined || provider.capabilities.inputTypes.indexOf(type) === -1) {
    // A GIF (or anything else Figma holds that the provider does not take) goes up as PNG.
    bytes = await codec.transform(bytes, { mimeType: "image/png" });
  }
  const result = await upscale({ bytes }, { provider, signal, onProgress, scale });
  const plan = fitToLimits(result, FIGMA_LIMITS);
  return {
    bytes: await applyFitPlan(result.bytes, plan, codec),
    width: plan.width,
    height: plan.height,
    ratio: plan.width / size.width,
    notes: plan.notes,
  };
}
