import type { CancelSignal } from "../runtime/cancellation.js";
import { type Clock, systemClock } from "../runtime/clock.js";
import type { UpscaleProgress } from "./provider.js";
import type { LedgerEntry, TaskLedger } from "./task-ledger.js";

/**
 * How a paid vendor task — an Ideogram generation, a Midjourney task — is run and recorded: the same for every
 * vendor, so a paid task survives a crash the same way whoever made it.
 */
export interface PaidTaskOptions {
  /** Stops waiting (the task is left to resume); never interrupts a paid submission already sent. */
  signal?: CancelSignal;
  /** `submitting`, then `waiting` with the task's id the moment it exists, then `downloading`. */
  onProgress?: (progress: UpscaleProgress) => void;
  /** How long to wait for the task; default 10 min. It is left running (TIMEOUT), to resume. */
  deadlineMs?: number;
  clock?: Clock;
  /** The task is recorded here as soon as its id exists, and settled once it needs nothing more. */
  ledger?: TaskLedger;
  /** Stored with the ledger entry: what the user asked for (a prompt, a file name). */
  label?: string;
  /** Stored with the ledger entry: where the app puts the image (`encodeLedgerTarget`). */
  target?: string;
  /**
   * The caller keeps the image and then settles the task (the result's `settle`), so a crash or a failure between
   * the download and the keeping leaves it to resume. Otherwise it is settled once downloaded.
   */
  settleWhenKept?: boolean;
  /** A ledger save failed; the work goes on (the task exists) and the ledger saves again with its next write. */
  onLedgerError?: (error: unknown) => void;
}

/** What a paid task's flow gives back with its image. */
export interface PaidTaskResult {
  /**
   * With `settleWhenKept`: takes the task out of the ledger. Call it once the image is kept; until then it stays
   * there, to resume for free. Never rejects (a ledger error goes to `onLedgerError`).
   */
  settle?: () => Promise<void>;
}

/** Puts a task that now exists into the ledger, with what the app said about it; a failed save is reported. */
export async function recordPaidTask(
  details: Omit<LedgerEntry, "createdAt" | "label" | "target">,
  options: PaidTaskOptions,
): Promise<void> {
  const { ledger, label, target } = options;
  if (ledger === undefined) return;
  const entry: LedgerEntry = { ...details, createdAt: (options.clock ?? systemClock).now() };
  if (label !== undefined) entry.label = label;
  if (target !== undefined) entry.target = target;
  await ledger.add(entry).catch((error: unknown) => options.onLedgerError?.(error));
}

/** Takes the task out of the ledger; never rejects (a failed save is reported). */
export function paidTaskSettler(taskId: string, options: PaidTaskOptions): () => Promise<void> {
  return async () => {
    await options.ledger?.settle(taskId).catch((error: unknown) => options.onLedgerError?.(error));
  };
}

/** A downloaded result: settled now, or — with `settleWhenKept` — handed over with its `settle`. */
export async function settledOrHandedOver<R extends PaidTaskResult>(
  result: R,
  settle: () => Promise<void>,
  options: PaidTaskOptions,
): Promise<R> {
  if (options.settleWhenKept === true) return { ...result, settle };
  await settle();
  return result;
}
