import { hasAscii } from "./bytes.js";
import { type ImageFileType, sniffImageFileType } from "./image-format.js";
import { walkPngChunks } from "./png-chunks.js";
import { readPngHeader } from "./png-structure.js";

// The auxiliary-image type HEIF and AVIF store an alpha plane under.
const HEIF_ALPHA = "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha";

/**
 * Whether the header says the image can hold transparency — an alpha channel, a PNG tRNS chunk, a HEIF alpha
 * plane, a GIF or an SVG. Only decoding says whether any pixel actually is transparent.
 */
export function mayHaveTransparency(
  bytes: Uint8Array,
  type: ImageFileType | undefined = sniffImageFileType(bytes),
): boolean {
  switch (type) {
    case "image/png": {
      const header = readPngHeader(bytes);
      if (header === undefined) return false;
      return (
        header.colourType === 4 ||
        header.colourType === 6 ||
        walkPngChunks(bytes, false).chunks.some((c) => c.type === "tRNS")
      );
    }
    case "image/webp":
      // VP8X's alpha flag, or a simple lossless file's "alpha is used" bit after its 14-bit width and height.
      if (hasAscii(bytes, 12, "VP8X")) return ((bytes[20] as number) & 0x10) !== 0;
      return hasAscii(bytes, 12, "VP8L") && (((bytes[24] as number) >> 4) & 1) === 1;
    case "image/gif":
    case "image/svg+xml":
      return true;
    case "image/avif":
    case "image/heic":
    case "image/heif":
      return containsAscii(bytes, HEIF_ALPHA);
    default:
      return false;
  }
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  for (let at = bytes.indexOf(first); at >= 0; at = bytes.indexOf(first, at + 1)) {
    if (hasAscii(bytes, at, text)) return true;
  }
  return false;
}
