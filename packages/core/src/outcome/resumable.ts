import { isUpscaleError, type UpscaleError } from "./errors.js";

// The errors after which a flow settled their task for good. Kept beside them, not read off their code: an
// expired image link (resume for a fresh one) and a task GPTunnel does not know can both be NOT_FOUND.
const settledForGood = new WeakSet<UpscaleError>();

/** A flow found the task of `error` gone for good (failed, or unknown to the vendor) and settled it. */
export function markSettledForGood(error: UpscaleError): void {
  settledForGood.add(error);
}

/**
 * Whether resuming the task `error` names can still finish it: it has a `taskId`, the task did not fail, and
 * no flow found the vendor not to know it. Offer "resume" (a button, a command, a `taskId` field) only then.
 */
export function canResumeTask(error: unknown): boolean {
  return (
    isUpscaleError(error) && error.taskId !== undefined && error.code !== "TASK_FAILED" && !settledForGood.has(error)
  );
}
