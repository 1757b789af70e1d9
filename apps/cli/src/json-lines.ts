import type { FailureReport, IdeogramPriceQuote, KeptImage } from "@upscale/core";
import { USD_MICROS } from "@upscale/core/vendor-facts";
import { escapeJsonControls } from "./terminal-text.js";

/**
 * `{input, output, provider, width, height, ms}`, plus `costUsd` (what the vendor billed, where it says) and
 * `taskId` (Midjourney tasks, resumed Ideogram generations).
 */
export function successRecord(
  input: string,
  output: string,
  provider: string,
  image: Pick<KeptImage, "width" | "height" | "taskId" | "costUsd">,
  ms: number,
): Record<string, unknown> {
  const { width, height, taskId, costUsd } = image;
  const record: Record<string, unknown> = { input, output, provider, width, height, ms: Math.round(ms) };
  if (costUsd !== undefined) record.costUsd = costUsd;
  if (taskId !== undefined) record.taskId = taskId;
  return record;
}

/** `{input, skipped: reason}`: an input a folder or glob held that was not processed. */
export function skippedRecord(input: string, reason: string): Record<string, unknown> {
  return { input, skipped: reason };
}

/** `--quote`: `{input, model, priceUsd, upperBoundUsd, qualifier, provider}`, in dollars. */
export function quoteRecord(
  input: string,
  model: string,
  quote: Pick<IdeogramPriceQuote, "usdMicros" | "upperBoundUsdMicros" | "qualifier">,
  provider: string,
): Record<string, unknown> {
  // upperBoundUsd: the most it can cost (the price itself when the quote is exact).
  const { usdMicros, upperBoundUsdMicros, qualifier } = quote;
  const [priceUsd, upperBoundUsd] = [usdMicros / USD_MICROS, upperBoundUsdMicros / USD_MICROS];
  return { input, model, priceUsd, upperBoundUsd, qualifier, provider };
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
