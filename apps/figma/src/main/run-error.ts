import type { FailureReport } from "@upscale/core";
import type { RunError } from "../shared/messages.js";

/** A message with nothing to do about it: a cancel, a layer deleted while upscaling. */
export function notice(message: string): RunError {
  return { message, next: "none", retryCharges: false };
}

/**
 * The report a batch ends with: the first failure that allows no retry (one that may have been charged, a
 * missing key…), else the first. So "Retry" is offered only when every failure in it may be sent again.
 */
export function batchError(reports: readonly FailureReport[]): FailureReport | undefined {
  return reports.find((report) => report.next !== "retry") ?? reports[0];
}
