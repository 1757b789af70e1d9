import { ApiError, canResumeTask, IdeogramDownloadError, isUpscaleError, NetworkError } from "@upscale/core";
import { FileError } from "./cli-errors.js";
import type { JobResult } from "./job.js";
import { escapeJsonControls } from "./terminal-text.js";

export interface ErrorDetails {
  code: string;
  message: string;
  /** The vendor task to resume; absent when there is nothing left to resume (it failed, GPTunnel does not know it). */
  taskId?: string;
  /** A result that was paid for but not downloaded: its (short-lived) link, to fetch it by hand. */
  resultUrl?: string;
}

/** `{code, message}` for any failure: the core's and the CLI's errors keep their code. */
export function describeError(error: unknown): ErrorDetails {
  if (error instanceof IdeogramDownloadError) {
    return { code: error.code, message: ideogramDownloadMessage(error), resultUrl: error.resultUrl };
  }
  if (isUpscaleError(error)) {
    return error.taskId !== undefined && canResumeTask(error)
      ? { code: error.code, message: error.message, taskId: error.taskId }
      : { code: error.code, message: error.message };
  }
  if (error instanceof FileError) return { code: error.code, message: error.message };
  return { code: "UNEXPECTED", message: error instanceof Error ? error.message : String(error) };
}

/** Said the CLI's way: the link is printed beside it, and repeating the upscale is spelled with `--seed`. */
function ideogramDownloadMessage(error: IdeogramDownloadError): string {
  const cause = error.cause;
  const why =
    error.code === "BAD_RESPONSE"
      ? "what came back was not a complete image"
      : cause instanceof ApiError
        ? `HTTP ${cause.status}${cause.code === "NOT_FOUND" ? ": the link has expired or was removed" : ""}`
        : cause instanceof NetworkError
          ? "the connection failed or timed out"
          : error.code;
  const again =
    error.seed === undefined ? "upscale again" : `upscale again with --seed ${error.seed} for the same result`;
  return (
    `Ideogram upscaled the image and charged for it, but the result could not be downloaded (${why}). ` +
    `Download it from its link now (it is short-lived), or ${again} (charged again).`
  );
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
