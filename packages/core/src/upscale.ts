import { checkScale, checkUpscaleInput } from "./check-upscale-input.js";
import { abortError, InputError, UpscaleError } from "./errors.js";
import { isImageComplete, readImageInfo } from "./image-format.js";
import {
  sourceKind,
  type UpscaleCallOptions,
  type UpscaleProvider,
  type UpscaleResult,
  type UpscaleSource,
} from "./provider.js";
import type { ProviderRegistry } from "./provider-registry.js";

export interface UpscaleOptions<M extends object = Record<string, unknown>> extends UpscaleCallOptions {
  /** A provider (its result's `meta` is typed by it), or its id in `registry`. */
  provider: UpscaleProvider<M> | string;
  registry?: ProviderRegistry;
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
  const { signal, onProgress, scale } = options;
  const provider = resolveProvider(options);
  const kind = sourceKind(source);
  if (!provider.accepts.includes(kind)) {
    const what = kind === "bytes" ? "an image file" : "a Midjourney task";
    throw new InputError("INVALID_REQUEST", `The ${provider.id} provider cannot upscale ${what}.`);
  }
  checkScale(provider.id, provider.capabilities, scale);
  // The same local checks for every provider, before anything is uploaded or paid for.
  if ("bytes" in source) checkUpscaleInput(source.bytes, provider.capabilities);
  if (signal?.aborted) throw abortError(signal);

  const result = await provider.upscale(source, { signal, onProgress, scale });
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

function resolveProvider<M extends object>(options: UpscaleOptions<M>): UpscaleProvider<M> {
  if (typeof options.provider !== "string") return options.provider;
  if (options.registry === undefined) {
    throw new UpscaleError(
      "UNKNOWN_PROVIDER",
      `Provider "${options.provider}" was named without a registry to find it in.`,
    );
  }
  // Found by id, a provider's meta type is whatever the caller named (the default: a plain record).
  return options.registry.get(options.provider) as unknown as UpscaleProvider<M>;
}

function stringMeta(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
