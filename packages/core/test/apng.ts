import { crc32 } from "node:zlib";

/**
 * `png` with an acTL chunk declaring `frames` frames inserted after IHDR — the chunk that makes a PNG an APNG.
 * No encoder here writes APNG, so the one chunk that matters is added by hand, with a valid CRC.
 */
export function withApngControl(png: Uint8Array, frames: number): Uint8Array {
  const ihdrEnd = 8 + 12 + 13;
  const chunk = new Uint8Array(12 + 8);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 8);
  chunk.set([0x61, 0x63, 0x54, 0x4c], 4); // "acTL"
  view.setUint32(8, frames);
  view.setUint32(12, 0); // loop forever
  view.setUint32(16, crc32(chunk.subarray(4, 16)));
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, ihdrEnd));
  out.set(chunk, ihdrEnd);
  out.set(png.subarray(ihdrEnd), ihdrEnd + chunk.length);
  return out;
}
