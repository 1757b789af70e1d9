import { describe, expect, it } from "vitest";
import { buildExif } from "../../test/exif.js";
import { ANIMATED_GIF_4X3, GIF_4X3, JPEG_5X4, PNG_3X2 } from "../../test/images.js";
import { isAnimatedImage, readImageFileInfo, sniffImageFileType } from "./image-format.js";

function box(type: string, ...content: Array<Uint8Array | number[]>): Buffer {
  const body = Buffer.concat(content.map((part) => Buffer.from(part)));
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, "latin1");
  return Buffer.concat([head, body]);
}

function ispe(width: number, height: number): Buffer {
  const body = Buffer.alloc(12);
  body.writeUInt32BE(width, 4);
  body.writeUInt32BE(height, 8);
  return box("ispe", body);
}

/** An ISO-BMFF image: ftyp with `brands`, and meta → iprp → ipco holding spatial extents (a thumbnail's too). */
function heif(brands: string[], sizes: Array<[number, number]>, extra: Buffer[] = []): Uint8Array {
  const ftyp = box("ftyp", Buffer.from(brands[0] as string), [0, 0, 0, 0], Buffer.from(brands.slice(1).join("")));
  const ipco = box("ipco", ...sizes.map(([w, h]) => ispe(w, h)), ...extra);
  const meta = box("meta", [0, 0, 0, 0], box("hdlr", new Uint8Array(24)), box("iprp", ipco));
  return new Uint8Array(Buffer.concat([ftyp, meta]));
}

describe("other image types", () => {
  it.each([
    [
      "an AVIF",
      heif(
        ["avif", "mif1", "miaf"],
        [
          [1920, 1080],
          [320, 180],
        ],
      ),
      "image/avif",
      1920,
      1080,
    ],
    [
      "a HEIC (iPhone: a grid of tiles)",
      heif(
        ["heic", "mif1", "heic"],
        [
          [512, 512],
          [4032, 3024],
        ],
      ),
      "image/heic",
      4032,
      3024,
    ],
    ["a HEIF whose compatible brands say AVIF", heif(["mif1", "avif"], [[64, 48]]), "image/avif", 64, 48],
    ["a generic HEIF", heif(["mif1", "miaf"], [[64, 48]]), "image/heif", 64, 48],
  ])("reads %s's type and largest spatial extent", (_name, bytes, mimeType, width, height) => {
    expect(sniffImageFileType(bytes)).toBe(mimeType);
    expect(readImageFileInfo(bytes)).toEqual({ mimeType, width, height });
    expect(isAnimatedImage(bytes)).toBe(false);
  });

  it("takes AVIF and HEIF sequences for animations", () => {
    expect(isAnimatedImage(heif(["avis", "avif", "msf1"], [[64, 48]]))).toBe(true);
    expect(isAnimatedImage(heif(["msf1", "hevc"], [[64, 48]]))).toBe(true);
  });

  it("has no size for an ISO-BMFF file without spatial extents, or whose boxes are broken", () => {
    expect(readImageFileInfo(heif(["avif"], []))).toEqual({ mimeType: "image/avif" });
    const broken = heif(["avif"], [[10, 10]]);
    new DataView(broken.buffer).setUint32(16, 3);
    expect(readImageFileInfo(broken)).toEqual({ mimeType: "image/avif" });
  });

  it("reads a TIFF's size, in either byte order", () => {
    for (const littleEndian of [true, false]) {
      const tiff = buildExif({ littleEndian, ifd0: { 256: { long: 3000 }, 257: { short: 2000 } } });
      expect(readImageFileInfo(tiff)).toEqual({ mimeType: "image/tiff", width: 3000, height: 2000 });
    }
  });

  it("reads a BMP's size, top-down and OS/2 ones too", () => {
    const bmp = Buffer.alloc(54);
    bmp.write("BM", 0, "latin1");
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(640, 18);
    bmp.writeInt32LE(-480, 22);
    expect(readImageFileInfo(new Uint8Array(bmp))).toEqual({ mimeType: "image/bmp", width: 640, height: 480 });
    const os2 = Buffer.alloc(26);
    os2.write("BM", 0, "latin1");
    os2.writeUInt32LE(12, 14);
    os2.writeUInt16LE(32, 18);
    os2.writeUInt16LE(16, 20);
    expect(readImageFileInfo(new Uint8Array(os2))).toEqual({ mimeType: "image/bmp", width: 32, height: 16 });
  });

  it.each([
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    '\ufeff<?xml version="1.0"?>\n<!-- a logo -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg>',
  ])("recognises an SVG, which has no pixel size: %j", (source) => {
    const bytes = new Uint8Array(Buffer.from(source));
    expect(readImageFileInfo(bytes)).toEqual({ mimeType: "image/svg+xml" });
  });

  it("tells the usual types apart from these, and gives up on what it does not know", () => {
    expect([PNG_3X2, JPEG_5X4, GIF_4X3].map(sniffImageFileType)).toEqual(["image/png", "image/jpeg", "image/gif"]);
    expect(readImageFileInfo(GIF_4X3)).toEqual({ mimeType: "image/gif", width: 4, height: 3 });
    expect(readImageFileInfo(ANIMATED_GIF_4X3.subarray(0, 8))).toBeUndefined();
    expect(readImageFileInfo(PNG_3X2.subarray(0, 20))).toBeUndefined();
    expect(readImageFileInfo(new TextEncoder().encode("<html><svg></svg></html>"))).toBeUndefined();
    expect(readImageFileInfo(heif(["isom", "mp42"], []))).toBeUndefined();
  });
});
