import { mayHaveTransparency } from "./alpha-channel.js";
import { readImageEncoding } from "./image-encoding.js";
import { type ImageFileType, type ImageMimeType, sniffImageFileType } from "./image-format.js";

// Lossless sources keep every pixel as PNG; photos stay a reasonable size as JPEG (a 12-megapixel photo as PNG
// is over most upload limits); anything that may be transparent needs a type with alpha.
const LOSSLESS: readonly ImageMimeType[] = ["image/png", "image/webp", "image/jpeg"];
const PHOTO: readonly ImageMimeType[] = ["image/jpeg", "image/webp", "image/png"];
const TRANSPARENT: readonly ImageMimeType[] = ["image/png", "image/webp"];

/**
 * What to convert an image into when a provider or platform does not take its type: one of `accepted`, chosen
 * to lose nothing visible — PNG for lossless sources (TIFF, BMP, GIF, a rendered SVG), JPEG for photos (HEIC,
 * AVIF, lossy WebP), PNG or WebP for anything with transparency. `undefined` when it needs no conversion, or when
 * nothing accepted would keep it (a transparent image for a JPEG-only target).
 */
export function conversionTarget(bytes: Uint8Array, accepted: readonly ImageFileType[]): ImageMimeType | undefined {
  const type = sniffImageFileType(bytes);
  if (type === undefined || accepted.includes(type)) return undefined;
  const preferred = mayHaveTransparency(bytes, type) ? TRANSPARENT : isPhoto(bytes, type) ? PHOTO : LOSSLESS;
  return preferred.find((candidate) => accepted.includes(candidate));
}

function isPhoto(bytes: Uint8Array, type: ImageFileType): boolean {
  if (type === "image/webp") {
    const encoding = readImageEncoding(bytes);
    return encoding?.mimeType === "image/webp" && !encoding.lossless;
  }
  return type === "image/jpeg" || type === "image/heic" || type === "image/heif" || type === "image/avif";
}
