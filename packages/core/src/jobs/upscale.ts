import { checkScale, checkUpscaleInput } from "../image/check-upscale-input.js";
import { isImageComplete, readImageInfo } from "../image/image-format.js";
import { abortError, UpscaleError } from "../outcome/errors.js";
import type { UpscaleCallOptions, UpscaleProvider, UpscaleResult, UpscaleSource } from "./provider.js";

export interface UpscaleOptions<M extends object = Record<string, unknown>> extends UpscaleCallOptions {
  /** Its result's `meta` is typed by it. */
  provider: UpscaleProvider<M>;
}

/**
 * The one entry every app calls. It checks what no provider should have to (the source is an image the
 * provider accepts — complete, still, within its limits — at a scale it offers; the result is really an image)
 * and reports the result's true type and size.
 */
export async function upscale<M extends object = Record<string, unknown>>(
  source: UpscaleSource,
  options: UpscaleOptions<M>,
): Promise<UpscaleResult<M>> {
  const { signal, onProgress, scale, task, provider } = options;
  checkScale(provider.id, provider.capabilities, scale);
  // The same local checks for every provider, before anything is uploaded or paid for.
  checkUpscaleInput(source.bytes, provider.capabilities);
  if (signal?.aborted) throw abortError(signal);

  const result = await provider.upscale(source, { signal, onProgress, scale, task });
  const info = readImageInfo(result.bytes);
  if (info === undefined || !isImageComplete(result.bytes, info.mimeType)) {
    throw new UpscaleError(
      "BAD_RESPONSE",
      `The ${provider.id} provider returned something that is not a complete PNG, JPEG or WebP image.`,
    );
  }
  onProgress?.({ stage: "done", percent: 100, taskId: stringMeta((result.meta as { taskId?: unknown }).taskId) });
  return { ...result, ...info };
}

function stringMeta(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
