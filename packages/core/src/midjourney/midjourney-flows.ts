import type { UpscaleProgress } from "../jobs/provider.js";
import type { LedgerEntry, TaskLedger } from "../jobs/task-ledger.js";
import { abortError, InputError, isUpscaleError, TaskError, type UpscaleError } from "../outcome/errors.js";
import { markSettledForGood } from "../outcome/resumable.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import { type Clock, systemClock } from "../runtime/clock.js";
import { raceAbort } from "../runtime/race-abort.js";
import type { MidjourneyClient, MidjourneyImageIndex } from "./midjourney-client.js";
import type { MidjourneyTask } from "./midjourney-schemas.js";
import { interpretMidjourneyTask } from "./midjourney-task-status.js";
import { type MidjourneyImage, waitForMidjourneyImage } from "./wait-for-midjourney-image.js";

/**
 * What an app does with Midjourney, start to finish: submit, record the task, wait, download, settle. The apps
 * add only where the image goes.
 */
export interface MidjourneyFlowOptions {
  /** Stops waiting (the task is left to resume); never interrupts a paid submission already sent. */
  signal?: CancelSignal;
  /** `submitting`, then `waiting` with the task id the moment it exists, then `downloading`. */
  onProgress?: (progress: UpscaleProgress) => void;
  /** How long to wait for the task; default 10 min. The task is left running (TIMEOUT) to resume. */
  deadlineMs?: number;
  clock?: Clock;
  /** Paid tasks are recorded here as soon as their id exists, and settled once their image is kept. */
  ledger?: TaskLedger;
  /** Stored with the ledger entry: what the user asked for (a prompt, a file name). */
  label?: string;
  /** Stored with the ledger entry: where the app puts the image (a file path, a node id). */
  target?: string;
  /**
   * Keeps the image (writes the file, fills the node) before the task is settled, so a failure to keep it leaves
   * the task in the ledger to resume. Without it the task is settled once the image is downloaded.
   */
  save?: (result: MidjourneyImage) => Promise<void>;
  /**
   * A ledger save failed. The flow goes on regardless — the task exists and its image is still wanted — and the
   * ledger saves the change again with its next write.
   */
  onLedgerError?: (error: unknown) => void;
}

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
): Promise<MidjourneyImage> {
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
): Promise<MidjourneyImage> {
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
): Promise<MidjourneyImage> {
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
): Promise<MidjourneyImage> {
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
): Promise<MidjourneyImage> {
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
): Promise<MidjourneyImage> {
  options.onProgress?.({ stage: "waiting", taskId: task.id, percent: task.percent, status: task.status });
  await record(task.id, options, details);
  return waitAndSettle(client, task.id, options);
}

/** Puts a task that exists into the ledger, with what the app said about it. */
async function record(taskId: string, options: MidjourneyFlowOptions, details: EntryDetails): Promise<void> {
  const { ledger, label, target } = options;
  if (ledger === undefined) return;
  const createdAt = (options.clock ?? systemClock).now();
  const entry: LedgerEntry = { taskId, createdAt, ...details };
  if (details.parentId === undefined) delete entry.parentId;
  if (details.index === undefined) delete entry.index;
  if (label !== undefined) entry.label = label;
  if (target !== undefined) entry.target = target;
  await ledger.add(entry).catch((error: unknown) => options.onLedgerError?.(error));
}

async function waitAndSettle(
  client: MidjourneyClient,
  taskId: string,
  options: MidjourneyFlowOptions,
): Promise<MidjourneyImage> {
  const { ledger, onProgress } = options;
  let downloading = false;
  const settle = () => ledger?.settle(taskId).catch((error: unknown) => options.onLedgerError?.(error));
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
  await options.save?.(result);
  await settle();
  return result;
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
