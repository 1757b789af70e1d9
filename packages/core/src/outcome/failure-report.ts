import { isUpscaleError, type UpscaleErrorCode } from "./errors.js";
import { canResumeTask } from "./resumable.js";

/**
 * What the user can do about a failure, in one vocabulary every app renders (a button, a command, advice):
 * - `set-key`: the key is missing or refused;
 * - `resume`: a paid task exists and can still be finished, free (`taskId` says which);
 * - `retry`: the same call again — `retryCharges` says whether that is billed;
 * - `fix-settings`: the request or an address is wrong (open the settings);
 * - `top-up`: the vendor balance is too low;
 * - `none`: nothing a button can do: read the message (a refused image, a safety check, a call that may already
 *   have been charged, a cancel).
 */
export type NextStep = "set-key" | "resume" | "retry" | "fix-settings" | "top-up" | "none";

/** What `failureReport` says about one failure: what to show, and what the user can do next. */
export interface FailureReport {
  /** The core's code, or `UNEXPECTED` for anything that is not an `UpscaleError`. */
  code: UpscaleErrorCode | "UNEXPECTED";
  message: string;
  next: NextStep;
  /** With `next: "retry"`: doing it sends a billed call again (the failed one was not charged). */
  retryCharges: boolean;
  /** The failed call was charged ("yes") or may have been ("maybe"): never offered again as a free retry. */
  charged?: "maybe" | "yes";
  /** Only when resuming it can work. */
  taskId?: string;
  /** A result paid for but not downloaded: its short-lived link, to show, open or copy. */
  resultUrl?: string;
}

export interface FailureContext {
  /** The call that failed charges per call (the provider's `capabilities.charges`, a Midjourney imagine). */
  billed: boolean;
  /** Masks secrets in the message (an app's own keys). */
  redact?: (text: string) => string;
}

// Failures that can go away by themselves: sending the same call again may succeed.
const TRANSIENT: ReadonlySet<string> = new Set(["NETWORK", "SERVER_ERROR", "RATE_LIMITED", "TIMEOUT", "BAD_RESPONSE"]);
const SETTINGS: ReadonlySet<string> = new Set(["INVALID_REQUEST", "NOT_FOUND", "UNKNOWN_PROVIDER"]);

/**
 * The one place that decides, from any error, what the user can do next and whether it may charge again. No app
 * decides retry or resume by itself: a call that may have reached the vendor and been charged is never offered as
 * a retry, a paid task is resumed rather than submitted again, and a paid link is carried to the user.
 */
export function failureReport(error: unknown, context: FailureContext): FailureReport {
  const redact = context.redact ?? ((text: string) => text);
  if (!isUpscaleError(error)) {
    const message =
      error instanceof Error && error.message !== "" ? error.message : `Something went wrong: ${String(error)}`;
    // An unknown failure of a billed call may have happened after the vendor took it: no blind retry.
    return {
      code: "UNEXPECTED",
      message: redact(message),
      next: context.billed ? "none" : "retry",
      retryCharges: false,
    };
  }
  const report: FailureReport = { code: error.code, message: redact(error.message), next: "none", retryCharges: false };
  if (error.charged !== undefined) report.charged = error.charged;
  if (error.resultUrl !== undefined) report.resultUrl = error.resultUrl;
  if (canResumeTask(error)) {
    report.taskId = error.taskId;
    report.next = "resume";
  } else if (error.code === "AUTH") {
    report.next = "set-key";
  } else if (error.code === "INSUFFICIENT_BALANCE") {
    report.next = "top-up";
  } else if (error.charged !== undefined) {
    // Paid (or maybe paid) and not resumable: no button can help — the message (and any paid link) says what to do.
    report.next = "none";
  } else if (SETTINGS.has(error.code)) {
    report.next = "fix-settings";
  } else if (TRANSIENT.has(error.code) && error.charged === undefined && error.taskId === undefined) {
    report.next = "retry";
    report.retryCharges = context.billed;
  }
  return report;
}
