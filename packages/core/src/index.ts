/**
 * `@upscale/core`, the app API: what an app (our CLI, VS Code extension and Figma plugin, or yours) calls to upscale
 * images, and the ports it implements in return (`ResultStore`, `LedgerStorage`, a renderer of `JobEvent`s). Each
 * name is used by one of our apps or documented for outside users; the section comments say which are the latter.
 *
 * Two subpaths hold the rest of the public surface:
 * - `@upscale/core/provider-kit`: for implementers of a provider, an image codec or a transport, and for work on
 *   image bytes — the provider port and its input checks, abort helpers, the errors to throw, the codec port, image
 *   types and facts, fitting to a platform's limits, metadata transfer, the task poller.
 * - `@upscale/core/vendor-facts`: what the vendor APIs are, as plain constants without zod — Ideogram v2's models,
 *   factors, strengths and tiers, base URLs, size limits.
 *
 * Anything else (the request pipeline, the providers and flows behind `createIdeogramModelProvider` and
 * `runMidjourneyJob`, PNG chunks…) is internal and may change.
 */
// biome-ignore-all assist/source/organizeImports: grouped by topic, each group under the comment that describes it

// Running jobs: "these inputs" → "results kept". The app gives a plan (names), a ResultStore and an event renderer.
export type { JobEvent, JobsSummary } from "./jobs/job-events.js";
export type {
  JobSource,
  JobSubject,
  KeptImage,
  PlannedResult,
  ResultPlan,
  ResultSlot,
  ResultStore,
  ResultTarget,
} from "./jobs/job-ports.js";
export { runUpscaleJobs, type UpscaleJobsOptions } from "./jobs/run-upscale-jobs.js";
// The type a plan promises and a kept image has (the rest of the image vocabulary is in the provider kit).
export type { ImageMimeType } from "./image/image-format.js";
// Any number of core calls within a limit, results in order (the CLI resumes Ideogram generations with it).
export { runBatch } from "./jobs/run-batch.js";

// One image without the pipeline's naming and store: for outside users (both READMEs' quick starts, `@upscale/local`).
export { upscale } from "./jobs/upscale.js";
export type { UpscaleProvider, UpscaleResult } from "./jobs/provider.js";

// Result names, decided before anything is paid for; the mark that tells a result by its content (the CLI's folders).
export { DEFAULT_NAME_TEMPLATE, expandNameTemplate } from "./jobs/name-template.js";
export { numberedFileName } from "./jobs/numbered-file-name.js";
export {
  imageTypeOfName,
  looksLikeResult,
  resultFileName,
  resultImageType,
  upsampleSuffix,
} from "./jobs/result-file-name.js";
export { isToolOutput, markToolOutput } from "./image/tool-output-mark.js";

// Outcomes: from any error, what the user can do next and whether it may charge again.
export { type FailureReport, failureReport } from "./outcome/failure-report.js";
// `isUpscaleError` is for outside users: a type guard for a `catch`. The subclasses, to throw, are in the provider kit.
export { isUpscaleError, UpscaleError } from "./outcome/errors.js";

// Ledger: paid tasks recorded the moment they exist, settled once kept, offered to resume. `memoryLedgerStorage` is
// for outside users and tests with nothing to persist.
export {
  createTaskLedger,
  type LedgerEntry,
  type LedgerStorage,
  memoryLedgerStorage,
  type TaskLedger,
} from "./jobs/task-ledger.js";
export { decodeLedgerTarget, encodeLedgerTarget } from "./jobs/ledger-target.js";

// Ideogram: one provider for every model (v2 and legacy v1), the request each model takes, price quotes, and
// generations left unfinished. The models' facts (labels, factors, strengths, tiers) are in vendor-facts.
export {
  createIdeogramModelProvider,
  IDEOGRAM_LEGACY_MODEL,
  IDEOGRAM_MODELS,
  type IdeogramModel,
} from "./ideogram/ideogram-model-provider.js";
export type { IdeogramClientOptions } from "./ideogram/ideogram-connection.js";
export {
  describeIdeogramRequest,
  type IdeogramModelChoices,
  ideogramModelName,
  ideogramModelRequest,
} from "./ideogram/ideogram-model-request.js";
export { ideogramV2Capabilities } from "./ideogram/ideogram-v2-provider.js";
export { checkIdeogramV2Request, type IdeogramV2UpscaleRequest } from "./ideogram/ideogram-v2-request.js";
export { type IdeogramUpscaleRequest, ideogramUpscaleRequestSchema } from "./ideogram/ideogram-schemas.js";
export {
  createIdeogramV2Client,
  type IdeogramPriceQuote,
  type IdeogramV2Client,
} from "./ideogram/ideogram-v2-client.js";
export { formatPrice, type IdeogramBatchQuote, quoteBatch } from "./ideogram/ideogram-quote.js";
export { formatUsd } from "./vendor-facts/usd-micros.js";
export {
  generationImageName,
  type IdeogramResumeJob,
  type IdeogramResumePlan,
  resumeIdeogramJob,
} from "./jobs/resume-ideogram-job.js";
// The v1 client on its own: the relay's tests and benchmark call `/upscale` with it, through the relay and not.
export { createIdeogramClient } from "./ideogram/ideogram-client.js";

// Midjourney (GPTunnel): the client, jobs that keep the image with its task id inside, reading that id back.
export {
  createMidjourneyClient,
  type GptunnelBalance,
  type MidjourneyClient,
  type MidjourneyImageIndex,
} from "./midjourney/midjourney-client.js";
export { describeGptunnelBalance } from "./midjourney/describe-balance.js";
export {
  type MidjourneyAction,
  type MidjourneyJob,
  runMidjourneyJob,
  runMidjourneyJobs,
} from "./jobs/run-midjourney-job.js";
export type { MidjourneyResultPlan } from "./jobs/job-ports.js";
export { taskImageName } from "./midjourney/midjourney-flows.js";
export { readMidjourneyTaskId } from "./midjourney/midjourney-png-task-id.js";
export { isMidjourneyTaskId, midjourneyTaskIdSchema } from "./midjourney/midjourney-schemas.js";
// For a program that drives the client itself (the relay's tests, VS Code's error-message tests): wait for a task's
// image; finish a task in the ledger without submitting it again. Apps run `runMidjourneyJob`, built on them.
export { waitForMidjourneyImage } from "./midjourney/wait-for-midjourney-image.js";
export { resumeMidjourneyTask } from "./midjourney/midjourney-flows.js";

// Transports, cancelling and secrets. `fetchTransport` is for outside users with a fetch of their own (a proxy's).
export { fetchTransport } from "./http/fetch-transport.js";
export { figmaFetchTransport } from "./http/figma-fetch-transport.js";
export type { HttpTransport } from "./http/transport.js";
export { type Cancellation, type CancelSignal, createCancellation } from "./runtime/cancellation.js";
export { createRedactor, redactSecrets } from "./http/redact-secrets.js";
