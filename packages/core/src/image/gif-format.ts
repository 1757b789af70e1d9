import { ascii, view } from "./bytes.js";

export interface GifInfo {
  width: number;
  height: number;
  /** Image descriptors read before the trailer (or before the bytes ran out). */
  frames: number;
  /** The trailer was reached: the file is not cut short. */
  complete: boolean;
}

export function isGif(bytes: Uint8Array): boolean {
  const signature = ascii(bytes, 0, 6);
  return signature === "GIF87a" || signature === "GIF89a";
}

/** Size and frame count of a GIF, walking its blocks; `undefined` when it is not a GIF with a readable header. */
export function readGifInfo(bytes: Uint8Array): GifInfo | undefined {
  if (!isGif(bytes) || bytes.length < 13) return undefined;
  const fields = view(bytes);
  const width = fields.getUint16(6, true);
  const height = fields.getUint16(8, true);
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
