import { availableParallelism } from "node:os";
import {
  checkUpscaleInput,
  type ProviderCapabilities,
  raceAbort,
  type UpscaleCallOptions,
  type UpscaleProvider,
  type UpscaleResult,
  type UpscaleSource,
} from "@upscale/core/provider-kit";
import { centredUpscale, INTERPOLATOR, type UpscaleStep } from "./centred-upscale.js";
import {
  checkOutputFormat,
  formatOfMimeType,
  LOCAL_INPUT_TYPES,
  type LocalOutputFormat,
  mimeTypeOf,
} from "./output-format.js";
import { DEFAULT_LOCAL_SCALE, LOCAL_SCALES, parseScale } from "./scale.js";
import { MAX_INPUT_PIXELS } from "./size-limits.js";
import { throwIfAborted } from "./throw-if-aborted.js";

export interface LocalProviderOptions {
  /** Output format; by default the input's own (PNG, JPEG or WebP, by its magic bytes). */
  format?: LocalOutputFormat;
}

/**
 * What the offline provider offers. sharp already uses several threads per image, so more than a few images at
 * once only adds memory: one per core, at most four.
 */
export const LOCAL_CAPABILITIES: ProviderCapabilities = {
  scales: LOCAL_SCALES,
  nominalScale: DEFAULT_LOCAL_SCALE,
  maxInFlight: Math.min(4, availableParallelism()),
  inputTypes: LOCAL_INPUT_TYPES,
  maxInputPixels: MAX_INPUT_PIXELS,
  charges: false,
};

/** Progress after each step: measured shares of the time (decoding is quick, resampling takes ~90 %). */
const PERCENT_AFTER: Readonly<Record<UpscaleStep, number>> = { decoded: 2, resampled: 90 };

/**
 * The offline provider: a centred bicubic resample with sharp, 2×, 3× or 4× (call option `scale`, default 2).
 *
 * Keeps the colour space, bit depth (8 or 16 for PNG) and ICC profile, without converting pixels; only CMYK
 * JPEGs become sRGB. Keeps alpha, flattened onto white only for JPEG output. EXIF orientation is applied to the
 * pixels and the output carries no EXIF, so the result looks the same as the input in every viewer; other
 * metadata (camera, GPS, XMP) is not copied.
 *
 * Inputs get the core's checks (checkUpscaleInput) even when called without `upscale()`: an animated GIF or
 * WebP is refused rather than silently turned into a still of its first frame.
 *
 * Cancelling rejects at once with ABORTED; a step already running inside sharp finishes in the background (sharp
 * cannot be interrupted), but no further step starts.
 */
export function createLocalProvider(options: LocalProviderOptions = {}): UpscaleProvider {
  const format = options.format === undefined ? undefined : checkOutputFormat(options.format);
  return {
    id: "local",
    capabilities: LOCAL_CAPABILITIES,
    async upscale(source: UpscaleSource, { signal, onProgress, scale }: UpscaleCallOptions): Promise<UpscaleResult> {
      const factor = parseScale(scale);
      const inputType = checkUpscaleInput(source.bytes, LOCAL_CAPABILITIES).mimeType;
      throwIfAborted(signal);
      const outputFormat = format ?? formatOfMimeType(inputType);

      onProgress?.({ stage: "processing", percent: 0 });
      // The callback may have cancelled: raceAbort would then not even look at the work it was given.
      throwIfAborted(signal);
      const image = await raceAbort(
        centredUpscale(source.bytes, {
          scale: factor,
          format: outputFormat,
          inputType,
          signal,
          onStep: (step) => onProgress?.({ stage: "processing", percent: PERCENT_AFTER[step] }),
        }),
        signal,
      );
      throwIfAborted(signal);
      return {
        ...image,
        mimeType: mimeTypeOf(outputFormat),
        provider: "local",
        meta: { scale: factor, interpolator: INTERPOLATOR },
      };
    },
  };
}
