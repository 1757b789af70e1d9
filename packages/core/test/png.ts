import { crc32, deflateSync, inflateSync } from "node:zlib";

/** One PNG chunk (length, type, data, CRC), built by hand so tests can break any part of it. */
export function pngChunk(type: string, data: Uint8Array | number[] = []): Uint8Array {
  const body = Buffer.concat([Buffer.from(type, "latin1"), Buffer.from(data)]);
  const chunk = Buffer.alloc(12 + body.length - 4);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), 8 + body.length - 4);
  return new Uint8Array(chunk);
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngParts {
  width?: number;
  height?: number;
  bitDepth?: number;
  colourType?: number;
  compression?: number;
  filter?: number;
  interlace?: number;
  /** Chunks between IHDR and IDAT (PLTE, tRNS, text, acTL…). */
  before?: Uint8Array[];
  /** Chunks between IDAT and IEND. */
  after?: Uint8Array[];
  /** Leave IDAT out. */
  noImageData?: boolean;
}

export function ihdr(parts: PngParts = {}): Uint8Array {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(parts.width ?? 2, 0);
  data.writeUInt32BE(parts.height ?? 2, 4);
  data.set(
    [parts.bitDepth ?? 8, parts.colourType ?? 2, parts.compression ?? 0, parts.filter ?? 0, parts.interlace ?? 0],
    8,
  );
  return pngChunk("IHDR", data);
}

/**
 * A small, valid PNG (grey-blue pixels) unless `parts` make it otherwise: what PNG conformance suites (PngSuite's
 * x*.png files) do to a file, done to bytes generated here.
 */
export function makePng(parts: PngParts = {}): Uint8Array {
  const width = parts.width ?? 2;
  const height = parts.height ?? 2;
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[parts.colourType ?? 2] ?? 3;
  const rowBytes = Math.ceil((Math.min(width, 16_384) * channels * Math.min(parts.bitDepth ?? 8, 16)) / 8);
  const raw = Buffer.alloc(Math.min(height, 64) * (1 + rowBytes), 0x60);
  for (let y = 0; y < Math.min(height, 64); y++) raw[y * (1 + rowBytes)] = 0;
  const chunks = [
    ihdr(parts),
    ...(parts.before ?? []),
    ...(parts.noImageData ? [] : [pngChunk("IDAT", deflateSync(raw))]),
    ...(parts.after ?? []),
    pngChunk("IEND"),
  ];
  return new Uint8Array(Buffer.concat([Buffer.from(PNG_SIGNATURE), ...chunks]));
}

/** zlib data decompressed, to check what the core wrote without a compressor of its own. */
export function inflate(data: Uint8Array): Uint8Array {
  return new Uint8Array(inflateSync(data));
}
