import { type ImageMimeType, InputError } from "@upscale/core/provider-kit";
import type { Sharp } from "sharp";

export type LocalOutputFormat = "png" | "jpeg" | "webp";

const MIME_TYPES: Readonly<Record<LocalOutputFormat, ImageMimeType>> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
};

export const LOCAL_OUTPUT_FORMATS = Object.keys(MIME_TYPES) as readonly LocalOutputFormat[];

/** It reads what it writes. */
export const LOCAL_INPUT_TYPES: readonly ImageMimeType[] = Object.values(MIME_TYPES);

/**
 * The longest side each encoder writes: JPEG's header field is 16 bits, WebP's 14 bits. PNG allows more, but
 * libpng-based readers refuse images over a million pixels wide by default.
 */
export const MAX_OUTPUT_SIDE: Readonly<Record<LocalOutputFormat, number>> = {
  png: 1_000_000,
  jpeg: 65_535,
  webp: 16_383,
};

/** Rejects a format a caller passed in at run time (from a command line, a settings file). */
export function checkOutputFormat(format: string): LocalOutputFormat {
  const known = LOCAL_OUTPUT_FORMATS.find((candidate) => candidate === format);
  if (known === undefined) {
    throw new InputError(
      "INVALID_REQUEST",
      `Unknown output format "${format}". Choose one of: ${LOCAL_OUTPUT_FORMATS.join(", ")}.`,
    );
  }
  return known;
}

const FORMATS: Readonly<Record<ImageMimeType, LocalOutputFormat>> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/webp": "webp",
};

export function formatOfMimeType(mimeType: ImageMimeType): LocalOutputFormat {
  return FORMATS[mimeType];
}

/** The MIME type of an output format (`--format webp` → `image/webp`). */
export function mimeTypeOf(format: LocalOutputFormat): ImageMimeType {
  return MIME_TYPES[format];
}

/**
 * Sets the encoder. Lossy formats get quality 90 rather than sharp's 80: an upscale is meant to be a final image.
 * JPEG has no alpha, so transparent areas become white (what most viewers show behind them) rather than black.
 */
export function encodeAs(pipeline: Sharp, format: LocalOutputFormat, hasAlpha: boolean): Sharp {
  switch (format) {
    case "png":
      return pipeline.png();
    case "jpeg":
      return (hasAlpha ? pipeline.flatten({ background: "#ffffff" }) : pipeline).jpeg({ quality: 90 });
    case "webp":
      return pipeline.webp({ quality: 90 });
  }
}
