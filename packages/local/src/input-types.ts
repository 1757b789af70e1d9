import type { ImageFileType } from "@upscale/core/provider-kit";
import sharp from "sharp";

/**
 * Whether this sharp build decodes HEIC (HEVC): sharp's prebuilt binaries carry an AV1 decoder only, and say so
 * by listing just ".avif" for HEIF input; a build on a libvips with libde265 lists ".heic" too.
 */
export const READS_HEIC = sharp.format.heif?.input.fileSuffix?.includes(".heic") === true;

/**
 * What the offline provider reads: PNG, JPEG and WebP, and what sharp reads besides — AVIF, TIFF, a still GIF,
 * HEIC where the build decodes it. Results are written as PNG, JPEG or WebP.
 */
export const LOCAL_INPUT_TYPES: readonly ImageFileType[] = [
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/avif",
  "image/tiff",
  "image/gif",
  ...(READS_HEIC ? (["image/heic", "image/heif"] as const) : []),
];
