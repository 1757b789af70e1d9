/**
 * `@upscale/core/provider-kit`: what only someone implementing a provider or an image codec needs — the provider
 * port, the checks every provider runs on its input, cancellation helpers, the errors to throw, and the codec
 * port with the image facts a codec checks. Apps need none of it: they call `upscale()` from `@upscale/core`.
 * Both entry points share one build, so an error thrown from here is an instance of the classes `@upscale/core`
 * exports.
 */

export { checkScale, checkUpscaleInput, type InputLimits } from "./image/check-upscale-input.js";
export { conversionTarget } from "./image/convert-to.js";
export type { FitPlan } from "./image/fit-to-limits.js";
export { applyFitPlan, type ImageCodec } from "./image/image-codec.js";
export { type ChromaSubsampling, type ImageEncoding, readImageEncoding } from "./image/image-encoding.js";
export {
  IMAGE_TYPE_NAMES,
  type ImageFileType,
  type ImageInfo,
  type ImageMimeType,
  isImageComplete,
  readImageInfo,
  sniffImageFileType,
  sniffImageType,
} from "./image/image-format.js";
export type { ImageMetadata, MetadataKind, MetadataWrite } from "./image/image-metadata.js";
export { withGainMapOf } from "./image/jpeg-gain-map.js";
export { describeMetadata, readImageMetadata, writeImageMetadata } from "./image/metadata-transfer.js";
export { type RestoredResult, type RestoreOptions, restoreFromInput } from "./image/restore-from-input.js";
export type {
  ProviderCapabilities,
  UpscaleCallOptions,
  UpscaleProgress,
  UpscaleProvider,
  UpscaleResult,
  UpscaleSource,
} from "./jobs/provider.js";
export {
  abortError,
  InputError,
  UpscaleError,
  type UpscaleErrorCode,
  type UpscaleErrorOptions,
} from "./outcome/errors.js";
export type { CancelSignal } from "./runtime/cancellation.js";
export { raceAbort } from "./runtime/race-abort.js";
