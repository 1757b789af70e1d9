import { isUpscaleError } from "@upscale/core";
import { FileError } from "./cli-errors.js";
import type { JobResult } from "./job.js";
import { escapeJsonControls } from "./terminal-text.js";

export interface ErrorDetails {
  code: string;
  message: string;
  /** The vendor task the failure concerns, to resume. */
  taskId?: string;
}

/** `{code, message}` for any failure: the core's and the CLI's errors keep their code. */
export function describeError(error: unknown): ErrorDetails {
  if (isUpscaleError(error)) {
    return error.taskId === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, taskId: error.taskId };
  }
  if (error instanceof FileError) return { code: error.code, message: error.message };
  return { code: "UNEXPECTED", message: error instanceof Error ? error.message : String(error) };
}

/** `{input, output, provider, width, height, ms}` (+ `taskId` for Midjourney). */
export function successRecord(input: string, result: JobResult, ms: number): Record<string, unknown> {
  const { output, provider, width, height, taskId } = result;
  const record = { input, output, provider, width, height, ms: Math.round(ms) };
  return taskId === undefined ? record : { ...record, taskId };
}

/** `{input, error: {code, message}}` (+ `error.taskId` when a task can be resumed). */
export function failureRecord(input: string, error: unknown): Record<string, unknown> {
  return { input, error: describeError(error) };
}

export function jsonLine(record: Record<string, unknown>): string {
  return `${escapeJsonControls(JSON.stringify(record))}\n`;
}
