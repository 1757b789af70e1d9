import { describe, expect, it } from "vitest";
import { fixture } from "../../test/images.js";
import {
  IMAGE_EXTENSIONS,
  imageTypeOfExtension,
  isImageComplete,
  readImageInfo,
  sniffImageType,
} from "./image-format.js";

// Real encoder output (see test/fixtures/README.md); the file name gives the size.
const FIXTURES = [
  ["3x2.png", "image/png", 3, 2],
  ["5x4.jpg", "image/jpeg", 5, 4],
  ["300x7-progressive.jpg", "image/jpeg", 300, 7],
  ["2x2-exif.jpg", "image/jpeg", 2, 2],
  ["6x5-lossy.webp", "image/webp", 6, 5],
  ["9x4-lossless.webp", "image/webp", 9, 4],
  ["4x7-alpha.webp", "image/webp", 4, 7],
] as const;

/** A JPEG made of SOI followed by the given segments (each `[marker, payload]`). */
function jpeg(...segments: Array<[number, number[]]>): Uint8Array {
  const bytes = [0xff, 0xd8];
  for (const [marker, payload] of segments) {
    const length = payload.length + 2;
    bytes.push(0xff, marker, length >> 8, length & 0xff, ...payload);
  }
  return new Uint8Array(bytes);
}

/** A start-of-frame payload: precision, height, width, one component. */
const frame = (width: number, height: number) => [
  8,
  height >> 8,
  height & 0xff,
  width >> 8,
  width & 0xff,
  1,
  1,
  0x11,
  0,
];

describe("sniffImageType", () => {
  it.each(FIXTURES)("recognises %s as %s", (name, mimeType) => {
    expect(sniffImageType(fixture(name))).toBe(mimeType);
  });

  it.each([
    ["GIF", new TextEncoder().encode("GIF89a\x01\x00\x01\x00")],
    ["BMP", new TextEncoder().encode("BM6\x00\x00\x00")],
    ["RIFF but WAVE", new TextEncoder().encode("RIFF\x24\x00\x00\x00WAVEfmt ")],
    ["empty", new Uint8Array()],
    ["two bytes of JPEG", new Uint8Array([0xff, 0xd8])],
  ])("rejects %s", (_name, bytes) => {
    expect(sniffImageType(bytes)).toBeUndefined();
  });
});

describe("isImageComplete", () => {
  it.each(FIXTURES)("accepts the whole of %s", (name, mimeType) => {
    expect(isImageComplete(fixture(name), mimeType)).toBe(true);
  });

  it.each(FIXTURES)("rejects %s cut one byte short", (name, mimeType) => {
    const whole = fixture(name);
    expect(isImageComplete(whole.subarray(0, whole.length - 1), mimeType)).toBe(false);
  });

  it("walks a PNG's structure without verifying checksums (the input checks do that)", () => {
    const png = fixture("3x2.png").slice();
    png[png.length - 13] = (png[png.length - 13] as number) ^ 0xff;
    expect(isImageComplete(png, "image/png")).toBe(true);
  });

  it("accepts a JPEG with padding after its end marker", () => {
    const padded = new Uint8Array([...fixture("5x4.jpg"), 0, 0, 0, 0]);
    expect(isImageComplete(padded, "image/jpeg")).toBe(true);
  });
});

describe("readImageInfo", () => {
  it.each(FIXTURES)("reads %s as %s, %i×%i", (name, mimeType, width, height) => {
    expect(readImageInfo(fixture(name))).toEqual({ mimeType, width, height });
  });

  it("reads an image that sits inside a larger buffer (a view with an offset)", () => {
    const png = fixture("3x2.png");
    const buffer = new Uint8Array(png.length + 7);
    buffer.set(png, 5);
    expect(readImageInfo(buffer.subarray(5, 5 + png.length))).toEqual({ mimeType: "image/png", width: 3, height: 2 });
  });

  it.each(FIXTURES)("gives up on %s cut off inside its header", (name) => {
    expect(readImageInfo(fixture(name).subarray(0, 14))).toBeUndefined();
  });

  it("refuses a PNG whose header says zero pixels wide", () => {
    const png = fixture("3x2.png").slice();
    png.set([0, 0, 0, 0], 16);
    expect(readImageInfo(png)).toBeUndefined();
  });

  it("refuses a PNG whose first chunk is not IHDR", () => {
    const png = fixture("3x2.png").slice();
    png.set(new TextEncoder().encode("IDAT"), 12);
    expect(readImageInfo(png)).toBeUndefined();
  });

  it("skips a Huffman table (C4, not a frame) before the frame header", () => {
    expect(readImageInfo(jpeg([0xc4, [0, 1, 2, 3, 4, 5, 6, 7, 8]], [0xc0, frame(640, 480)]))).toEqual({
      mimeType: "image/jpeg",
      width: 640,
      height: 480,
    });
  });

  it("skips fill bytes and stand-alone markers between segments", () => {
    const bytes = jpeg([0xe0, [0x4a, 0x46, 0x49, 0x46, 0]]);
    const rest = jpeg([0xc2, frame(1024, 768)]).subarray(2);
    const joined = new Uint8Array([...bytes, 0xff, 0xff, 0xd0, ...rest]);
    // 0xFF 0xFF is one fill byte before the RST0 marker (0xFF 0xD0), which has no length.
    expect(readImageInfo(joined)).toMatchObject({ width: 1024, height: 768 });
  });

  it("gives up on a JPEG whose segments lose their markers", () => {
    expect(readImageInfo(new Uint8Array([0xff, 0xd8, 0x00, 0x11, 0x22, 0x33, 0x44]))).toBeUndefined();
  });

  it("gives up on a JPEG that ends before any frame header", () => {
    expect(readImageInfo(jpeg([0xdb, [0, 1, 2, 3]]))).toBeUndefined();
  });

  it("gives up on a frame header cut short", () => {
    expect(readImageInfo(jpeg([0xc0, frame(10, 10)]).subarray(0, 9))).toBeUndefined();
  });

  it.each([
    ["VP8L without its signature byte", "9x4-lossless.webp", 20],
    ["VP8 without its start code", "6x5-lossy.webp", 23],
  ])("gives up on a WebP %s", (_what, name, offset) => {
    const bytes = fixture(name).slice();
    bytes[offset] = 0;
    expect(readImageInfo(bytes)).toBeUndefined();
  });

  it("gives up on a WebP with an unknown first chunk", () => {
    const bytes = fixture("4x7-alpha.webp").slice();
    bytes.set(new TextEncoder().encode("VP8Y"), 12);
    expect(readImageInfo(bytes)).toBeUndefined();
  });

  it("returns undefined for something that is not an image", () => {
    expect(readImageInfo(new TextEncoder().encode("<html></html>"))).toBeUndefined();
  });
});

describe("IMAGE_EXTENSIONS", () => {
  it("gives the usual extension per type", () => {
    expect(IMAGE_EXTENSIONS).toEqual({ "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" });
  });
});

describe("imageTypeOfExtension", () => {
  it("reads every usual extension and its variants, in any case, and maps back to the usual one", () => {
    expect(["png", "JPG", "jpeg", "Jpe", "webp"].map(imageTypeOfExtension)).toEqual([
      "image/png",
      "image/jpeg",
      "image/jpeg",
      "image/jpeg",
      "image/webp",
    ]);
    for (const [type, extension] of Object.entries(IMAGE_EXTENSIONS))
      expect(imageTypeOfExtension(extension)).toBe(type);
  });

  it.each(["gif", "tiff", "", "constructor", "toString", "__proto__"])("knows no type for %j", (extension) => {
    expect(imageTypeOfExtension(extension)).toBeUndefined();
  });
});
