/**
 * `@upscale/core/provider-kit`: the level below the app API, for implementers and for work on image bytes.
 * - A provider: its port (`UpscaleProvider`, `ProviderCapabilities`…), the checks every provider runs on its input,
 *   cancellation helpers (`raceAbort`, `abortError`), the errors to throw (an app's ports and test doubles throw
 *   them too, so `failureReport` can tell what went wrong), and the building blocks of a vendor provider: the task
 *   poller and a checked result download.
 * - A codec: the `ImageCodec` port, fitting an image to a platform's limits with it (`fitToLimits`, `applyFitPlan`),
 *   and the image facts a codec checks (type by magic bytes, size, completeness, JPEG encoding).
 * - A transport: the request and response an `HttpTransport` takes and gives.
 * - Image bytes: what is sent to a vendor (`prepareUpload`) and what a result keeps of its input
 *   (`restoreFromInput`), metadata read and written without re-encoding.
 * Both entry points share one build, so an error thrown from here is an instance of the classes `@upscale/core`
 * exports.
 */

export { type DownloadedImage, type DownloadImageOptions, downloadImage } from "./http/download-image.js";
export type { HttpMethod, HttpRequest, HttpResponse } from "./http/transport.js";
export { IdeogramDownloadError } from "./ideogram/ideogram-provider.js";
export { checkScale, checkUpscaleInput, type InputLimits } from "./image/check-upscale-input.js";
export { conversionTarget } from "./image/convert-to.js";
export { type FitPlan, fitToLimits, type PlatformLimits, wouldGrow } from "./image/fit-to-limits.js";
export { applyFitPlan, type ImageCodec } from "./image/image-codec.js";
export { type ChromaSubsampling, type ImageEncoding, readImageEncoding } from "./image/image-encoding.js";
export {
  IMAGE_EXTENSIONS,
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
export { prepareUpload } from "./image/prepare-upload.js";
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
  ApiError,
  abortError,
  InputError,
  NetworkError,
  TaskError,
  UpscaleError,
  type UpscaleErrorCode,
  type UpscaleErrorOptions,
} from "./outcome/errors.js";
export { type PollTaskOptions, pollTask, type TaskSnapshot } from "./polling/poll-task.js";
export type { CancelSignal } from "./runtime/cancellation.js";
export { raceAbort } from "./runtime/race-abort.js";
