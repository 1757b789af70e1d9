import { concatBytes } from "../internal/concat-bytes.js";
import { InputError } from "../outcome/errors.js";
import { readImageInfo, sniffImageType } from "./image-format.js";
import { readPngText, writePngText } from "./png-text-chunk.js";

/*
 * A mark this toolkit writes into the results it upscales, so a later run over the same folder recognises them by
 * their content — never by a name like `icon@2x.png`, which a designer's own assets have too. Each format keeps it
 * where its readers ignore it and metadata tools show it: PNG `tEXt` Software, a JPEG comment (COM), a WebP chunk
 * of its own (readers skip unknown chunks; a simple WebP gains the VP8X header that allows them). No pixel is
 * touched and nothing is re-encoded. Pure and isomorphic.
 */

/** The text of the mark upscale results carry: PNG Software, JPEG comment, WebP `UPSC` chunk. */
export const TOOL_OUTPUT_MARK = "upscale-toolkit";

const PNG_KEYWORD = "Software";
const WEBP_CHUNK = "UPSC";
const MARK_BYTES = Array.from(TOOL_OUTPUT_MARK, (char) => char.charCodeAt(0));

/** Whether `bytes` is an image this toolkit wrote as an upscale result (see {@link markToolOutput}). */
export function isToolOutput(bytes: Uint8Array): boolean {
  switch (sniffImageType(bytes)) {
    case "image/png":
      try {
        return readPngText(bytes)[PNG_KEYWORD] === TOOL_OUTPUT_MARK;
      } catch {
        return false;
      }
    case "image/jpeg":
      return hasMarkComment(bytes);
    case "image/webp":
      return webpChunks(bytes)?.chunks.some(isMarkChunk) === true;
    default:
      return false;
  }
}

/** A copy of the PNG, JPEG or WebP result `bytes` carrying the mark; the same bytes if it already does. */
export function markToolOutput(bytes: Uint8Array): Uint8Array {
  if (isToolOutput(bytes)) return bytes;
  switch (sniffImageType(bytes)) {
    case "image/png":
      return writePngText(bytes, { [PNG_KEYWORD]: TOOL_OUTPUT_MARK });
    case "image/jpeg":
      return markJpeg(bytes);
    case "image/webp":
      return markWebp(bytes);
    default:
      throw cannotMark("it is not a PNG, JPEG or WebP image");
  }
}

interface Span {
  start: number;
  end: number;
}

// JPEG: SOI, then segments (FF, marker, 2-byte big-endian length counting itself). The mark is a COM segment put
// after the APPn segments (JFIF, EXIF, ICC…), which readers expect first.
const COM = 0xfe;

interface JpegSegment extends Span {
  marker: number;
}

/** The segments before the first table or frame header (APPn and COM), or `undefined` when they do not parse. */
function jpegHeaderSegments(bytes: Uint8Array): JpegSegment[] | undefined {
  const segments: JpegSegment[] = [];
  for (let at = 2; ; ) {
    if (at + 4 > bytes.length || bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] as number;
    if (!((marker >= 0xe0 && marker <= 0xef) || marker === COM)) return segments;
    const end = at + 2 + (((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number));
    if (end > bytes.length || end < at + 4) return undefined;
    segments.push({ marker, start: at, end });
    at = end;
  }
}

function hasMarkComment(bytes: Uint8Array): boolean {
  const segments = jpegHeaderSegments(bytes) ?? [];
  return segments.some(
    (segment) => segment.marker === COM && equalsMark(bytes.subarray(segment.start + 4, segment.end)),
  );
}

function markJpeg(bytes: Uint8Array): Uint8Array {
  const segments = jpegHeaderSegments(bytes);
  if (segments === undefined) throw cannotMark("its JPEG segments do not parse");
  const at = segments[segments.length - 1]?.end ?? 2;
  const length = 2 + MARK_BYTES.length;
  const comment = Uint8Array.from([0xff, COM, length >> 8, length & 0xff, ...MARK_BYTES]);
  return concatBytes([bytes.subarray(0, at), comment, bytes.subarray(at)]);
}

// WebP: "RIFF", size (LE, of what follows), "WEBP", then chunks (FourCC, LE size, data, padded to even).
interface WebpChunk extends Span {
  fourcc: string;
  data: Uint8Array;
}

function webpChunks(bytes: Uint8Array): { chunks: WebpChunk[]; riffEnd: number } | undefined {
  if (bytes.length < 20) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = Math.min(bytes.length, 8 + view.getUint32(4, true));
  const chunks: WebpChunk[] = [];
  for (let at = 12; at + 8 <= riffEnd; ) {
    const size = view.getUint32(at + 4, true);
    const dataEnd = at + 8 + size;
    if (dataEnd > riffEnd) return undefined;
    chunks.push({
      fourcc: fourcc(bytes, at),
      start: at,
      end: dataEnd + (size % 2),
      data: bytes.subarray(at + 8, dataEnd),
    });
    at = dataEnd + (size % 2);
  }
  return chunks.length === 0 ? undefined : { chunks, riffEnd };
}

function isMarkChunk(chunk: WebpChunk): boolean {
  return chunk.fourcc === WEBP_CHUNK && equalsMark(chunk.data);
}

function markWebp(bytes: Uint8Array): Uint8Array {
  const parsed = webpChunks(bytes);
  const first = parsed?.chunks[0];
  if (parsed === undefined || first === undefined) throw cannotMark("its WebP chunks do not parse");
  const body = bytes.subarray(12, parsed.riffEnd);
  // A simple WebP (one VP8 or VP8L chunk) may hold no other chunk: it gains the extended header first.
  const header = first.fourcc === "VP8X" ? [] : [vp8xFor(bytes, first)];
  const mark = concatBytes([ascii(WEBP_CHUNK), uint32(MARK_BYTES.length), Uint8Array.from(MARK_BYTES)]);
  const padding = MARK_BYTES.length % 2 === 0 ? [] : [new Uint8Array(1)];
  const chunks = concatBytes([...header, body, mark, ...padding]);
  return concatBytes([ascii("RIFF"), uint32(4 + chunks.length), ascii("WEBP"), chunks, bytes.subarray(parsed.riffEnd)]);
}

/** The VP8X chunk for a simple WebP: its canvas size, and the alpha flag a lossless image with alpha needs. */
function vp8xFor(bytes: Uint8Array, image: WebpChunk): Uint8Array {
  const info = readImageInfo(bytes);
  if (info === undefined || (image.fourcc !== "VP8 " && image.fourcc !== "VP8L")) {
    throw cannotMark("its WebP header does not parse");
  }
  // VP8L: signature byte, then 14 bits width-1, 14 bits height-1, 1 bit alpha_is_used, 3 bits version.
  const hasAlpha = image.fourcc === "VP8L" && image.data.length >= 5 && ((image.data[4] as number) & 0x10) !== 0;
  const fields = new Uint8Array(10);
  fields[0] = hasAlpha ? 0x10 : 0;
  fields.set(uint24(info.width - 1), 4);
  fields.set(uint24(info.height - 1), 7);
  return concatBytes([ascii("VP8X"), uint32(10), fields]);
}

function equalsMark(data: Uint8Array): boolean {
  return data.length === MARK_BYTES.length && MARK_BYTES.every((byte, i) => data[i] === byte);
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

function uint32(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
}

function uint24(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff);
}

function cannotMark(why: string): InputError {
  return new InputError("UNSUPPORTED_IMAGE", `Cannot mark the result as this toolkit's: ${why}.`);
}
