import { describe, expect, it } from "vitest";
import { fixture, GIF_4X3, JPEG_5X4, PNG_3X2, WEBP_6X5 } from "../../test/images.js";
import { makePng, pngChunk } from "../../test/png.js";
import { mayHaveTransparency } from "./alpha-channel.js";
import { conversionTarget } from "./convert-to.js";

const VENDOR = ["image/png", "image/jpeg", "image/webp"] as const;
const FIGMA = ["image/png", "image/jpeg", "image/gif"] as const;

function ftyp(major: string, extra = ""): Uint8Array {
  const content = Buffer.from(`${major}\0\0\0\0${major}${extra}`, "latin1");
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + content.length, 0);
  head.write("ftyp", 4, "latin1");
  return new Uint8Array(Buffer.concat([head, content]));
}

describe("conversionTarget", () => {
  it("needs no conversion for a type that is taken", () => {
    expect(conversionTarget(PNG_3X2, VENDOR)).toBeUndefined();
    expect(conversionTarget(new TextEncoder().encode("text"), VENDOR)).toBeUndefined();
  });

  it("turns photos into JPEG, lossless sources into PNG, and anything transparent into PNG", () => {
    expect(conversionTarget(ftyp("heic"), VENDOR)).toBe("image/jpeg");
    expect(conversionTarget(ftyp("avif"), VENDOR)).toBe("image/jpeg");
    const transparentAvif = new Uint8Array([
      ...ftyp("avif"),
      ...Buffer.from("auxCurn:mpeg:mpegB:cicp:systems:auxiliary:alpha"),
    ]);
    expect(conversionTarget(transparentAvif, VENDOR)).toBe("image/png");
    expect(conversionTarget(new Uint8Array(Buffer.from("II*\0\x08\0\0\0", "latin1")), VENDOR)).toBe("image/png");
    expect(conversionTarget(GIF_4X3, VENDOR)).toBe("image/png");
    expect(conversionTarget(new Uint8Array(Buffer.from("<svg></svg>")), VENDOR)).toBe("image/png");
  });

  it("for a platform without WebP: lossy WebP to JPEG, lossless or transparent WebP to PNG", () => {
    expect(conversionTarget(WEBP_6X5, FIGMA)).toBe("image/jpeg");
    expect(conversionTarget(fixture("9x4-lossless.webp"), FIGMA)).toBe("image/png");
    expect(conversionTarget(fixture("4x7-alpha.webp"), FIGMA)).toBe("image/png");
  });

  it("finds nothing that keeps transparency for a JPEG-only target", () => {
    expect(conversionTarget(makePng({ colourType: 6 }), ["image/jpeg"])).toBeUndefined();
    expect(conversionTarget(JPEG_5X4, ["image/png"])).toBe("image/png");
  });
});

describe("mayHaveTransparency", () => {
  it("reads it from the header: alpha channels, tRNS, WebP's flags", () => {
    expect(mayHaveTransparency(makePng({ colourType: 6 }))).toBe(true);
    expect(mayHaveTransparency(makePng({ colourType: 4 }))).toBe(true);
    expect(mayHaveTransparency(makePng({ before: [pngChunk("tRNS", [0, 1, 0, 1, 0, 1])] }))).toBe(true);
    expect(mayHaveTransparency(makePng())).toBe(false);
    expect(mayHaveTransparency(makePng({ width: 0 }))).toBe(false);
    expect(mayHaveTransparency(fixture("4x7-alpha.webp"))).toBe(true);
    expect(mayHaveTransparency(WEBP_6X5)).toBe(false);
    expect(mayHaveTransparency(JPEG_5X4)).toBe(false);
    expect(mayHaveTransparency(new Uint8Array(Buffer.from("BM\0\0")))).toBe(false);
  });
});
