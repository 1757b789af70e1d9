import {
  type PaidTaskOptions,
  type PaidTaskResult,
  paidTaskSettler,
  recordPaidTask,
  settledOrHandedOver,
} from "../jobs/paid-task.js";
import type { LedgerEntry } from "../jobs/task-ledger.js";
import { abortError, InputError, isUpscaleError, TaskError, type UpscaleError } from "../outcome/errors.js";
import { markSettledForGood } from "../outcome/resumable.js";
import { raceAbort } from "../runtime/race-abort.js";
import type { MidjourneyClient, MidjourneyImageIndex } from "./midjourney-client.js";
import type { MidjourneyTask } from "./midjourney-schemas.js";
import { interpretMidjourneyTask } from "./midjourney-task-status.js";
import { type MidjourneyImage, waitForMidjourneyImage } from "./wait-for-midjourney-image.js";

/**
 * What an app does with Midjourney, start to finish: submit, record the task, wait, download, settle. The apps
 * add only where the image goes.
 */
/** How a Midjourney task is run and recorded: the options of every paid task. */
export type MidjourneyFlowOptions = PaidTaskOptions;

/** A flow's image, and — with `settleWhenKept` — how to settle its task once the image is kept. */
export type MidjourneyFlowResult = MidjourneyImage & PaidTaskResult;

export interface VariationFlowOptions extends MidjourneyFlowOptions {
  /** Required for a parent that is an upsampled image: how far the variation may stray. */
  mode?: "high" | "low";
}

/** Midjourney tasks worth running at once: up to 4 keeps within what GPTunnel serves without 429s in practice. */
export const MIDJOURNEY_MAX_IN_FLIGHT = 4;

/** `midjourney-<taskId>.png`: the name a task's own image (a grid, a variation, a resumed task) is saved under. */
export function taskImageName(taskId: string): string {
  return `midjourney-${taskId}.png`;
}

/** Billed: imagines a grid from `prompt`, then waits for it and downloads it. */
export async function imagineAndWait(
  client: MidjourneyClient,
  prompt: string,
  options: MidjourneyFlowOptions = {},
): Promise<MidjourneyFlowResult> {
  return submitAndWait(client, options, { kind: "imagine" }, () => client.imagine(prompt));
}

/**
 * Upscales quadrant `index` of the finished grid `parentTaskId`, then waits and downloads. Not billed twice:
 * GPTunnel answers the same upsample sent again with the same task, so a cancel or a retry loses nothing.
 */
export async function upsampleAndWait(
  client: MidjourneyClient,
  parentTaskId: string,
  index: MidjourneyImageIndex,
  options: MidjourneyFlowOptions = {},
): Promise<MidjourneyFlowResult> {
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  options.onProgress?.({ stage: "submitting" });
  const task = await raceAbort(client.upsample(parentTaskId, index, { signal }), signal);
  return recordAndWait(client, task, options, { kind: "upsample", parentId: task.parentId ?? parentTaskId, index });
}

/**
 * Billed: a variation of `parentTaskId` — of grid image `index`, or of an upsampled image with `options.mode`.
 * The parent is looked at first (free), so a request that cannot succeed is never sent to the paid endpoint.
 */
export async function variationAndWait(
  client: MidjourneyClient,
  parentTaskId: string,
  index: MidjourneyImageIndex | undefined,
  options: VariationFlowOptions = {},
): Promise<MidjourneyFlowResult> {
  const { signal, mode } = options;
  if (signal?.aborted) throw abortError(signal);
  const parent = await client.result(parentTaskId, { signal });
  checkVariationParent(parent, index, mode);
  const entry = { kind: "variation" as const, parentId: parentTaskId, index };
  return submitAndWait(client, options, entry, () => client.variation({ taskId: parentTaskId, image: index, mode }));
}

/**
 * Waits for a task submitted earlier (after a cancel, a timeout, a restart) and downloads its image. Never
 * submits anything, so it never charges; it settles the task in the ledger like the other flows.
 */
export async function resumeMidjourneyTask(
  client: MidjourneyClient,
  taskId: string,
  options: MidjourneyFlowOptions = {},
): Promise<MidjourneyFlowResult> {
  return waitAndSettle(client, taskId, options);
}

type EntryDetails = Pick<LedgerEntry, "kind" | "parentId" | "index">;

/**
 * The paid submission gets no signal: cancelling it mid-flight could charge for a task whose id never arrives.
 * A cancel before it stops it from being sent; one during it takes effect once the id is known and recorded.
 * A submission that failed but names its task (a garbled 2xx answer with an id) is recorded too: it was paid for.
 */
async function submitAndWait(
  client: MidjourneyClient,
  options: MidjourneyFlowOptions,
  entry: EntryDetails,
  submit: () => Promise<MidjourneyTask>,
): Promise<MidjourneyFlowResult> {
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  options.onProgress?.({ stage: "submitting" });
  let task: MidjourneyTask;
  try {
    task = await submit();
  } catch (error) {
    if (isUpscaleError(error) && error.taskId !== undefined) await record(error.taskId, options, entry);
    throw error;
  }
  return recordAndWait(client, task, options, entry);
}

/** A new task: its id reported and recorded the moment it exists, then waited for. */
async function recordAndWait(
  client: MidjourneyClient,
  task: MidjourneyTask,
  options: MidjourneyFlowOptions,
  details: EntryDetails,
): Promise<MidjourneyFlowResult> {
  options.onProgress?.({ stage: "waiting", taskId: task.id, percent: task.percent, status: task.status });
  await record(task.id, options, details);
  return waitAndSettle(client, task.id, options);
}

/** Puts a task that exists into the ledger, with what the app said about it. */
function record(taskId: string, options: MidjourneyFlowOptions, details: EntryDetails): Promise<void> {
  const entry = { taskId, ...details };
  if (details.parentId === undefined) delete entry.parentId;
  if (details.index === undefined) delete entry.index;
  return recordPaidTask(entry, options);
}

async function waitAndSettle(
  client: MidjourneyClient,
  taskId: string,
  options: MidjourneyFlowOptions,
): Promise<MidjourneyFlowResult> {
  const { onProgress } = options;
  let downloading = false;
  const settle = paidTaskSettler(taskId, options);
  let result: MidjourneyImage;
  try {
    result = await waitForMidjourneyImage(client, taskId, {
      signal: options.signal,
      clock: options.clock,
      deadlineMs: options.deadlineMs,
      onProgress: (progress) => {
        if (progress.stage === "downloading") downloading = true;
        onProgress?.(progress);
      },
    });
  } catch (error) {
    if (!downloading && isGoneForGood(error)) {
      markSettledForGood(error);
      await settle();
    }
    throw error;
  }
  return settledOrHandedOver<MidjourneyFlowResult>(result, settle, options);
}

/**
 * Nothing left to resume: the task failed, or GPTunnel does not know it (it answers 400 "not found" for an id it
 * never issued, so a status request's INVALID_REQUEST means that too). Anything else — a cancel, a timeout, a
 * rejected key, an expired image link, a dropped connection — leaves it pending: resuming it later is free.
 */
const GONE_FOR_GOOD: ReadonlySet<string> = new Set(["TASK_FAILED", "NOT_FOUND", "INVALID_REQUEST"]);

function isGoneForGood(error: unknown): error is UpscaleError {
  return isUpscaleError(error) && GONE_FOR_GOOD.has(error.code);
}

function checkVariationParent(
  parent: MidjourneyTask,
  index: MidjourneyImageIndex | undefined,
  mode: "high" | "low" | undefined,
): void {
  const { state } = interpretMidjourneyTask(parent);
  const taskId = parent.id;
  if (state === "failed") {
    throw new TaskError("TASK_FAILED", `Task ${taskId} failed, so it has no image to vary.`, { taskId });
  }
  if (state === "running") {
    throw new TaskError(
      "INVALID_REQUEST",
      `Task ${taskId} is not finished (${parent.status}): wait for it (resume it) before asking for a variation.`,
      { taskId },
    );
  }
  if (parent.type === "upsample" && mode === undefined) {
    throw new InputError(
      "INVALID_REQUEST",
      `Task ${taskId} is an upsampled image: choose the variation mode, high or low.`,
    );
  }
  if (parent.type !== "upsample" && index === undefined) {
    throw new InputError("INVALID_REQUEST", `Task ${taskId} is a grid: choose the image to vary, 1 to 4.`);
  }
}
