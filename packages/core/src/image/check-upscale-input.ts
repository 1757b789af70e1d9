import type { ProviderCapabilities } from "../jobs/provider.js";
import { InputError } from "../outcome/errors.js";
import { conversionTarget } from "./convert-to.js";
import {
  IMAGE_TYPE_NAMES,
  type ImageFileInfo,
  type ImageFileType,
  imageProblem,
  isAnimatedImage,
  readImageFileInfo,
  sniffImageFileType,
} from "./image-format.js";
import { readPngStructure } from "./png-structure.js";

/**
 * What the input checks need of a provider's capabilities. `ProviderCapabilities` is one; a provider that reads
 * more types than vendors take (the offline one reads AVIF, TIFF…) passes its own list.
 */
export interface InputLimits {
  inputTypes: readonly ImageFileType[];
  maxInputBytes?: number;
  /** Width × height, checked from the header before anything is decoded or sent (decompression bombs). */
  maxInputPixels?: number;
}

/**
 * The checks every provider gets before anything is sent or paid for, the offline one included: the bytes are
 * an image of a type the provider takes, a still, within its size limits, and complete and intact (trailing data
 * after the image is fine). Returns the image's type and size. Throws InputError UNSUPPORTED_IMAGE or
 * IMAGE_TOO_LARGE saying what to do; `providerName` ("Ideogram") makes the limits' messages name whose they are.
 */
export function checkUpscaleInput(
  bytes: Uint8Array,
  capabilities: InputLimits,
  providerName = "this provider",
): ImageFileInfo {
  if (bytes.length === 0) {
    throw new InputError("UNSUPPORTED_IMAGE", "The file is empty (0 bytes). Pick the image file itself and try again.");
  }
  const type = sniffImageFileType(bytes);
  if (type === undefined) {
    throw new InputError(
      "UNSUPPORTED_IMAGE",
      `This file is not a ${typeList(capabilities.inputTypes)} image. Convert it to PNG and try again.`,
    );
  }
  const name = IMAGE_TYPE_NAMES[type];
  if (isAnimatedImage(bytes)) throw animated(bytes, type);
  if (!capabilities.inputTypes.includes(type)) {
    const target = conversionTarget(bytes, capabilities.inputTypes);
    throw new InputError(
      "UNSUPPORTED_IMAGE",
      `${capitalised(providerName)} takes ${typeList(capabilities.inputTypes)} images, not ${name}. ` +
        `Convert it to ${target === undefined ? "one of those" : IMAGE_TYPE_NAMES[target]} and try again.`,
    );
  }
  const info = readImageFileInfo(bytes);
  if (info === undefined || (info.width === undefined && type !== "image/svg+xml")) {
    const problem = imageProblem(bytes, type);
    throw damaged(name, problem?.why ?? "its header cannot be read", problem?.cutShort === true);
  }
  checkLimits(bytes.length, info, capabilities, providerName);
  // After the limits: a file padded past a limit is better told it is too large than that it is damaged.
  const problem = imageProblem(bytes, type);
  if (problem !== undefined) throw damaged(name, problem.why, problem.cutShort);
  return info;
}

function checkLimits(size: number, info: ImageFileInfo, limits: InputLimits, providerName: string): void {
  const { maxInputBytes, maxInputPixels } = limits;
  if (maxInputBytes !== undefined && size > maxInputBytes) {
    throw new InputError(
      "IMAGE_TOO_LARGE",
      `The image is ${megabytes(size)} MB; ${providerName} takes at most ${megabytes(maxInputBytes)} MB. ` +
        "Save it smaller (e.g. as JPEG, or scaled down) and try again.",
    );
  }
  const { width = 0, height = 0 } = info;
  if (maxInputPixels !== undefined && width * height > maxInputPixels) {
    throw new InputError(
      "IMAGE_TOO_LARGE",
      `The image is ${width}×${height} (${megapixels(width * height)} MP); ${providerName} takes at most ` +
        `${megapixels(maxInputPixels)} MP. Scale it down and try again.`,
    );
  }
}

function animated(bytes: Uint8Array, type: ImageFileType): InputError {
  const name = IMAGE_TYPE_NAMES[type];
  const animation = type === "image/png" ? readPngStructure(bytes).animation : undefined;
  // An APNG's still image may be no frame of its animation: the picture people see is then not that still.
  const why =
    animation !== undefined && !animation.stillIsFirstFrame
      ? "viewers show its animation, and its still image is not part of it: upscaling would return a picture " +
        "people never saw."
      : "upscaling it would keep only its first frame.";
  return new InputError(
    "UNSUPPORTED_IMAGE",
    `This ${name} is animated: ${why} Save the frame you want as a PNG and upscale that.`,
  );
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

function damaged(name: string, why: string, cutShort: boolean): InputError {
  const what = cutShort ? "cut short" : "damaged";
  return new InputError("UNSUPPORTED_IMAGE", `This ${name} image is ${what} (${why}). Export or download it again.`);
}

function typeList(types: readonly ImageFileType[]): string {
  const names = types.map((type) => IMAGE_TYPE_NAMES[type]);
  return names.length === 0 ? "no" : names.join(", ").replace(/, ([^,]*)$/, " or $1");
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Rounded up, so an image just over a limit never reads as exactly the limit. */
export function megabytes(bytes: number): string {
  return String(Math.ceil((bytes / (1024 * 1024)) * 10) / 10);
}

function megapixels(pixels: number): string {
  return (pixels / 1_000_000).toFixed(1).replace(/\.0$/, "");
}
