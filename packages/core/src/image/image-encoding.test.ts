import { describe, expect, it } from "vitest";
import { fixture, JPEG_5X4 } from "../../test/images.js";
import { segment } from "../../test/metadata.js";
import { makePng, pngChunk } from "../../test/png.js";
import { readImageEncoding } from "./image-encoding.js";
import { estimateJpegQuality } from "./jpeg-quality.js";
import { readJpegStructure } from "./jpeg-structure.js";

const STANDARD = [
  16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61,
  60, 57, 51, 56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87, 95, 98, 103, 104, 103, 62, 77, 113, 121,
  112, 100, 120, 92, 101, 103, 99,
];

/** libjpeg's luminance table for `quality`, as an encoder at that setting writes it. */
function tableFor(quality: number): number[] {
  const scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  return STANDARD.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

/** A JPEG's header: DQT, then a frame whose components are sampled as given. */
function jpegHeader(quality: number, sampling: number[], { sixteenBit = false, progressive = false } = {}): Uint8Array {
  const table = tableFor(quality);
  const dqt = sixteenBit
    ? segment(0xdb, [0x10], Buffer.from(table.flatMap((v) => [0, v])))
    : segment(0xdb, [0x00], table);
  const components = sampling.flatMap((factors, i) => [i + 1, factors, i === 0 ? 0 : 1]);
  const frame = segment(progressive ? 0xc2 : 0xc0, [8, 0, 8, 0, 8, sampling.length, ...components]);
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8]), dqt, frame]));
}

describe("estimateJpegQuality", () => {
  it.each([10, 50, 75, 85, 90, 95, 100])("finds quality %i from the table an encoder writes for it", (quality) => {
    const bytes = jpegHeader(quality, [0x11, 0x11, 0x11]);
    expect(estimateJpegQuality(bytes, readJpegStructure(bytes))).toBe(quality);
  });

  it("reads 16-bit tables too", () => {
    const bytes = jpegHeader(40, [0x11], { sixteenBit: true });
    expect(estimateJpegQuality(bytes, readJpegStructure(bytes))).toBe(40);
  });

  it("has no answer without a table", () => {
    const bytes = new Uint8Array(
      Buffer.concat([Buffer.from([0xff, 0xd8]), segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0])]),
    );
    expect(estimateJpegQuality(bytes, readJpegStructure(bytes))).toBeUndefined();
  });
});

describe("readImageEncoding", () => {
  it.each([
    [[0x11, 0x11, 0x11], "4:4:4"],
    [[0x22, 0x11, 0x11], "4:2:0"],
    [[0x21, 0x11, 0x11], "4:2:2"],
    [[0x12, 0x11, 0x11], "4:4:0"],
    [[0x11], "greyscale"],
    [[0x22, 0x11, 0x21], "other"],
    [[0x41, 0x11, 0x11], "other"],
  ] as const)("reads a JPEG sampled %j as %s", (sampling, chroma) => {
    expect(readImageEncoding(jpegHeader(92, [...sampling]))).toEqual({
      mimeType: "image/jpeg",
      quality: 92,
      chroma,
      progressive: false,
    });
  });

  it("reads a real JPEG, a progressive one, and the WebP and PNG kinds", () => {
    expect(readImageEncoding(JPEG_5X4)).toMatchObject({ mimeType: "image/jpeg", chroma: "4:2:0" });
    expect(readImageEncoding(jpegHeader(80, [0x11], { progressive: true }))).toMatchObject({ progressive: true });
    expect(readImageEncoding(fixture("9x4-lossless.webp"))).toEqual({ mimeType: "image/webp", lossless: true });
    expect(readImageEncoding(fixture("6x5-lossy.webp"))).toEqual({ mimeType: "image/webp", lossless: false });
    expect(readImageEncoding(fixture("4x7-alpha.webp"))).toEqual({ mimeType: "image/webp", lossless: false });
    const palette = makePng({ colourType: 3, bitDepth: 4, before: [pngChunk("PLTE", [0, 0, 0])] });
    expect(readImageEncoding(palette)).toEqual({ mimeType: "image/png", palette: true, bitDepth: 4 });
    expect(readImageEncoding(makePng({ bitDepth: 16 }))).toEqual({
      mimeType: "image/png",
      palette: false,
      bitDepth: 16,
    });
    expect(readImageEncoding(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });
});
