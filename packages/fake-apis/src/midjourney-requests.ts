/**
 * The documented request bodies of GPTunnel's Midjourney endpoints, checked field by field. A problem comes
 * back as a sentence for `invalid_request_error`, naming the field and what it must be.
 */
import { GPTUNNEL_TASK_ID_PATTERN } from "@upscale/core/vendor-facts";
import type { Checked } from "./checked.js";

export type QuadrantIndex = 1 | 2 | 3 | 4;

export function parseJsonObject(text: string): Checked<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return { ok: true, value: value as Record<string, unknown> };
    }
  } catch {
    // Reported below, like any other non-object body.
  }
  return { ok: false, message: "The request body must be a JSON object." };
}

export function checkTaskId(value: unknown, where = "taskId"): Checked<string> {
  if (value === undefined || value === null || value === "") return fail(`${where} is required.`);
  if (typeof value !== "string" || !GPTUNNEL_TASK_ID_PATTERN.test(value))
    return fail(`${where} must be a task id (24 hex characters).`);
  return { ok: true, value };
}

export function parseImagine(body: Record<string, unknown>): Checked<{ prompt: string }> {
  const { prompt, useWalletBalance } = body;
  if (typeof prompt !== "string" || prompt.trim() === "") return fail("prompt is required: a non-empty string.");
  if (useWalletBalance !== undefined && typeof useWalletBalance !== "boolean") {
    return fail("useWalletBalance must be true or false.");
  }
  return { ok: true, value: { prompt } };
}

export function parseUpsample(body: Record<string, unknown>): Checked<{ taskId: string; image: QuadrantIndex }> {
  const taskId = checkTaskId(body.taskId);
  if (!taskId.ok) return taskId;
  const image = checkImage(body.image);
  if (!image.ok) return image;
  if (image.value === undefined) return fail("image is required: 1, 2, 3 or 4.");
  return { ok: true, value: { taskId: taskId.value, image: image.value } };
}

export interface VariationRequest {
  taskId: string;
  image: QuadrantIndex | undefined;
  mode: "high" | "low" | undefined;
}

/** Whether `image` or `mode` is required depends on the parent, so that check is left to the route. */
export function parseVariation(body: Record<string, unknown>): Checked<VariationRequest> {
  const taskId = checkTaskId(body.taskId);
  if (!taskId.ok) return taskId;
  const image = checkImage(body.image);
  if (!image.ok) return image;
  const { mode } = body;
  if (mode !== undefined && mode !== "high" && mode !== "low") return fail('mode must be "high" or "low".');
  return { ok: true, value: { taskId: taskId.value, image: image.value, mode } };
}

function checkImage(value: unknown): Checked<QuadrantIndex | undefined> {
  if (value === undefined) return { ok: true, value: undefined };
  if (value === 1 || value === 2 || value === 3 || value === 4) return { ok: true, value };
  return fail("image must be the number 1, 2, 3 or 4 (the grid quadrant).");
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
