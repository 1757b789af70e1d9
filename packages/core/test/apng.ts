import { pngChunk } from "./png.js";

/**
 * `png` with an acTL chunk declaring `frames` frames inserted after IHDR — the chunk that makes a PNG an APNG —
 * and, with `stillIsFirstFrame`, an fcTL for the still image before its IDAT, making it the animation's first
 * frame (without one, the still is not part of the animation). No encoder here writes APNG.
 */
export function withApngControl(png: Uint8Array, frames: number, { stillIsFirstFrame = false } = {}): Uint8Array {
  const ihdrEnd = 8 + 12 + 13;
  const control = new Uint8Array(8);
  new DataView(control.buffer).setUint32(0, frames);
  const frameControl = new Uint8Array(26);
  const fields = new DataView(frameControl.buffer);
  fields.setUint32(4, new DataView(png.buffer, png.byteOffset).getUint32(16));
  fields.setUint32(8, new DataView(png.buffer, png.byteOffset).getUint32(20));
  fields.setUint16(20, 1);
  fields.setUint16(22, 10);
  const inserted = [pngChunk("acTL", control), ...(stillIsFirstFrame ? [pngChunk("fcTL", frameControl)] : [])];
  return new Uint8Array(Buffer.concat([png.subarray(0, ihdrEnd), ...inserted, png.subarray(ihdrEnd)]));
}
