import { ascii, fromAscii, hasAscii, view } from "./bytes.js";

export interface WebpChunk {
  fourcc: string;
  /** Offset of the chunk's four-character code. */
  start: number;
  /** Offset just past the chunk, padding byte included. */
  end: number;
  data: Uint8Array;
}

export interface WebpFile {
  chunks: WebpChunk[];
  /** Offset just past the RIFF container as its header sizes it; anything after is a trailer. */
  end: number;
  /** Every chunk the header promises is there. */
  complete: boolean;
}

/** The chunks of a WebP's RIFF container, as far as the bytes go. */
export function readWebpChunks(bytes: Uint8Array): WebpFile | undefined {
  if (bytes.length < 12 || !hasAscii(bytes, 0, "RIFF") || !hasAscii(bytes, 8, "WEBP")) return undefined;
  const data = view(bytes);
  const end = 8 + data.getUint32(4, true);
  const chunks: WebpChunk[] = [];
  let offset = 12;
  while (offset + 8 <= Math.min(end, bytes.length)) {
    const size = data.getUint32(offset + 4, true);
    const dataEnd = offset + 8 + size;
    if (dataEnd > bytes.length) break;
    chunks.push({
      fourcc: ascii(bytes, offset, 4),
      start: offset,
      end: Math.min(dataEnd + (size % 2), bytes.length),
      data: bytes.subarray(offset + 8, dataEnd),
    });
    offset = dataEnd + (size % 2);
  }
  return { chunks, end, complete: end <= bytes.length && offset >= end };
}

/** One chunk, padded to an even length as RIFF requires. */
export function encodeWebpChunk(fourcc: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(8 + data.length + (data.length % 2));
  chunk.set(fromAscii(fourcc), 0);
  view(chunk).setUint32(4, data.length, true);
  chunk.set(data, 8);
  return chunk;
}

/** A whole WebP file around `chunks` (each already encoded). */
export function encodeWebpFile(chunks: readonly Uint8Array[]): Uint8Array {
  const size = chunks.reduce((sum, chunk) => sum + chunk.length, 4);
  const file = new Uint8Array(8 + size);
  file.set(fromAscii("RIFF"), 0);
  view(file).setUint32(4, size, true);
  file.set(fromAscii("WEBP"), 8);
  let offset = 12;
  for (const chunk of chunks) {
    file.set(chunk, offset);
    offset += chunk.length;
  }
  return file;
}
