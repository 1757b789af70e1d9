import type { DownloadedImage } from "../http/download-image.js";
import {
  type PaidTaskOptions,
  type PaidTaskResult,
  paidTaskSettler,
  recordPaidTask,
  settledOrHandedOver,
} from "../jobs/paid-task.js";
import { abortError, isUpscaleError, TaskError, type UpscaleError } from "../outcome/errors.js";
import { markSettledForGood } from "../outcome/resumable.js";
import { noPercentPollSchedule } from "../polling/poll-schedule.js";
import { pollTask, type TaskSnapshot, withTaskId } from "../polling/poll-task.js";
import { raceAbort } from "../runtime/race-abort.js";
import type { IdeogramV2Model } from "../vendor-facts/ideogram-v2.js";
import { checkGenerationId, type IdeogramGeneration, type IdeogramV2Client } from "./ideogram-v2-client.js";
import type { IdeogramV2UpscaleRequest } from "./ideogram-v2-request.js";

/**
 * Paid Ideogram v2 work that survives a crash: submit an async generation, record its id in the ledger the moment
 * it exists, poll it, download at once (links live 24 h), settle — or let the caller settle it once it has kept
 * the image (`settleWhenKept`). Resuming polls the same id and never submits.
 */

/** What a v2 result keeps from Ideogram's answer. */
export interface IdeogramV2Meta {
  generationId: string;
  /** Unknown for a generation resumed by id alone. */
  model?: IdeogramV2Model;
  /** What Ideogram billed for it, in US dollars (`usage_cost_usd_micros` / 10⁶). */
  costUsd?: number;
  /** The same, exactly, for adding up. */
  costUsdMicros?: number;
  /** Repeats the same upscale. */
  seed?: number;
  prompt?: string;
  /** The input's size, `WxH`. */
  resolution?: string;
  width?: number;
  height?: number;
}

export interface IdeogramGenerationResult extends PaidTaskResult {
  generationId: string;
  image: DownloadedImage;
  meta: IdeogramV2Meta;
}

/** How a generation is run and recorded: the options of every paid task. */
export type IdeogramGenerationOptions = PaidTaskOptions;

/** Billed: upscales `image` as an async generation, then waits for it, downloads it and settles it. */
export async function upscaleWithIdeogram(
  client: IdeogramV2Client,
  image: Uint8Array,
  request: IdeogramV2UpscaleRequest,
  options: IdeogramGenerationOptions = {},
): Promise<IdeogramGenerationResult> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortError(signal);
  onProgress?.({ stage: "submitting" });
  // No signal: a cancel mid-upload could leave a billed generation whose id never arrives. A cancel during it
  // takes effect once the id is recorded.
  const { generationId } = await client.submitUpscale(image, request);
  await recordPaidTask({ taskId: generationId, vendor: "ideogram", kind: "upscale" }, options);
  onProgress?.({ stage: "waiting", status: "pending", taskId: generationId });
  return waitAndSettle(client, generationId, options, request.model ?? "auto");
}

/**
 * Waits for a generation submitted earlier (after a cancel, a timeout, a crash) and downloads its image. Never
 * submits anything, so it never pays again; it settles the generation in the ledger like `upscaleWithIdeogram`.
 */
export async function resumeIdeogramGeneration(
  client: IdeogramV2Client,
  generationId: string,
  options: IdeogramGenerationOptions = {},
): Promise<IdeogramGenerationResult> {
  return waitAndSettle(client, checkGenerationId(generationId), options, undefined);
}

function interpretGeneration(generation: IdeogramGeneration): TaskSnapshot {
  const vendorStatus = generation.status;
  if (vendorStatus === "completed") return { state: "done", vendorStatus };
  if (vendorStatus === "failed") return { state: "failed", vendorStatus, error: generation.failureReason };
  return { state: "running", vendorStatus };
}

async function waitAndSettle(
  client: IdeogramV2Client,
  generationId: string,
  options: IdeogramGenerationOptions,
  model: IdeogramV2Model | undefined,
): Promise<IdeogramGenerationResult> {
  const { signal, onProgress } = options;
  const settle = paidTaskSettler(generationId, options);
  let last: IdeogramGeneration | undefined;
  let generation: IdeogramGeneration;
  try {
    generation = await pollTask({
      taskId: generationId,
      fetchStatus: async (pollSignal) => {
        last = await client.generation(generationId, { signal: pollSignal });
        return last;
      },
      interpret: interpretGeneration,
      signal,
      clock: options.clock,
      deadlineMs: options.deadlineMs,
      schedule: noPercentPollSchedule,
      onProgress: ({ status }) => onProgress?.({ stage: "waiting", status, taskId: generationId }),
    });
  } catch (error) {
    if (!isGoneForGood(error)) throw error;
    markSettledForGood(error);
    await settle();
    throw error.code === "TASK_FAILED" ? failedError(generationId, last?.failureReason, error) : error;
  }

  const meta = metaOf(generation, model);
  const image = generation.images[0];
  if (image !== undefined && !image.isImageSafe) {
    // Billed all the same: nothing to resume, and never a free retry.
    await settle();
    const cost = meta.costUsd === undefined ? "" : ` ($${meta.costUsd})`;
    throw new TaskError(
      "UNSAFE_CONTENT",
      `Ideogram generation ${generationId}: charged${cost}, withheld by Ideogram's safety check. Upscaling it again ` +
        "is charged again; try a different image.",
      { charged: "yes" },
    );
  }
  if (image?.url === undefined) {
    throw new TaskError(
      "BAD_RESPONSE",
      `Ideogram reports generation ${generationId} as completed but gives no image link. Resume it later; if that ` +
        "keeps happening, ask Ideogram support about this generation.",
      { taskId: generationId, charged: "yes" },
    );
  }
  onProgress?.({ stage: "downloading", taskId: generationId });
  let downloaded: DownloadedImage;
  try {
    downloaded = await raceAbort(client.download(image.url, { signal }), signal, generationId);
  } catch (error) {
    throw await downloadError(error, generationId, image.url, settle);
  }
  const result: IdeogramGenerationResult = { generationId, image: downloaded, meta };
  return settledOrHandedOver(result, settle, options);
}

/** Nothing left to resume: the generation failed, or Ideogram does not know it. */
function isGoneForGood(error: unknown): error is UpscaleError {
  return isUpscaleError(error) && (error.code === "TASK_FAILED" || error.code === "NOT_FOUND");
}

function failedError(generationId: string, reason: string | undefined, cause: UpscaleError): TaskError {
  const why = reason === undefined ? "no reason given" : reason;
  const error = new TaskError(
    "TASK_FAILED",
    `Ideogram generation ${generationId} failed: ${why}. Upscaling again submits (and pays for) a new generation.`,
    { cause, taskId: generationId },
  );
  markSettledForGood(error);
  return error;
}

/**
 * The generation is paid for but its image was not downloaded. While its link lives, resuming reads the same
 * link again (free); once the link has expired (NOT_FOUND), nothing can bring the image back.
 */
async function downloadError(
  error: unknown,
  generationId: string,
  resultUrl: string,
  settle: () => Promise<void>,
): Promise<unknown> {
  if (!isUpscaleError(error)) return error;
  if (error.code === "ABORTED") return withTaskId(error, generationId);
  const expired = error.code === "NOT_FOUND";
  if (expired) await settle();
  const advice = expired
    ? "Its link has expired (they live 24 hours): upscaling again is charged again."
    : "Resume it to download it again while its link lives (24 hours); that is free.";
  return new TaskError(
    error.code,
    `Ideogram generation ${generationId} completed and was charged, but its image was not downloaded: ` +
      `${error.message} ${advice}`,
    { cause: error, taskId: expired ? undefined : generationId, charged: "yes", resultUrl },
  );
}

function metaOf(generation: IdeogramGeneration, model: IdeogramV2Model | undefined): IdeogramV2Meta {
  const meta: IdeogramV2Meta = { generationId: generation.generationId };
  if (model !== undefined) meta.model = model;
  if (generation.costUsdMicros !== undefined) {
    meta.costUsdMicros = generation.costUsdMicros;
    meta.costUsd = generation.costUsdMicros / 1_000_000;
  }
  const image = generation.images[0];
  if (image?.seed !== undefined) meta.seed = image.seed;
  if (image?.prompt !== undefined) meta.prompt = image.prompt;
  if (image?.resolution !== undefined) meta.resolution = image.resolution;
  if (image?.width !== undefined) meta.width = image.width;
  if (image?.height !== undefined) meta.height = image.height;
  return meta;
}
