import type { FailureReport, KeptImage } from "@upscale/core";
import { escapeJsonControls } from "./terminal-text.js";

/** `{input, output, provider, width, height, ms}` (+ `taskId` for Midjourney). */
export function successRecord(
  input: string,
  output: string,
  provider: string,
  image: Pick<KeptImage, "width" | "height" | "taskId">,
  ms: number,
): Record<string, unknown> {
  const { width, height, taskId } = image;
  const record = { input, output, provider, width, height, ms: Math.round(ms) };
  return taskId === undefined ? record : { ...record, taskId };
}

/**
 * `{input, error: {code, message}}`, plus `taskId` when the task can be resumed and `resultUrl` for a result paid
 * for but not downloaded — as the core's report says. `code` is the CLI's own for its file errors.
 */
export function failureRecord(input: string, code: string, report: FailureReport): Record<string, unknown> {
  const error: Record<string, string> = { code, message: report.message };
  if (report.taskId !== undefined) error.taskId = report.taskId;
  if (report.resultUrl !== undefined) error.resultUrl = report.resultUrl;
  return { input, error };
}

export function jsonLine(record: Record<string, unknown>): string {
  return `${escapeJsonControls(JSON.stringify(record))}\n`;
}
