import { checkScale } from "../image/check-upscale-input.js";
import type { ImageCodec } from "../image/image-codec.js";
import { isImageComplete, readImageInfo } from "../image/image-format.js";
import { abortError, UpscaleError } from "../outcome/errors.js";
import { type PreparedInput, prepareInput } from "./prepare-input.js";
import type { UpscaleCallOptions, UpscaleProvider, UpscaleResult, UpscaleSource } from "./provider.js";
import { restoreResult } from "./restore-result.js";

export interface UpscaleOptions<M extends object = Record<string, unknown>> extends UpscaleCallOptions {
  /** Its result's `meta` is typed by it. */
  provider: UpscaleProvider<M>;
  /**
   * The platform's pixel work (`sharpCodec` in Node): turns a vendor's upload upright, converts a type it does
   * not take, puts transparency it dropped back. Without one, metadata is still left out and put back, but the
   * orientation is only restored as a tag, and neither conversion nor transparency happen.
   */
  codec?: ImageCodec;
  /** Send EXIF, XMP and IPTC to a vendor too (the user opted in). By default only the colour profile and density. */
  sendMetadata?: boolean;
}

/**
 * One image through a provider, without the job pipeline's naming and store (`runUpscaleJobs` runs this for each
 * input). It checks what no provider should have to (the source is an image the provider accepts — complete,
 * still, within its limits — at a scale it offers; the result is really an image) and reports the result's true
 * type and size.
 *
 * A vendor is sent the pixels people see and nothing personal (`prepareUpload`); its result gets the input's
 * metadata, density and transparency back (`restoreFromInput`, or only the colour profile with `metadata:
 * "strip"`). A provider that does this itself (`capabilities.keepsInputMetadata`) gets the file as it is.
 * `notes` say what the user should know (what was not sent, what could not be kept).
 */
export async function upscale<M extends object = Record<string, unknown>>(
  source: UpscaleSource,
  options: UpscaleOptions<M>,
): Promise<UpscaleResult<M> & { notes: string[] }> {
  const { provider, codec, metadata } = options;
  checkScale(provider.id, provider.capabilities, options.scale);
  const prepared = await prepareInput(source.bytes, provider, options);
  const result = await upscalePrepared(prepared, options);
  const restored = await restoreResult(result, prepared, { codec, metadata });
  return { ...result, bytes: restored.bytes, notes: [...prepared.notes, ...result.notes, ...restored.notes] };
}

/**
 * Sends an input `prepareInput` made ready (the same checks for every provider were made there, before anything
 * is uploaded or paid for), at a scale already checked, and checks what comes back: its true type and size, and
 * its `notes`.
 */
export async function upscalePrepared<M extends object>(
  prepared: PreparedInput,
  options: UpscaleCallOptions & { provider: UpscaleProvider<M> },
): Promise<UpscaleResult<M> & { notes: string[] }> {
  const { signal, onProgress, scale, metadata, task, provider } = options;
  if (signal?.aborted) throw abortError(signal);

  const result = await provider.upscale({ bytes: prepared.upload }, { signal, onProgress, scale, metadata, task });
  const info = readImageInfo(result.bytes);
  if (info === undefined || !isImageComplete(result.bytes, info.mimeType)) {
    throw new UpscaleError(
      "BAD_RESPONSE",
      `The ${provider.id} provider returned something that is not a complete PNG, JPEG or WebP image.`,
    );
  }
  onProgress?.({ stage: "done", percent: 100, taskId: stringMeta((result.meta as { taskId?: unknown }).taskId) });
  return { ...result, ...info, notes: result.notes ?? [] };
}

function stringMeta(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
