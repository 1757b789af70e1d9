import { UpscaleError } from "../outcome/errors.js";
import { mayHaveTransparency } from "./alpha-channel.js";
import type { ImageCodec } from "./image-codec.js";
import { IMAGE_TYPE_NAMES, type ImageInfo, isImageComplete, readImageInfo } from "./image-format.js";
import type { MetadataKind } from "./image-metadata.js";
import {
  describeMetadata,
  metadataForResult,
  metadataKinds,
  readImageMetadata,
  withoutKinds,
  writeImageMetadata,
} from "./metadata-transfer.js";

export interface RestoreOptions {
  /** `prepareUpload`'s `orientation`: what the result's pixels still need (default 1, upright). */
  orientation?: number;
  /** "strip": the result keeps only the colour profile and density (default "keep"). */
  metadata?: "keep" | "strip";
}

export interface RestoredResult extends ImageInfo {
  bytes: Uint8Array;
  /** The input's metadata the result now carries. */
  kept: MetadataKind[];
  /** The input's metadata it does not: stripped on request, or its format has no place for it. */
  dropped: MetadataKind[];
  /** What the user should know about the result ("transparency put back", "SDR only"…). */
  notes: string[];
}

/**
 * Gives a result back what came in with the input: its EXIF (orientation normalised, pixel size updated), XMP,
 * IPTC, comments and density — or, with `metadata: "strip"`, says what it leaves out — and, when the input is
 * transparent and the result is not (or less so), the input's alpha scaled to the result's size. Works on any
 * result (a vendor's, or the offline provider's own); notes say what could not be kept.
 */
export async function restoreFromInput(
  input: Uint8Array,
  result: Uint8Array,
  codec?: ImageCodec,
  options: RestoreOptions = {},
): Promise<RestoredResult> {
  const info = readImageInfo(result);
  if (info === undefined || !isImageComplete(result, info.mimeType)) {
    throw new UpscaleError("BAD_RESPONSE", "The result is not a complete PNG, JPEG or WebP image.");
  }
  const orientation = options.orientation ?? 1;
  const notes: string[] = [];
  const pixels = await restoreAlpha(input, result, info, codec, orientation, notes);
  const metadata = readImageMetadata(input);
  const keep = options.metadata !== "strip";
  const written = writeImageMetadata(
    pixels,
    metadataForResult(metadata, { orientation, width: info.width, height: info.height, keep }),
  );
  const present = metadataKinds(metadata);
  const kept = withoutKinds(present, keep ? ["trailer", ...written.notCarried] : present);
  if (written.notCarried.length > 0) {
    notes.push(
      `${capitalised(describeMetadata(written.notCarried))} from the input could not be kept in the ` +
        `${IMAGE_TYPE_NAMES[info.mimeType]} result.`,
    );
  }
  if (metadata.gainMap && !readImageMetadata(written.bytes).gainMap) {
    notes.push("The input is an HDR photo (it has a gain map); the result is SDR only.");
  }
  if (metadata.motionPhoto) notes.push("The input is a Motion Photo; the result keeps the photo, not its video.");
  const dropped = present.filter((kind) => !kept.includes(kind));
  return { ...info, bytes: written.bytes, kept, dropped, notes };
}

/** Less transparency than this share of the input's counts as lost (resampling moves edges a little). */
const TRANSPARENCY_KEPT = 0.9;

async function restoreAlpha(
  input: Uint8Array,
  result: Uint8Array,
  info: ImageInfo,
  codec: ImageCodec | undefined,
  orientation: number,
  notes: string[],
): Promise<Uint8Array> {
  if (!mayHaveTransparency(input)) return result;
  const { transparency, withAlpha } = codec ?? {};
  const before = transparency === undefined ? undefined : await transparency.call(codec, input);
  if (before === 0) return result;
  if (info.mimeType === "image/jpeg") {
    const is = before === undefined ? "may be" : "is";
    notes.push(`The input ${is} transparent, and a JPEG result cannot be: choose PNG or WebP output to keep it.`);
    return result;
  }
  if (before === undefined || transparency === undefined || withAlpha === undefined || orientation !== 1) {
    if (!mayHaveTransparency(result, info.mimeType)) {
      notes.push("The input may be transparent but the result is not, and this platform cannot put transparency back.");
    }
    return result;
  }
  const after = await transparency.call(codec, result);
  if (after >= before * TRANSPARENCY_KEPT) return result;
  const restored = await withAlpha.call(codec, result, input);
  const check = readImageInfo(restored);
  if (check?.mimeType !== info.mimeType || check.width !== info.width || check.height !== info.height) {
    throw new UpscaleError("BAD_RESPONSE", "The image codec did not return the result with its transparency back.");
  }
  notes.push(
    after === 0
      ? "The upscaler returned the image without its transparency; the input's transparency was put back."
      : "The upscaler returned the image with less transparency than the input; the input's was put back.",
  );
  return restored;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
