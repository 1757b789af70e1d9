import {
  type ImageMimeType,
  type JobSource,
  type PlannedResult,
  type ResultStore,
  UpscaleError,
  type UpscaleProvider,
} from "@upscale/core";
import { applyFitPlan, fitToLimits, type ImageCodec, sniffImageType, wouldGrow } from "@upscale/core/provider-kit";
import { FIGMA_LIMITS } from "./figma-limits.js";
import type { CanvasSaved } from "./run-status.js";

/** One image on the canvas (one `imageHash`) as the core's job input, named after its layers. */
export interface CanvasImage extends JobSource {
  size(): Promise<{ width: number; height: number }>;
}

/** An upscaled image ready for `figma.createImage`, and how many times wider it is than the original. */
export interface FittedImage extends CanvasSaved {
  bytes: Uint8Array;
  ratio: number;
}

function imageOf(hash: string): Image {
  const image = figma.getImageByHash(hash);
  // Not NOT_FOUND: that offers the settings, and only reopening the file helps here.
  if (image === null) {
    throw new UpscaleError(
      "UNSUPPORTED_IMAGE",
      "Figma has no data for this image (it may not have finished loading): reopen the file and try again.",
    );
  }
  return image;
}

export function canvasImage(
  hash: string,
  name: string,
  inputTypes: UpscaleProvider["capabilities"]["inputTypes"],
  codec: ImageCodec,
): CanvasImage {
  return {
    id: hash,
    name,
    size: () => imageOf(hash).getSizeAsync(),
    async read() {
      const bytes = await imageOf(hash).getBytesAsync();
      const type = sniffImageType(bytes);
      if (type !== undefined && inputTypes.indexOf(type) !== -1) return bytes;
      // A GIF (or anything else Figma holds that the provider does not take) goes up as PNG.
      return codec.transform(bytes, { mimeType: "image/png" });
    },
  };
}

/**
 * The canvas as the core's result store. Nothing is claimed before paying, but an image whose result Figma would
 * shrink back to its present size is skipped then, before anything is sent. A kept result is fitted to Figma's
 * limits (type and size, through the UI's canvas) and only stashed in `results`: the canvas is written once all
 * have settled (`applyResults`), so a cancel leaves it as it was and the run is one undo step.
 */
export function canvasResultStore(scale: number, codec: ImageCodec) {
  const results = new Map<string, FittedImage>();
  const store: ResultStore<FittedImage, PlannedResult<CanvasImage>> = {
    async reserve({ source }) {
      const size = await source.size();
      if (!wouldGrow(size, scale, FIGMA_LIMITS)) {
        return {
          skip: `Already ${size.width}×${size.height}: Figma keeps at most 4096 px a side, so a ${scale}× result would not be larger. Nothing was sent.`,
        };
      }
      return {
        // What the pipeline says (what was not sent, what could not be put back), then what fitting Figma did.
        async keep(image) {
          const fitted = await fitForFigma(image, codec, size.width);
          const kept = { ...fitted, notes: [...image.notes, ...fitted.notes] };
          results.set(source.id, kept);
          return kept;
        },
        release: async () => undefined,
      };
    },
  };
  return { store, results };
}

/**
 * A result as `figma.createImage` takes it: PNG or JPEG, at most 4096 px a side (through the UI's canvas), and how
 * many times wider it is than the image it replaces (`originalWidth`; 1 when that is unknown).
 */
export async function fitForFigma(
  image: { bytes: Uint8Array; width: number; height: number; mimeType: ImageMimeType },
  codec: ImageCodec,
  originalWidth: number | undefined,
): Promise<FittedImage> {
  const plan = fitToLimits(image, FIGMA_LIMITS);
  const bytes = await applyFitPlan(image.bytes, plan, codec);
  const ratio = originalWidth === undefined ? 1 : plan.width / originalWidth;
  return { bytes, width: plan.width, height: plan.height, ratio, notes: plan.notes };
}
