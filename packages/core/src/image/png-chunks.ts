import { ascii, fromAscii, startsWith, view } from "./bytes.js";

/** The eight bytes every PNG starts with. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

export interface PngChunk {
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  /** Offset just past the chunk's CRC. */
  end: number;
  data: Uint8Array;
  crcOk: boolean;
}

export interface PngChunkWalk {
  chunks: PngChunk[];
  /** IEND was reached; `end` is the offset just past it (anything after it is a trailer). */
  complete: boolean;
  end: number;
}

/**
 * The chunks of a PNG up to IEND, as far as the bytes go: a chunk whose stated length runs past the end stops the
 * walk (the file is cut short). CRCs are checked, not enforced: the caller decides what a bad one means. Without
 * `checkCrc` (moving metadata around in a file already checked) every chunk counts as intact: a CRC pass over a
 * large image's data costs more than the rest of the walk.
 */
export function walkPngChunks(bytes: Uint8Array, checkCrc = true): PngChunkWalk {
  const chunks: PngChunk[] = [];
  if (!startsWith(bytes, PNG_SIGNATURE)) return { chunks, complete: false, end: 0 };
  const data = view(bytes);
  let offset: number = PNG_SIGNATURE.length;
  while (offset + 12 <= bytes.length) {
    const length = data.getUint32(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) break;
    const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
    const type = ascii(bytes, offset + 4, 4);
    const crcOk = !checkCrc || crc32(typeAndData) === data.getUint32(offset + 8 + length);
    chunks.push({ type, start: offset, end, data: typeAndData.subarray(4), crcOk });
    offset = end;
    if (type === "IEND") return { chunks, complete: true, end };
  }
  return { chunks, complete: false, end: offset };
}

/** A complete chunk: length, type, data and CRC. */
export function encodePngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const out = view(chunk);
  out.setUint32(0, data.length);
  chunk.set(fromAscii(type), 4);
  chunk.set(data, 8);
  out.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = (CRC_TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
