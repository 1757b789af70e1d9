import { InputError } from "@upscale/core/provider-kit";
import { type LocalOutputFormat, MAX_OUTPUT_SIDE } from "./output-format.js";

/**
 * 2^28 pixels (16384 × 16384: a 4096 × 4096 image at 4×). The whole result is held in memory, raw and encoded,
 * so this keeps one upscale within about 2.2 GB of memory (measured: BENCHMARKS.md).
 */
export const MAX_OUTPUT_PIXELS = 16_384 * 16_384;

/** The smallest factor is 2, so a larger input could never fit; sharp refuses it before decoding (decompression bombs). */
export const MAX_INPUT_PIXELS = MAX_OUTPUT_PIXELS / 4;

export function megapixels(pixels: number): string {
  return `${Math.round(pixels / 1e6)} megapixels`;
}

/** Throws IMAGE_TOO_LARGE, before any pixel is decoded, when the result would be absurd or unwritable. */
export function checkOutputSize(width: number, height: number, format: LocalOutputFormat): void {
  const pixels = width * height;
  if (pixels > MAX_OUTPUT_PIXELS) {
    throw new InputError(
      "IMAGE_TOO_LARGE",
      `The result would be ${width}×${height} (${megapixels(pixels)}), over the local provider's limit of ` +
        `${megapixels(MAX_OUTPUT_PIXELS)}. Use a smaller scale, or crop or shrink the image first.`,
    );
  }
  const maxSide = MAX_OUTPUT_SIDE[format];
  if (Math.max(width, height) > maxSide) {
    throw new InputError(
      "IMAGE_TOO_LARGE",
      `The result would be ${width}×${height}, but ${format.toUpperCase()} images can be at most ${maxSide} pixels ` +
        `on a side. Choose PNG output or a smaller scale.`,
    );
  }
}
