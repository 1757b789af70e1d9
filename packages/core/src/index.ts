/**
 * The core's public API: everything an app (CLI, VS Code, Figma) needs, named one by one. Anything not here
 * (the request pipeline, URL parsing, multipart, polling schedule, PNG chunks…) is internal and may change.
 */

export { type ClientOptions, DEFAULT_KEY_HINT, type RequestOptions } from "./http/client-options.js";
export { type DownloadedImage, type DownloadImageOptions, downloadImage } from "./http/download-image.js";
export { fetchTransport } from "./http/fetch-transport.js";
export { type FigmaFetch, figmaFetchTransport } from "./http/figma-fetch-transport.js";
export { createRedactor, redactSecrets } from "./http/redact-secrets.js";
export type { RetryPolicy } from "./http/retry-policy.js";
// Transports and client configuration
export type { HttpMethod, HttpRequest, HttpResponse, HttpTransport } from "./http/transport.js";
// Ideogram
export {
  createIdeogramClient,
  DEFAULT_IDEOGRAM_BASE_URL,
  IDEOGRAM_MAX_IMAGE_BYTES,
  type IdeogramClient,
  type IdeogramClientOptions,
  type IdeogramSafeImage,
  type IdeogramUpscaleResult,
} from "./ideogram/ideogram-client.js";
export {
  createIdeogramProvider,
  IDEOGRAM_CAPABILITIES,
  IdeogramDownloadError,
  type IdeogramMeta,
  type IdeogramProviderOptions,
} from "./ideogram/ideogram-provider.js";
export {
  type IdeogramImageObject,
  type IdeogramUpscaleRequest,
  type IdeogramUpscaleResponse,
  ideogramUpscaleRequestSchema,
} from "./ideogram/ideogram-schemas.js";
// Images: what is uploaded, and what a result keeps of its input
export { mayHaveTransparency } from "./image/alpha-channel.js";
export { checkScale, checkUpscaleInput, type InputLimits } from "./image/check-upscale-input.js";
export { conversionTarget } from "./image/convert-to.js";
export { type FitPlan, fitToLimits, type PlatformLimits, wouldGrow } from "./image/fit-to-limits.js";
export { applyFitPlan, type ImageCodec } from "./image/image-codec.js";
export { type ChromaSubsampling, type ImageEncoding, readImageEncoding } from "./image/image-encoding.js";
// Images: formats, names, platform limits, codecs
export {
  type GifInfo,
  IMAGE_EXTENSIONS,
  IMAGE_TYPE_NAMES,
  type ImageFileInfo,
  type ImageFileType,
  type ImageInfo,
  type ImageMimeType,
  isAnimatedImage,
  isImageComplete,
  readGifInfo,
  readImageFileInfo,
  readImageInfo,
  sniffImageFileType,
  sniffImageType,
} from "./image/image-format.js";
export type { ImageMetadata, MetadataKind, MetadataWrite } from "./image/image-metadata.js";
export { withGainMapOf } from "./image/jpeg-gain-map.js";
export { describeMetadata, readImageMetadata, writeImageMetadata } from "./image/metadata-transfer.js";
export { type PreparedUpload, type PrepareUploadOptions, prepareUpload } from "./image/prepare-upload.js";
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
  imageTypeOfName,
  looksLikeResult,
  resultFileName,
  resultImageType,
  scaleSuffix,
  upsampleSuffix,
} from "./jobs/result-file-name.js";
// Batches
export { type BatchOptions, type BatchResult, runBatch, wasNotStarted } from "./jobs/run-batch.js";
export {
  createTaskLedger,
  type LedgerEntry,
  type LedgerStorage,
  memoryLedgerStorage,
  type TaskLedger,
} from "./jobs/task-ledger.js";
// Running a provider
export { type UpscaleOptions, upscale } from "./jobs/upscale.js";
// Midjourney (GPTunnel)
export {
  createMidjourneyClient,
  DEFAULT_GPTUNNEL_BASE_URL,
  type MidjourneyClient,
  type MidjourneyClientOptions,
  type MidjourneyImageIndex,
} from "./midjourney/midjourney-client.js";
export {
  imagineAndWait,
  MIDJOURNEY_MAX_IN_FLIGHT,
  type MidjourneyFlowOptions,
  resumeMidjourneyTask,
  taskImageName,
  upsampleAndWait,
  type VariationFlowOptions,
  variationAndWait,
} from "./midjourney/midjourney-flows.js";
export { readMidjourneyTaskId, writeMidjourneyTaskId } from "./midjourney/midjourney-png-task-id.js";
export { isMidjourneyTaskId, type MidjourneyTask, midjourneyTaskIdSchema } from "./midjourney/midjourney-schemas.js";
export { interpretMidjourneyTask } from "./midjourney/midjourney-task-status.js";
export {
  type MidjourneyImage,
  type WaitForMidjourneyImageOptions,
  waitForMidjourneyImage,
} from "./midjourney/wait-for-midjourney-image.js";
// Errors
export {
  ApiError,
  abortError,
  InputError,
  isUpscaleError,
  NetworkError,
  TaskError,
  UpscaleError,
  type UpscaleErrorCode,
} from "./outcome/errors.js";
export { type FailureContext, type FailureReport, failureReport, type NextStep } from "./outcome/failure-report.js";
export { canResumeTask } from "./outcome/resumable.js";
// Polling any vendor task (advanced: the Midjourney waiters are built on it)
export {
  type PollProgress,
  type PollTaskOptions,
  pollTask,
  type StallInfo,
  type TaskSnapshot,
} from "./polling/poll-task.js";
// Cancellation and time
export { type Cancellation, type CancelSignal, createCancellation } from "./runtime/cancellation.js";
export { type Clock, systemClock } from "./runtime/clock.js";
export { raceAbort } from "./runtime/race-abort.js";
