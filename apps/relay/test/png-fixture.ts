import { crc32, deflateSync } from "node:zlib";

/**
 * A valid RGB PNG of `width`×`height`. `noise` fills it with random pixels stored uncompressed, so its size is
 * predictable (≈ 3·w·h bytes): how the 10 MB uploads of the memory benchmark and the size-limit tests are made.
 */
export function makePng(width: number, height: number, options: { noise?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * row + 1 + x * 3;
      if (options.noise) {
        raw[at] = Math.random() * 256;
        raw[at + 1] = Math.random() * 256;
        raw[at + 2] = Math.random() * 256;
      } else {
        raw[at] = (x * 255) / Math.max(1, width - 1);
        raw[at + 1] = (y * 255) / Math.max(1, height - 1);
        raw[at + 2] = 128;
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const idat = deflateSync(raw, { level: options.noise ? 0 : 6 });
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", idat),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

/** A noise PNG just under `bytes` (square). */
export function pngOfAbout(bytes: number): Uint8Array<ArrayBuffer> {
  const side = Math.floor(Math.sqrt(bytes / 3.01));
  return makePng(side, side, { noise: true });
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
