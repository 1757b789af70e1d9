/**
 * The core's public API: everything an app (CLI, VS Code, Figma) needs, named one by one. Anything not here
 * (the request pipeline, URL parsing, multipart, polling schedule, PNG chunks…) is internal and may change.
 */

// Cancellation and time
export { type Cancellation, type CancelSignal, createCancellation } from "./cancellation.js";
export { checkScale, checkUpscaleInput } from "./check-upscale-input.js";
export { type ClientOptions, DEFAULT_KEY_HINT, type RequestOptions } from "./client-options.js";
export { type Clock, systemClock } from "./clock.js";
export { type DownloadedImage, type DownloadImageOptions, downloadImage } from "./download-image.js";
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
} from "./errors.js";
export { fetchTransport } from "./fetch-transport.js";
export { type FigmaFetch, figmaFetchTransport } from "./figma-fetch-transport.js";
export { type FitPlan, fitToLimits, type PlatformLimits, wouldGrow } from "./fit-to-limits.js";
// Ideogram
export {
  createIdeogramClient,
  DEFAULT_IDEOGRAM_BASE_URL,
  IDEOGRAM_MAX_IMAGE_BYTES,
  type IdeogramClient,
  type IdeogramClientOptions,
  type IdeogramSafeImage,
  type IdeogramUpscaleResult,
} from "./ideogram-client.js";
export {
  createIdeogramProvider,
  IDEOGRAM_CAPABILITIES,
  IdeogramDownloadError,
  type IdeogramMeta,
  type IdeogramProviderOptions,
} from "./ideogram-provider.js";
export {
  type IdeogramImageObject,
  type IdeogramUpscaleRequest,
  type IdeogramUpscaleResponse,
  ideogramUpscaleRequestSchema,
} from "./ideogram-schemas.js";
export { applyFitPlan, type ImageCodec } from "./image-codec.js";
// Images: formats, names, platform limits, codecs
export {
  type GifInfo,
  IMAGE_EXTENSIONS,
  IMAGE_TYPE_NAMES,
  type ImageFileType,
  type ImageInfo,
  type ImageMimeType,
  isAnimatedImage,
  isImageComplete,
  readGifInfo,
  readImageInfo,
  sniffImageFileType,
  sniffImageType,
} from "./image-format.js";
// Midjourney (GPTunnel)
export {
  createMidjourneyClient,
  DEFAULT_GPTUNNEL_BASE_URL,
  type MidjourneyClient,
  type MidjourneyClientOptions,
  type MidjourneyImageIndex,
} from "./midjourney-client.js";
export {
  canResumeTask,
  imagineAndWait,
  type MidjourneyFlowOptions,
  resumeMidjourneyTask,
  taskImageName,
  upsampleAndWait,
  type VariationFlowOptions,
  variationAndWait,
} from "./midjourney-flows.js";
export { readMidjourneyTaskId, writeMidjourneyTaskId } from "./midjourney-png-task-id.js";
export {
  createMidjourneyProvider,
  MIDJOURNEY_CAPABILITIES,
  type MidjourneyMeta,
  type MidjourneyProviderOptions,
} from "./midjourney-provider.js";
export { isMidjourneyTaskId, type MidjourneyTask, midjourneyTaskIdSchema } from "./midjourney-schemas.js";
export { interpretMidjourneyTask } from "./midjourney-task-status.js";
// Polling any vendor task (advanced: the Midjourney waiters are built on it)
export {
  type PollProgress,
  type PollTaskOptions,
  pollTask,
  type StallInfo,
  type TaskSnapshot,
} from "./poll-task.js";
export type {
  ProviderCapabilities,
  UpscaleCallOptions,
  UpscaleProgress,
  UpscaleProvider,
  UpscaleResult,
  UpscaleSource,
  UpscaleSourceKind,
} from "./provider.js";
export { ProviderRegistry } from "./provider-registry.js";
export { raceAbort } from "./race-abort.js";
export { createRedactor, redactSecrets } from "./redact-secrets.js";
export {
  imageTypeOfName,
  looksLikeResult,
  resultFileName,
  resultImageType,
  scaleSuffix,
  upsampleSuffix,
} from "./result-file-name.js";
export type { RetryPolicy } from "./retry-policy.js";

// Batches
export { type BatchOptions, type BatchResult, runBatch, wasNotStarted } from "./run-batch.js";
export {
  createTaskLedger,
  type LedgerEntry,
  type LedgerStorage,
  memoryLedgerStorage,
  type TaskLedger,
} from "./task-ledger.js";
// Transports and client configuration
export type { HttpMethod, HttpRequest, HttpResponse, HttpTransport } from "./transport.js";
// Running a provider
export { type UpscaleOptions, upscale } from "./upscale.js";
export {
  type MidjourneyImage,
  type WaitForMidjourneyImageOptions,
  waitForMidjourneyImage,
} from "./wait-for-midjourney-image.js";
