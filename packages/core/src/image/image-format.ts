/**
 * Image type and pixel size from the file header alone (no decoding), so every platform can check an image
 * before paying to send it and can trust what it got back.
 */
import { ascii, startsWith, view } from "./bytes.js";
import { type GifInfo, isGif, readGifInfo } from "./gif-format.js";
import { readJpegStructure } from "./jpeg-structure.js";
import { isImageSequence, type OtherImageType, otherImageSize, sniffOtherType } from "./other-formats.js";
import { PNG_SIGNATURE } from "./png-chunks.js";
import { type ImageProblem, readPngHeader, readPngStructure } from "./png-structure.js";
import { readWebpChunks } from "./webp-chunks.js";

export type { GifInfo, ImageProblem, OtherImageType };
export { readGifInfo };

/** The types results are written in and vendors take. */
export type ImageMimeType = "image/png" | "image/jpeg" | "image/webp";

export interface ImageInfo {
  mimeType: ImageMimeType;
  width: number;
  height: number;
}

/** The extension each type is written with (the one place the core maps types and extensions). */
export const IMAGE_EXTENSIONS: Readonly<Record<ImageMimeType, string>> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
};

// Every extension read as an image type, the usual ones above and their variants. A Map: a name like
// "x.constructor" must not find Object's own properties.
const TYPE_BY_EXTENSION: ReadonlyMap<string, ImageMimeType> = new Map([
  ["png", "image/png"],
  ["jpg", "image/jpeg"],
  ["jpeg", "image/jpeg"],
  ["jpe", "image/jpeg"],
  ["webp", "image/webp"],
]);

/** The type a file extension (without its dot, in any case) stands for, if any. */
export function imageTypeOfExtension(extension: string): ImageMimeType | undefined {
  return TYPE_BY_EXTENSION.get(extension.toLowerCase());
}

/** The format by magic bytes; the file name is never trusted. */
export function sniffImageType(bytes: Uint8Array): ImageMimeType | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return "image/webp";
  return undefined;
}

/** Type and size, or `undefined` when the bytes are not a PNG, JPEG or WebP with a readable header. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const mimeType = sniffImageType(bytes);
  const size =
    mimeType === "image/png"
      ? readPngHeader(bytes)
      : mimeType === "image/jpeg"
        ? readJpegStructure(bytes).frame
        : mimeType === "image/webp"
          ? webpSize(bytes, view(bytes))
          : undefined;
  if (mimeType === undefined || size === undefined || size.width <= 0 || size.height <= 0) return undefined;
  return { mimeType, width: size.width, height: size.height };
}

/**
 * Whether the image data is all there: a header alone says nothing about a body cut short by a host, and a cut
 * image must never be saved as a result. Bytes after the image's end (a phone's trailer, a Motion Photo's video)
 * do not count against it. Structure only: checksums are the input checks' business (`checkUpscaleInput`).
 */
export function isImageComplete(bytes: Uint8Array, mimeType: ImageMimeType): boolean {
  return imageProblem(bytes, mimeType, false) === undefined;
}

/**
 * What is wrong with an image's structure — cut short, or damaged, and where — or `undefined`. With `checkCrc`
 * (the default) a PNG's chunk checksums are verified too.
 */
export function imageProblem(bytes: Uint8Array, mimeType: ImageFileType, checkCrc = true): ImageProblem | undefined {
  switch (mimeType) {
    case "image/png":
      return readPngStructure(bytes, checkCrc).problem;
    case "image/jpeg":
      return readJpegStructure(bytes).problem;
    case "image/webp": {
      const file = readWebpChunks(bytes);
      return file?.complete ? undefined : { cutShort: true, why: "it stops before its end" };
    }
    case "image/gif":
      return readGifInfo(bytes)?.complete ? undefined : { cutShort: true, why: "it stops before its end" };
    default:
      return undefined;
  }
}

function webpSize(bytes: Uint8Array, fields: DataView): { width: number; height: number } | undefined {
  if (bytes.length < 30) return undefined;
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8X") {
    const width = 1 + (fields.getUint16(24, true) | ((bytes[26] as number) << 16));
    const height = 1 + (fields.getUint16(27, true) | ((bytes[29] as number) << 16));
    return { width, height };
  }
  if (chunk === "VP8L") {
    if (bytes[20] !== 0x2f) return undefined;
    const bits = fields.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8 ") {
    if (!startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return undefined;
    return { width: fields.getUint16(26, true) & 0x3fff, height: fields.getUint16(28, true) & 0x3fff };
  }
  return undefined;
}

/**
 * Every type the core recognises by its bytes: the three it upscales and writes, GIF (Figma stores GIFs), and
 * formats other tools read (HEIC, AVIF, TIFF, BMP, SVG), which the offline provider may take and which must
 * otherwise be converted rather than sent.
 */
export type ImageFileType = ImageMimeType | "image/gif" | OtherImageType;

export interface ImageFileInfo {
  mimeType: ImageFileType;
  /** From the header; absent for an SVG, whose size depends on how it is rendered. */
  width?: number;
  height?: number;
}

/** Like {@link sniffImageType}, for every type the core recognises. A PNG with a damaged signature is a PNG. */
export function sniffImageFileType(bytes: Uint8Array): ImageFileType | undefined {
  if (isGif(bytes)) return "image/gif";
  if (startsWith(bytes, PNG_SIGNATURE.slice(0, 4))) return "image/png";
  return sniffImageType(bytes) ?? sniffOtherType(bytes);
}

/** Type and, where the header has it, size of any image the core recognises. */
export function readImageFileInfo(bytes: Uint8Array): ImageFileInfo | undefined {
  const mimeType = sniffImageFileType(bytes);
  if (mimeType === undefined) return undefined;
  if (mimeType === "image/gif") {
    const gif = readGifInfo(bytes);
    return gif && { mimeType, width: gif.width, height: gif.height };
  }
  if (mimeType === "image/png" || mimeType === "image/jpeg" || mimeType === "image/webp") {
    const info = readImageInfo(bytes);
    return info && { ...info, mimeType };
  }
  return { mimeType, ...otherImageSize(bytes, mimeType) };
}

/**
 * Whether what viewers show is an animation: a GIF with several frames, an animated WebP, an AVIF or HEIF
 * sequence, or an APNG — unless its one frame is the still image itself. (An APNG whose still image comes
 * without frame control is not part of the animation: viewers show the animation instead.) Upscaling one would
 * keep only the still, so the core refuses them.
 */
export function isAnimatedImage(bytes: Uint8Array): boolean {
  const type = sniffImageFileType(bytes);
  if (type === "image/gif") return (readGifInfo(bytes)?.frames ?? 0) > 1;
  // VP8X flags: bit 1 is "animation".
  if (type === "image/webp")
    return bytes.length >= 21 && ascii(bytes, 12, 4) === "VP8X" && ((bytes[20] as number) & 0x02) !== 0;
  if (type === "image/png") {
    const animation = readPngStructure(bytes).animation;
    return animation !== undefined && !(animation.frames === 1 && animation.stillIsFirstFrame);
  }
  if (type === "image/avif" || type === "image/heic" || type === "image/heif") return isImageSequence(bytes);
  return false;
}

/** How messages name each type. */
export const IMAGE_TYPE_NAMES: Readonly<Record<ImageFileType, string>> = {
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/webp": "WebP",
  "image/gif": "GIF",
  "image/avif": "AVIF",
  "image/heic": "HEIC",
  "image/heif": "HEIF",
  "image/tiff": "TIFF",
  "image/bmp": "BMP",
  "image/svg+xml": "SVG",
};
