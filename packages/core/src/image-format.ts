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

export const IMAGE_EXTENSIONS: Readonly<Record<ImageMimeType, string>> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
};

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
