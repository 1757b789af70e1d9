import { describe, expect, it } from "vitest";
import { buildExif, cameraExif } from "../../test/exif.js";
import { adaptExif, minimalExif, readExif, readTiffSize } from "./exif.js";

describe("readExif", () => {
  it("reads orientation, density and what is personal in a camera's EXIF", () => {
    expect(readExif(cameraExif(6))).toEqual({
      orientation: 6,
      density: { x: 300, y: 300 },
      gps: true,
      serialNumber: true,
      names: true,
      makerNotes: true,
      thumbnail: true,
    });
  });

  it.each([true, false])("reads either byte order (little-endian: %s)", (littleEndian) => {
    const exif = buildExif({ littleEndian, ifd0: { 274: { short: 8 } }, exif: { 42037: { ascii: "L-1" } } });
    expect(readExif(exif)).toMatchObject({ orientation: 8, serialNumber: true, gps: false, names: false });
  });

  it("reads a density in centimetres as dots per inch, and ignores one without a unit", () => {
    const perCm = buildExif({ ifd0: { 282: { rational: [100, 1] }, 283: { rational: [50, 1] }, 296: { short: 3 } } });
    expect(readExif(perCm)?.density).toEqual({ x: 254, y: 127 });
    const aspectOnly = buildExif({ ifd0: { 282: { rational: [1, 1] }, 283: { rational: [1, 1] }, 296: { short: 1 } } });
    expect(readExif(aspectOnly)?.density).toBeUndefined();
    const zero = buildExif({ ifd0: { 282: { rational: [72, 0] }, 283: { rational: [72, 1] } } });
    expect(readExif(zero)?.density).toBeUndefined();
  });

  it("says nothing about what is not EXIF, or is cut off", () => {
    expect(readExif(new TextEncoder().encode("not a TIFF at all"))).toBeUndefined();
    expect(readExif(cameraExif().subarray(0, 12))).toBeUndefined();
    // A pointer to the EXIF directory past the end is ignored, not followed.
    const broken = buildExif({ ifd0: { 34665: { long: 99_999 } } });
    expect(readExif(broken)).toMatchObject({ serialNumber: false });
  });
});

describe("adaptExif", () => {
  it("sets the orientation and the pixel size in place and unlinks the thumbnail, keeping everything else", () => {
    const input = cameraExif(6);
    const adapted = adaptExif(input, { orientation: 1, width: 80, height: 100 });
    expect(adapted.length).toBe(input.length);
    expect(readExif(adapted)).toMatchObject({ orientation: 1, gps: true, serialNumber: true, thumbnail: false });
    const view = new DataView(adapted.buffer);
    // The EXIF directory sits at 1024 (see test/exif.ts): PixelXDimension, then PixelYDimension, are LONGs.
    const entries = view.getUint16(1024);
    const values = Array.from({ length: entries }, (_, i) => [
      view.getUint16(1026 + 12 * i),
      view.getUint32(1034 + 12 * i),
    ]);
    expect(values).toContainEqual([0xa002, 80]);
    expect(values).toContainEqual([0xa003, 100]);
    expect(input).toEqual(cameraExif(6));
  });

  it("leaves bytes that are not EXIF as they are", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(adaptExif(bytes, { orientation: 1, width: 1, height: 1 })).toEqual(bytes);
  });
});

describe("minimalExif", () => {
  it("writes an orientation and a density other readers understand", () => {
    expect(readExif(minimalExif({ orientation: 6, density: { x: 300, y: 72.5 } }))).toMatchObject({
      orientation: 6,
      density: { x: 300, y: 72.5 },
    });
    expect(readExif(minimalExif({}))).toMatchObject({ gps: false, thumbnail: false });
  });
});

describe("readTiffSize", () => {
  it("reads SHORT and LONG sizes", () => {
    expect(readTiffSize(buildExif({ ifd0: { 256: { short: 640 }, 257: { long: 70_000 } } }))).toEqual({
      width: 640,
      height: 70_000,
    });
    expect(readTiffSize(buildExif({ ifd0: { 256: { short: 640 } } }))).toBeUndefined();
  });
});
