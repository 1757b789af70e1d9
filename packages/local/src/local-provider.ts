import { availableParallelism } from "node:os";
import {
  checkUpscaleInput,
  type ImageCodec,
  type MetadataKind,
  type ProviderCapabilities,
  raceAbort,
  restoreFromInput,
  type UpscaleCallOptions,
  type UpscaleProvider,
  type UpscaleResult,
  type UpscaleSource,
} from "@upscale/core/provider-kit";
import { centredUpscale, INTERPOLATOR, type UpscaleStep } from "./centred-upscale.js";
import { LOCAL_INPUT_TYPES } from "./input-types.js";
import {
  checkOutputFormat,
  defaultOutputFormat,
  LOCAL_OUTPUT_TYPES,
  type LocalOutputFormat,
  mimeTypeOf,
} from "./output-format.js";
import { DEFAULT_LOCAL_SCALE, LOCAL_SCALES, parseScale } from "./scale.js";
import { sharpCodec } from "./sharp-codec.js";
import { MAX_INPUT_PIXELS } from "./size-limits.js";
import { throwIfAborted } from "./throw-if-aborted.js";

export interface LocalProviderOptions {
  /** Output format; by default the input's own (PNG, JPEG or WebP), or what keeps another type best. */
  format?: LocalOutputFormat;
  /**
   * "keep" (default): results carry the input's EXIF (orientation set to 1: the pixels are turned), XMP, IPTC,
   * comments and density. "strip": only the colour profile and density; `meta.metadata.dropped` says what went.
   */
  metadata?: "keep" | "strip";
}

/** What a local result says about itself. */
export type LocalMeta = {
  scale: number;
  interpolator: string;
  /** How it is encoded ("JPEG at quality 92, 4:4:4", "lossless WebP"…). */
  encoding: string;
  /** The input's metadata the result carries, and what it does not (stripped, or no place for it). */
  metadata: { kept: MetadataKind[]; dropped: MetadataKind[] };
  /** What the user should know: transparency flattened for JPEG, an HDR photo's result SDR only… */
  notes: string[];
};

/**
 * What the offline provider offers. sharp already uses several threads per image, so more than a few images at
 * once only adds memory: one per core, at most four. `inputTypes` lists the types every provider shares; the
 * provider itself also reads AVIF, TIFF, still GIF and (where sharp can) HEIC: {@link LOCAL_INPUT_TYPES}.
 */
export const LOCAL_CAPABILITIES: ProviderCapabilities = {
  scales: LOCAL_SCALES,
  nominalScale: DEFAULT_LOCAL_SCALE,
  maxInFlight: Math.min(4, availableParallelism()),
  inputTypes: LOCAL_OUTPUT_TYPES,
  maxInputPixels: MAX_INPUT_PIXELS,
  charges: false,
};

/** Progress after each step: measured shares of the time (decoding is quick, resampling takes ~90 %). */
const PERCENT_AFTER: Readonly<Record<UpscaleStep, number>> = { decoded: 2, resampled: 90 };

/** Measures the input's transparency (to say whether a JPEG result lost some); nothing to put back here. */
const MEASURING: ImageCodec = { transform: sharpCodec.transform, transparency: sharpCodec.transparency };

/**
 * The offline provider: a centred bicubic resample with sharp, 2×, 3× or 4× (call option `scale`, default 2).
 *
 * Keeps the colour space, bit depth (8 or 16 for PNG) and ICC profile, without converting pixels; only CMYK
 * JPEGs become sRGB. Keeps alpha, flattened onto white only for JPEG output. Encodes like the input: a JPEG's
 * quality and chroma subsampling, lossless stays lossless, a palette PNG stays a palette PNG; an Ultra HDR
 * JPEG keeps its gain map. EXIF orientation is applied to the pixels; the input's metadata is kept (see
 * `metadata`), its density too — never libvips' own 72 dpi or 25.4 ppi.
 *
 * Inputs get the core's checks (checkUpscaleInput) even when called without `upscale()`: an animated GIF or
 * WebP is refused rather than silently turned into a still of its first frame.
 *
 * Cancelling rejects at once with ABORTED; a step already running inside sharp finishes in the background (sharp
 * cannot be interrupted), but no further step starts.
 */
export function createLocalProvider(options: LocalProviderOptions = {}): UpscaleProvider<LocalMeta> {
  const format = options.format === undefined ? undefined : checkOutputFormat(options.format);
  const metadata = options.metadata ?? "keep";
  return {
    id: "local",
    capabilities: LOCAL_CAPABILITIES,
    async upscale(source: UpscaleSource, call: UpscaleCallOptions): Promise<UpscaleResult<LocalMeta>> {
      const { signal, onProgress, scale } = call;
      const factor = parseScale(scale);
      const limits = { ...LOCAL_CAPABILITIES, inputTypes: LOCAL_INPUT_TYPES };
      const inputType = checkUpscaleInput(source.bytes, limits, "the local provider").mimeType;
      throwIfAborted(signal);
      const outputFormat = format ?? defaultOutputFormat(source.bytes);
      onProgress?.({ stage: "processing", percent: 0 });
      // The callback may have cancelled: raceAbort would then not even look at the work it was given.
      throwIfAborted(signal);
      const work = centredUpscale(source.bytes, {
        scale: factor,
        format: outputFormat,
        inputType,
        signal,
        onStep: (step) => onProgress?.({ stage: "processing", percent: PERCENT_AFTER[step] }),
      }).then(async (image) => ({
        image,
        restored: await restoreFromInput(source.bytes, image.bytes, MEASURING, { metadata }),
      }));
      const { image, restored } = await raceAbort(work, signal);
      throwIfAborted(signal);
      return {
        bytes: restored.bytes,
        width: image.width,
        height: image.height,
        mimeType: mimeTypeOf(outputFormat),
        provider: "local",
        meta: {
          scale: factor,
          interpolator: INTERPOLATOR,
          encoding: image.encoding,
          metadata: { kept: restored.kept, dropped: restored.dropped },
          notes: restored.notes,
        },
      };
    },
  };
}
