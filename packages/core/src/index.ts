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
  type IdeogramClient,
  type IdeogramSafeImage,
  type IdeogramUpscaleResult,
} from "./ideogram/ideogram-client.js";
export type { IdeogramClientOptions } from "./ideogram/ideogram-connection.js";
// Ideogram v2: models, price quotes, generations that survive a crash
export {
  type IdeogramGenerationOptions,
  type IdeogramGenerationResult,
  type IdeogramV2Meta,
  resumeIdeogramGeneration,
  upscaleWithIdeogram,
} from "./ideogram/ideogram-generation.js";
export {
  createIdeogramModelProvider,
  IDEOGRAM_LEGACY_MODEL,
  IDEOGRAM_MODELS,
  type IdeogramModel,
  type IdeogramModelProviderOptions,
} from "./ideogram/ideogram-model-provider.js";
export {
  describeIdeogramRequest,
  type IdeogramModelChoices,
  ideogramModelName,
  ideogramModelRequest,
} from "./ideogram/ideogram-model-request.js";
export {
  createIdeogramProvider,
  IDEOGRAM_CAPABILITIES,
  IdeogramDownloadError,
  type IdeogramMeta,
  type IdeogramProviderOptions,
} from "./ideogram/ideogram-provider.js";
export { formatPrice, type IdeogramBatchQuote, quoteBatch, quoteUpscale } from "./ideogram/ideogram-quote.js";
export {
  type IdeogramImageObject,
  type IdeogramUpscaleRequest,
  type IdeogramUpscaleResponse,
  ideogramUpscaleRequestSchema,
} from "./ideogram/ideogram-schemas.js";
export {
  createIdeogramV2Client,
  type IdeogramGeneration,
  type IdeogramPriceQuote,
  type IdeogramSubmission,
  type IdeogramV2Client,
  type IdeogramV2Image,
} from "./ideogram/ideogram-v2-client.js";
export {
  createIdeogramV2Provider,
  type IdeogramV2ProviderOptions,
  ideogramV2Capabilities,
} from "./ideogram/ideogram-v2-provider.js";
export { checkIdeogramV2Request, type IdeogramV2UpscaleRequest } from "./ideogram/ideogram-v2-request.js";
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
export { isToolOutput, markToolOutput, TOOL_OUTPUT_MARK } from "./image/tool-output-mark.js";
export type { JobEvent, JobsSummary } from "./jobs/job-events.js";
export type {
  JobSource,
  JobSubject,
  KeptImage,
  MidjourneyResultPlan,
  PlannedResult,
  ResultPlan,
  ResultSlot,
  ResultStore,
  ResultTarget,
} from "./jobs/job-ports.js";
export { decodeLedgerTarget, encodeLedgerTarget } from "./jobs/ledger-target.js";
export { DEFAULT_NAME_TEMPLATE, expandNameTemplate } from "./jobs/name-template.js";
export { numberedFileName } from "./jobs/numbered-file-name.js";
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
export {
  generationImageName,
  type IdeogramResumeJob,
  type IdeogramResumeOptions,
  type IdeogramResumePlan,
  resumeIdeogramJob,
} from "./jobs/resume-ideogram-job.js";
// Batches
export { type BatchOptions, type BatchResult, runBatch, wasNotStarted } from "./jobs/run-batch.js";
export {
  type MidjourneyAction,
  type MidjourneyJob,
  type MidjourneyJobOptions,
  type MidjourneyJobsOptions,
  runMidjourneyJob,
  runMidjourneyJobs,
} from "./jobs/run-midjourney-job.js";
export { runUpscaleJobs, type UpscaleJobsOptions } from "./jobs/run-upscale-jobs.js";
export { stageWords } from "./jobs/stage-words.js";
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
export { describeGptunnelBalance } from "./midjourney/describe-balance.js";
export {
  createMidjourneyClient,
  type GptunnelBalance,
  type MidjourneyClient,
  type MidjourneyClientOptions,
  type MidjourneyImageIndex,
} from "./midjourney/midjourney-client.js";
export {
  imagineAndWait,
  MIDJOURNEY_MAX_IN_FLIGHT,
  type MidjourneyFlowOptions,
  type MidjourneyFlowResult,
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
// Vendor facts the apps configure with and show (all of them: `@upscale/core/vendor-facts`)
export { DEFAULT_GPTUNNEL_BASE_URL } from "./vendor-facts/gptunnel.js";
export {
  DEFAULT_IDEOGRAM_BASE_URL,
  IDEOGRAM_MAX_IMAGE_BYTES,
  IDEOGRAM_MAX_INPUT_PIXELS,
} from "./vendor-facts/ideogram.js";
export {
  ENHANCEMENT_STRENGTHS,
  type EnhancementStrength,
  IDEOGRAM_V2_MAX_IMAGE_BYTES,
  IDEOGRAM_V2_MAX_OUTPUT_SIDE,
  IDEOGRAM_V2_MODEL_IDS,
  IDEOGRAM_V2_MODELS,
  type IdeogramV2Factor,
  type IdeogramV2Model,
  type IdeogramV2ModelFacts,
  RESOLUTION_TIERS,
  type ResolutionTier,
} from "./vendor-facts/ideogram-v2.js";
export { formatUsd } from "./vendor-facts/usd-micros.js";
