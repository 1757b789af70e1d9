import { InputError } from "../outcome/errors.js";
import { IMAGE_TYPE_NAMES, type ImageFileType, type ImageMimeType } from "./image-format.js";

/** What a platform can take: Figma's canvas, at most 4096 px per side, in PNG, JPEG or GIF. */
export interface PlatformLimits {
  maxSide?: number;
  acceptedTypes?: readonly ImageFileType[];
}

/** What to do with an image so the platform takes it; `resized`/`converted` false means keep it as it is. */
export interface FitPlan {
  width: number;
  height: number;
  mimeType: ImageMimeType;
  resized: boolean;
  converted: boolean;
  /** Sentences for the user, e.g. "Scaled down from 6000×4000 to 4096×2731 to fit 4096 px per side." */
  notes: string[];
}

/** The types the core's codecs write, best first: lossless, then the smallest lossy one. */
const CONVERSION_TARGETS: readonly ImageMimeType[] = ["image/png", "image/jpeg", "image/webp"];

/**
 * Pure: from an image's size and type (e.g. an upscale's result, or its expected size before paying) and the
 * platform's limits, the size and type to give it. Aspect ratio is kept; sides are rounded, never below 1 px.
 */
export function fitToLimits(
  image: { width: number; height: number; mimeType: ImageMimeType },
  limits: PlatformLimits,
): FitPlan {
  const notes: string[] = [];
  const { width, height } = fittedSize(image, limits.maxSide);
  const resized = width !== image.width || height !== image.height;
  if (resized) {
    notes.push(
      `Scaled down from ${image.width}×${image.height} to ${width}×${height} to fit ${limits.maxSide} px per side.`,
    );
  }
  let mimeType = image.mimeType;
  const accepted = limits.acceptedTypes;
  if (accepted !== undefined && !accepted.includes(mimeType)) {
    const target = CONVERSION_TARGETS.find((type) => accepted.includes(type));
    if (target === undefined) {
      throw new InputError(
        "INVALID_REQUEST",
        `The platform takes only ${accepted.map((type) => IMAGE_TYPE_NAMES[type]).join(", ") || "no images"}, which no codec here writes.`,
      );
    }
    notes.push(
      `Converted from ${IMAGE_TYPE_NAMES[mimeType]} to ${IMAGE_TYPE_NAMES[target]}, which the platform takes.`,
    );
    mimeType = target;
  }
  return { width, height, mimeType, resized, converted: mimeType !== image.mimeType, notes };
}

/**
 * Before paying: whether upscaling by `scale` would give a larger image once fitted to the limits. False when
 * the image already fills them (e.g. 4096 px wide on Figma's canvas): the upscale would be paid for and lost.
 */
export function wouldGrow(input: { width: number; height: number }, scale: number, limits: PlatformLimits): boolean {
  const expected = { width: Math.round(input.width * scale), height: Math.round(input.height * scale) };
  const fitted = fittedSize(expected, limits.maxSide);
  return fitted.width > input.width || fitted.height > input.height;
}

function fittedSize(size: { width: number; height: number }, maxSide: number | undefined) {
  const longest = Math.max(size.width, size.height);
  if (maxSide === undefined || longest <= maxSide) return { width: size.width, height: size.height };
  if (!(maxSide >= 1)) throw new InputError("INVALID_REQUEST", `maxSide must be at least 1 px, got ${maxSide}.`);
  const factor = Math.floor(maxSide) / longest;
  return {
    width: Math.min(Math.floor(maxSide), Math.max(1, Math.round(size.width * factor))),
    height: Math.min(Math.floor(maxSide), Math.max(1, Math.round(size.height * factor))),
  };
}
