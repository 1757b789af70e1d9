import { applyFitPlan, type ImageCodec } from "../image/image-codec.js";
import { IMAGE_EXTENSIONS, IMAGE_TYPE_NAMES, type ImageMimeType } from "../image/image-format.js";
import { markToolOutput } from "../image/tool-output-mark.js";
import { fileNameParts } from "./file-name-parts.js";
import type { KeptImage } from "./job-ports.js";

/** An image as it came back: its true type and size. */
export interface ArrivedImage {
  bytes: Uint8Array;
  mimeType: ImageMimeType;
  width: number;
  height: number;
}

/**
 * A result (perhaps paid for) as it will be kept: converted to the type its name promised (encoded like
 * `encodeLike`, the input, where the codec can), or — when there is no codec, or converting fails (a side too
 * long for WebP, say) — kept as it came, under the same stem with its own extension, with a note saying so. A
 * result is never discarded for its type.
 */
export async function keepPaidResult(
  image: ArrivedImage,
  promised: { fileName: string; mimeType: ImageMimeType },
  codec: ImageCodec | undefined,
  encodeLike?: Uint8Array,
): Promise<KeptImage> {
  const { width, height } = image;
  if (image.mimeType === promised.mimeType) return { ...image, fileName: promised.fileName, notes: [] };
  const kept = `Kept as ${IMAGE_TYPE_NAMES[image.mimeType]}`;
  let why = `nothing here converts it to ${IMAGE_TYPE_NAMES[promised.mimeType]}`;
  if (codec !== undefined) {
    const plan = { width, height, mimeType: promised.mimeType, resized: false, converted: true, notes: [] };
    try {
      const bytes = await applyFitPlan(image.bytes, plan, codec, encodeLike);
      return { bytes, mimeType: promised.mimeType, width, height, fileName: promised.fileName, notes: [] };
    } catch (error) {
      why = `converting it to ${IMAGE_TYPE_NAMES[promised.mimeType]} failed (${messageOf(error)})`;
    }
  }
  return {
    ...image,
    fileName: `${fileNameParts(promised.fileName).stem}.${IMAGE_EXTENSIONS[image.mimeType]}`,
    notes: [`${kept}: ${why}.`],
  };
}

/** The vendor's id for the result's task and what it was billed, when the provider's meta says (Ideogram v2). */
export function withPaidFacts(image: KeptImage, meta: object): KeptImage {
  const { generationId, taskId, costUsd } = meta as { generationId?: unknown; taskId?: unknown; costUsd?: unknown };
  const id = typeof generationId === "string" ? generationId : taskId;
  const kept: KeptImage = { ...image };
  if (typeof id === "string") kept.taskId = id;
  if (typeof costUsd === "number") kept.costUsd = costUsd;
  return kept;
}

/**
 * The result with this toolkit's mark (`markToolOutput`), so a later run over its folder knows it by its content,
 * whatever its name — written here, in the one path every app keeps an upscale through. As it is should marking
 * fail: a result (perhaps paid for) is never given up for its mark.
 */
export function withToolMark(image: KeptImage): KeptImage {
  try {
    return { ...image, bytes: markToolOutput(image.bytes) };
  } catch {
    return image;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\.$/, "") : String(error);
}
