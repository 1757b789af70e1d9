import { concatBytes } from "../internal/concat-bytes.js";
import { decodeUtf8, encodeUtf8 } from "../internal/utf8.js";
import { InputError } from "../outcome/errors.js";

/**
 * Text metadata inside a PNG (tEXt and uncompressed iTXt chunks), so a file can carry what produced it — the
 * CLI stores a Midjourney task id in the grid it saves and reads it back to upsample. Pure and isomorphic.
 */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const TEXT_CHUNK_TYPES = new Set(["tEXt", "iTXt", "zTXt"]);

interface Chunk {
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  /** Offset just past the chunk's CRC. */
  end: number;
  data: Uint8Array;
  crcOk: boolean;
}

/** Every readable text entry. Compressed (zTXt, compressed iTXt) and corrupt chunks are skipped. */
export function readPngText(bytes: Uint8Array): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const chunk of readChunks(bytes)) {
    if (!chunk.crcOk) continue;
    const entry = chunk.type === "tEXt" ? parseText(chunk.data) : chunk.type === "iTXt" ? parseIText(chunk.data) : null;
    if (entry !== null) entries[entry.keyword] = entry.text;
  }
  return entries;
}

/**
 * A copy of `bytes` with `entries` stored right after the header; an entry replaces any text chunk with the same
 * keyword. Latin-1 text goes in tEXt (readable by every tool), anything else in UTF-8 iTXt.
 */
export function writePngText(bytes: Uint8Array, entries: Record<string, string>): Uint8Array {
  const keywords = Object.keys(entries);
  for (const keyword of keywords) assertEntry(keyword, entries[keyword] as string);
  const chunks = readChunks(bytes);
  const header = chunks[0];
  if (header?.type !== "IHDR") throw notPng("its first chunk is not IHDR");

  const replaced = new Set(keywords);
  const kept = chunks.slice(1).filter((chunk) => !(TEXT_CHUNK_TYPES.has(chunk.type) && replaced.has(keywordOf(chunk))));
  const added = keywords.map((keyword) => encodeTextChunk(keyword, entries[keyword] as string));
  const parts = [
    bytes.subarray(0, header.end),
    ...added,
    ...kept.map((chunk) => bytes.subarray(chunk.start, chunk.end)),
  ];
  return concatBytes(parts);
}

function readChunks(bytes: Uint8Array): Chunk[] {
  if (!SIGNATURE.every((byte, i) => bytes[i] === byte)) throw notPng("it does not start with the PNG signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Chunk[] = [];
  let offset = SIGNATURE.length;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw notPng("it is truncated");
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) throw notPng("it is truncated");
    const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
    const type = latin1(typeAndData.subarray(0, 4));
    const crcOk = crc32(typeAndData) === view.getUint32(offset + 8 + length);
    chunks.push({ type, start: offset, end, data: typeAndData.subarray(4), crcOk });
    offset = end;
    if (type === "IEND") return chunks;
  }
  throw notPng("it has no IEND chunk (truncated?)");
}

function notPng(why: string): InputError {
  return new InputError("UNSUPPORTED_IMAGE", `Cannot read PNG text: ${why}. Pass an unmodified PNG file.`);
}

function parseText(data: Uint8Array): { keyword: string; text: string } | null {
  const nul = data.indexOf(0);
  if (nul < 1) return null;
  return { keyword: latin1(data.subarray(0, nul)), text: latin1(data.subarray(nul + 1)) };
}

// iTXt: keyword \0 compressionFlag compressionMethod languageTag \0 translatedKeyword \0 text(UTF-8)
function parseIText(data: Uint8Array): { keyword: string; text: string } | null {
  const nul = data.indexOf(0);
  if (nul < 1 || data[nul + 1] !== 0) return null;
  const languageEnd = data.indexOf(0, nul + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return null;
  try {
    const text = decodeUtf8(data.subarray(translatedEnd + 1), { fatal: true });
    return { keyword: latin1(data.subarray(0, nul)), text };
  } catch {
    return null;
  }
}

function keywordOf(chunk: Chunk): string {
  const nul = chunk.data.indexOf(0);
  return latin1(chunk.data.subarray(0, nul < 0 ? chunk.data.length : nul));
}

// The PNG spec: 1–79 printable Latin-1 characters, no leading, trailing or consecutive spaces; no NUL in text.
function assertEntry(keyword: string, text: string): void {
  const printable = /^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword);
  if (!printable || keyword.startsWith(" ") || keyword.endsWith(" ") || keyword.includes("  ")) {
    throw new InputError(
      "INVALID_REQUEST",
      `"${keyword}" is not a valid PNG text keyword: use 1–79 printable Latin-1 characters without extra spaces.`,
    );
  }
  if (text.includes("\0")) {
    throw new InputError("INVALID_REQUEST", `The PNG text for "${keyword}" contains a NUL character: remove it.`);
  }
}

function encodeTextChunk(keyword: string, text: string): Uint8Array {
  const isLatin1 = [...text].every((char) => (char.codePointAt(0) as number) <= 0xff);
  const data = isLatin1
    ? concatBytes([fromLatin1(keyword), Uint8Array.of(0), fromLatin1(text)])
    : concatBytes([fromLatin1(keyword), Uint8Array.of(0, 0, 0, 0, 0), encodeUtf8(text)]);
  return encodeChunk(isLatin1 ? "tEXt" : "iTXt", data);
}

function encodeChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(fromLatin1(type), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

function fromLatin1(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
