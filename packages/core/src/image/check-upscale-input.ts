import type { ProviderCapabilities } from "../jobs/provider.js";
import { InputError } from "../outcome/errors.js";
import {
  IMAGE_TYPE_NAMES,
  type ImageInfo,
  isAnimatedImage,
  isImageComplete,
  readImageInfo,
  sniffImageFileType,
} from "./image-format.js";

/**
 * The checks every provider gets before anything is sent or paid for, the offline one included: the bytes are
 * an image of a type the provider takes, complete, a still, and within its size limits. Returns the image's
 * type and size. Throws InputError UNSUPPORTED_IMAGE or IMAGE_TOO_LARGE saying what to do.
 */
export function checkUpscaleInput(bytes: Uint8Array, capabilities: ProviderCapabilities): ImageInfo {
  const type = sniffImageFileType(bytes);
  if (type === undefined) {
    throw new InputError(
      "UNSUPPORTED_IMAGE",
      "This file is not a PNG, JPEG or WebP image. Convert it to PNG and try again.",
    );
  }
  const name = IMAGE_TYPE_NAMES[type];
  if (isAnimatedImage(bytes)) {
    throw new InputError(
      "UNSUPPORTED_IMAGE",
      `This ${name} is animated: upscaling it would keep only its first frame. Save the frame you want as a PNG ` +
        "and upscale that.",
    );
  }
  if (type === "image/gif" || !capabilities.inputTypes.includes(type)) {
    throw new InputError(
      "UNSUPPORTED_IMAGE",
      `This provider takes ${typeList(capabilities)} images, not ${name}. Convert it to PNG and try again.`,
    );
  }
  const info = readImageInfo(bytes);
  if (info === undefined) throw damaged(name, "its header cannot be read");
  const { maxInputBytes, maxInputPixels } = capabilities;
  if (maxInputBytes !== undefined && bytes.length > maxInputBytes) {
    throw new InputError(
      "IMAGE_TOO_LARGE",
      `The image is ${megabytes(bytes.length)} MB; this provider takes at most ${megabytes(maxInputBytes)} MB. ` +
        "Save it smaller (e.g. as JPEG, or scaled down) and try again.",
    );
  }
  if (maxInputPixels !== undefined && info.width * info.height > maxInputPixels) {
    throw new InputError(
      "IMAGE_TOO_LARGE",
      `The image is ${info.width}×${info.height} (${megapixels(info.width * info.height)} MP); this provider takes ` +
        `at most ${megapixels(maxInputPixels)} MP. Scale it down and try again.`,
    );
  }
  // After the limits: a file padded past a limit is better told it is too large than that it is damaged.
  if (!isImageComplete(bytes, type)) throw damaged(name, "it stops before its end");
  return info;
}

/**
 * Refuses a `scale` the provider cannot honour, instead of quietly returning another size. `undefined` means
 * the provider's nominal factor.
 */
export function checkScale(providerId: string, capabilities: ProviderCapabilities, scale: number | undefined): void {
  if (scale === undefined || capabilities.scales.includes(scale)) return;
  const allowed = capabilities.scales.map((factor) => `${factor}×`).join(", ");
  const offered =
    allowed === ""
      ? `The ${providerId} provider takes no factor (its output size is set another way; asked for ${String(scale)}×). Leave the factor out.`
      : `The ${providerId} provider upscales by ${allowed} only (asked for ${String(scale)}×). Pick one of those, or another provider.`;
  throw new InputError("INVALID_REQUEST", offered);
}

function damaged(name: string, why: string): InputError {
  return new InputError(
    "UNSUPPORTED_IMAGE",
    `This ${name} image is cut short or damaged (${why}). Export or download it again.`,
  );
}

function typeList(capabilities: ProviderCapabilities): string {
  const names = capabilities.inputTypes.map((type) => IMAGE_TYPE_NAMES[type]);
  return names.length === 0 ? "no" : names.join(", ").replace(/, ([^,]*)$/, " or $1");
}

/** Rounded up, so an image just over a limit never reads as exactly the limit. */
export function megabytes(bytes: number): string {
  return String(Math.ceil((bytes / (1024 * 1024)) * 10) / 10);
}

function megapixels(pixels: number): string {
  return (pixels / 1_000_000).toFixed(1).replace(/\.0$/, "");
}
