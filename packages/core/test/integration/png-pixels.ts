import { inflateSync } from "node:zlib";

/** A PNG decoded to 8-bit samples: enough to prove a download is a real image and to read its pixels. */
export interface DecodedPng {
  width: number;
  height: number;
  channels: number;
  /** The samples of one pixel (grey, grey+alpha, RGB or RGBA). */
  pixel(x: number, y: number): number[];
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel by colour type: grey, RGB, grey+alpha, RGBA (palette images are not needed here). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * Decodes a non-interlaced 8-bit PNG (what libvips writes) with nothing but zlib, independently of the core's
 * header reader, so a test can cross-check the size the core reports against the actual pixel data.
 */
export function decodePng(bytes: Uint8Array): DecodedPng {
  if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) throw new Error("Not a PNG: bad signature.");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let header: { width: number; height: number; bitDepth: number; colourType: number; interlace: number } | undefined;
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      header = {
        width: view.getUint32(offset + 8),
        height: view.getUint32(offset + 12),
        bitDepth: data[8] as number,
        colourType: data[9] as number,
        interlace: data[12] as number,
      };
    }
    if (type === "IDAT") idat.push(data);
    if (type === "IEND") break;
    offset += 12 + length;
  }
  const channels = header === undefined ? undefined : CHANNELS[header.colourType];
  if (header === undefined || channels === undefined || header.bitDepth !== 8 || header.interlace !== 0) {
    throw new Error(`Unsupported PNG for this test decoder: ${JSON.stringify(header)}.`);
  }
  const { width, height } = header;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== height * (stride + 1)) throw new Error("PNG image data has the wrong length.");
  const pixels = unfilter(raw, height, stride, channels);
  return {
    width,
    height,
    channels,
    pixel: (x, y) => [...pixels.subarray(y * stride + x * channels, y * stride + (x + 1) * channels)],
  };
}

/** Undoes the per-row filters of PNG (None, Sub, Up, Average, Paeth). */
function unfilter(raw: Uint8Array, height: number, stride: number, channels: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i] as number;
      const a = i >= channels ? (out[y * stride + i - channels] as number) : 0;
      const b = y > 0 ? (out[(y - 1) * stride + i] as number) : 0;
      const c = i >= channels && y > 0 ? (out[(y - 1) * stride + i - channels] as number) : 0;
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter as number];
      if (predicted === undefined) throw new Error(`Unknown PNG filter ${filter} in row ${y}.`);
      out[y * stride + i] = (x + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
