import { concatBytes } from "../internal/concat-bytes.js";
import { decodeUtf8, encodeUtf8 } from "../internal/utf8.js";
import { InputError } from "../outcome/errors.js";
import { ascii, fromAscii, startsWith } from "./bytes.js";
import { encodePngChunk, PNG_SIGNATURE, type PngChunk, walkPngChunks } from "./png-chunks.js";

/**
 * Text metadata inside a PNG (tEXt and uncompressed iTXt chunks), so a file can carry what produced it — the
 * CLI stores a Midjourney task id in the grid it saves and reads it back to upsample. Pure and isomorphic.
 */

const TEXT_CHUNK_TYPES = new Set(["tEXt", "iTXt", "zTXt"]);

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

function readChunks(bytes: Uint8Array): PngChunk[] {
  if (!startsWith(bytes, PNG_SIGNATURE)) throw notPng("it does not start with the PNG signature");
  const walk = walkPngChunks(bytes);
  if (walk.complete) return walk.chunks;
  throw notPng(walk.end === bytes.length ? "it has no IEND chunk (truncated?)" : "it is truncated");
}

function notPng(why: string): InputError {
  return new InputError("UNSUPPORTED_IMAGE", `Cannot read PNG text: ${why}. Pass an unmodified PNG file.`);
}

function parseText(data: Uint8Array): { keyword: string; text: string } | null {
  const nul = data.indexOf(0);
  if (nul < 1) return null;
  return { keyword: latin1Text(data.subarray(0, nul)), text: latin1Text(data.subarray(nul + 1)) };
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
    return { keyword: latin1Text(data.subarray(0, nul)), text };
  } catch {
    return null;
  }
}

function keywordOf(chunk: PngChunk): string {
  const nul = chunk.data.indexOf(0);
  return latin1Text(chunk.data.subarray(0, nul < 0 ? chunk.data.length : nul));
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
    ? concatBytes([fromAscii(keyword), Uint8Array.of(0), fromAscii(text)])
    : concatBytes([fromAscii(keyword), Uint8Array.of(0, 0, 0, 0, 0), encodeUtf8(text)]);
  return encodePngChunk(isLatin1 ? "tEXt" : "iTXt", data);
}

function latin1Text(bytes: Uint8Array): string {
  return ascii(bytes, 0, bytes.length);
}
