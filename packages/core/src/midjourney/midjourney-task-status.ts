import type { TaskSnapshot } from "../polling/poll-task.js";
import type { MidjourneyTask } from "./midjourney-schemas.js";

/**
 * GPTunnel documents only `idle` and `done`. The failure strings are what clients in the wild check for;
 * nobody has confirmed them, so they live here, where a wrong guess is a one-line change. Any other status
 * counts as still running: the deadline, and a non-null `error`, are what stop an unknown one.
 */
export const MIDJOURNEY_DONE_STATUSES: ReadonlySet<string> = new Set(["done"]);
export const MIDJOURNEY_FAILED_STATUSES: ReadonlySet<string> = new Set(["failed", "error", "cancelled", "canceled"]);

/** Vendor error text can be anything (a string, an object, a whole HTML page): keep messages readable. */
const MAX_ERROR_TEXT = 300;

export function interpretMidjourneyTask(task: MidjourneyTask): TaskSnapshot {
  const status = task.status.trim().toLowerCase();
  const error = errorText(task.error);
  const state =
    error !== undefined || MIDJOURNEY_FAILED_STATUSES.has(status)
      ? "failed"
      : MIDJOURNEY_DONE_STATUSES.has(status)
        ? "done"
        : "running";
  return { state, percent: task.percent, vendorStatus: task.status, error };
}

/** The vendor's error as text, or undefined when there is none (null, or an empty string). */
function errorText(error: unknown): string | undefined {
  if (error === null || error === undefined || error === "") return undefined;
  const text =
    typeof error === "string"
      ? error
      : typeof error === "object" && "message" in error && typeof error.message === "string"
        ? error.message
        : JSON.stringify(error);
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}
