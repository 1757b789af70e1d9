/**
 * Image type and pixel size from the file header alone (no decoding), so every platform can check an image
 * before paying to send it and can trust what it got back.
 */
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

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  return prefix.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
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
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size =
    mimeType === "image/png"
      ? pngSize(bytes, view)
      : mimeType === "image/jpeg"
        ? jpegSize(bytes, view)
        : mimeType === "image/webp"
          ? webpSize(bytes, view)
          : undefined;
  if (mimeType === undefined || size === undefined || size.width <= 0 || size.height <= 0) return undefined;
  return { mimeType, ...size };
}

/**
 * Whether the file runs to its end marker: a header alone says nothing about a body cut short by a host, and a
 * cut image must never be saved as a result. PNG ends with its IEND chunk, JPEG with EOI (FF D9, some encoders
 * pad after it), WebP's RIFF header states its own length.
 */
export function isImageComplete(bytes: Uint8Array, mimeType: ImageMimeType): boolean {
  if (mimeType === "image/png") return startsWith(bytes, PNG_END, bytes.length - PNG_END.length);
  if (mimeType === "image/jpeg") return jpegEndsWithEoi(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes.length >= 12 && bytes.length >= 8 + view.getUint32(4, true);
}

// The IEND chunk: zero length, type, and its fixed CRC.
const PNG_END = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
const JPEG_TRAILING_PADDING = 16;

function jpegEndsWithEoi(bytes: Uint8Array): boolean {
  const from = Math.max(2, bytes.length - JPEG_TRAILING_PADDING - 2);
  for (let i = bytes.length - 2; i >= from; i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

type Size = { width: number; height: number };

function pngSize(bytes: Uint8Array, view: DataView): Size | undefined {
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== "IHDR") return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

// Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(bytes: Uint8Array, view: DataView): Size | undefined {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] as number;
    // Fill bytes and stand-alone markers (TEM, RSTn) have no length field.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = view.getUint16(offset + 2);
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length) return undefined;
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    offset += 2 + length;
  }
  return undefined;
}

function webpSize(bytes: Uint8Array, view: DataView): Size | undefined {
  if (bytes.length < 30) return undefined;
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8X") {
    const width = 1 + (view.getUint16(24, true) | ((bytes[26] as number) << 16));
    const height = 1 + (view.getUint16(27, true) | ((bytes[29] as number) << 16));
    return { width, height };
  }
  if (chunk === "VP8L") {
    if (bytes[20] !== 0x2f) return undefined;
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8 ") {
    if (!startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return undefined;
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  return undefined;
}

/**
 * Every type the core recognises by its bytes: the three it upscales, and GIF, which apps meet as input (Figma
 * stores GIFs) and must refuse or convert rather than send.
 */
export type ImageFileType = ImageMimeType | "image/gif";

/** Like {@link sniffImageType}, GIF included. */
export function sniffImageFileType(bytes: Uint8Array): ImageFileType | undefined {
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a")) return "image/gif";
  return sniffImageType(bytes);
}

export interface GifInfo {
  width: number;
  height: number;
  /** Image descriptors read before the trailer (or before the bytes ran out). */
  frames: number;
  /** The trailer was reached: the file is not cut short. */
  complete: boolean;
}

/** Size and frame count of a GIF, walking its blocks; `undefined` when it is not a GIF with a readable header. */
export function readGifInfo(bytes: Uint8Array): GifInfo | undefined {
  if (sniffImageFileType(bytes) !== "image/gif" || bytes.length < 13) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint16(6, true);
  const height = view.getUint16(8, true);
  if (width === 0 || height === 0) return undefined;
  let offset = 13 + colorTableBytes(bytes[10] as number);
  let frames = 0;
  while (offset < bytes.length) {
    const block = bytes[offset];
    if (block === 0x3b) return { width, height, frames, complete: true };
    if (block === 0x21) {
      offset = skipSubBlocks(bytes, offset + 2);
    } else if (block === 0x2c) {
      if (offset + 10 > bytes.length) break;
      frames += 1;
      // Descriptor (10 bytes), local colour table, LZW minimum code size, then the data sub-blocks.
      offset = skipSubBlocks(bytes, offset + 10 + colorTableBytes(bytes[offset + 9] as number) + 1);
    } else {
      break;
    }
  }
  return { width, height, frames, complete: false };
}

/**
 * Whether the image has more than one frame: a GIF with several, an animated WebP, an APNG. Upscaling one would
 * keep only its first frame, so the core refuses them instead of silently returning a still.
 */
export function isAnimatedImage(bytes: Uint8Array): boolean {
  const type = sniffImageFileType(bytes);
  if (type === "image/gif") return (readGifInfo(bytes)?.frames ?? 0) > 1;
  // VP8X flags: bit 1 is "animation".
  if (type === "image/webp")
    return bytes.length >= 21 && ascii(bytes, 12, 4) === "VP8X" && ((bytes[20] as number) & 0x02) !== 0;
  if (type === "image/png") return apngFrames(bytes) > 1;
  return false;
}

/** A global or local colour table's size from its packed field: 3 × 2^(n+1) bytes when the flag is set. */
function colorTableBytes(packed: number): number {
  return (packed & 0x80) === 0 ? 0 : 3 * 2 ** ((packed & 0x07) + 1);
}

/** The offset just past a chain of GIF sub-blocks (each a length byte, then that many bytes; 0 ends it). */
function skipSubBlocks(bytes: Uint8Array, offset: number): number {
  let at = offset;
  while (at < bytes.length) {
    const size = bytes[at] as number;
    at += 1 + size;
    if (size === 0) return at;
  }
  return bytes.length;
}

/** The frame count an APNG's acTL chunk declares (it must come before the image data), else 1. */
function apngFrames(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = PNG_SIGNATURE.length;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = ascii(bytes, offset + 4, 4);
    if (type === "acTL" && offset + 12 <= bytes.length) return view.getUint32(offset + 8);
    if (type === "IDAT") return 1;
    offset += 12 + length;
  }
  return 1;
}

/** How messages name each type. */
export const IMAGE_TYPE_NAMES: Readonly<Record<ImageFileType, string>> = {
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/webp": "WebP",
  "image/gif": "GIF",
};
