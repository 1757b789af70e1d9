import { conversionTarget, type ImageMimeType, InputError, sniffImageType } from "@upscale/core/provider-kit";

export type LocalOutputFormat = "png" | "jpeg" | "webp";

const MIME_TYPES: Readonly<Record<LocalOutputFormat, ImageMimeType>> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
};

export const LOCAL_OUTPUT_FORMATS = Object.keys(MIME_TYPES) as readonly LocalOutputFormat[];

/** The types it writes. */
export const LOCAL_OUTPUT_TYPES: readonly ImageMimeType[] = Object.values(MIME_TYPES);

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
 * The format a result is written in when none is asked for: the input's own when it is PNG, JPEG or WebP,
 * otherwise what the core says keeps it best (JPEG for photos such as HEIC or AVIF, PNG for TIFF, GIF and
 * anything transparent).
 */
export function defaultOutputFormat(input: Uint8Array): LocalOutputFormat {
  const own = sniffImageType(input);
  if (own !== undefined) return FORMATS[own];
  return FORMATS[conversionTarget(input, LOCAL_OUTPUT_TYPES) ?? "image/png"];
}
