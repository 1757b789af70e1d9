import { describe, expect, it } from "vitest";
import { withApngControl } from "../../test/apng.js";
import { failure } from "../../test/failure.js";
import { ANIMATED_GIF_4X3, ANIMATED_WEBP_4X3, GIF_4X3, JPEG_5X4, PNG_3X2, WEBP_6X5 } from "../../test/images.js";
import { ihdr, makePng, PNG_SIGNATURE, pngChunk } from "../../test/png.js";
import type { ProviderCapabilities } from "../jobs/provider.js";
import { checkScale, checkUpscaleInput, type InputLimits } from "./check-upscale-input.js";

const ALL: ProviderCapabilities = {
  scales: [2, 3, 4],
  nominalScale: 2,
  maxInFlight: 2,
  inputTypes: ["image/png", "image/jpeg", "image/webp"],
  charges: false,
};

function refusal(bytes: Uint8Array, capabilities: InputLimits = ALL, providerName?: string) {
  return failure(Promise.resolve().then(() => checkUpscaleInput(bytes, capabilities, providerName)));
}

function concat(...parts: Array<Uint8Array | number[]>): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((part) => Buffer.from(part))));
}

describe("checkUpscaleInput", () => {
  it("returns the type and size of an image the provider takes", () => {
    expect(checkUpscaleInput(PNG_3X2, ALL)).toEqual({ mimeType: "image/png", width: 3, height: 2 });
    expect(checkUpscaleInput(JPEG_5X4, ALL)).toEqual({ mimeType: "image/jpeg", width: 5, height: 4 });
    expect(checkUpscaleInput(WEBP_6X5, ALL)).toEqual({ mimeType: "image/webp", width: 6, height: 5 });
  });

  it("refuses what is not an image", async () => {
    expect(await refusal(new TextEncoder().encode("hello"))).toMatchObject({
      name: "InputError",
      code: "UNSUPPORTED_IMAGE",
      message: "This file is not a PNG, JPEG or WebP image. Convert it to PNG and try again.",
    });
  });

  it("refuses animated GIF, WebP and PNG instead of returning one frame", async () => {
    for (const [bytes, name] of [
      [ANIMATED_GIF_4X3, "GIF"],
      [ANIMATED_WEBP_4X3, "WebP"],
      [withApngControl(PNG_3X2, 3, { stillIsFirstFrame: true }), "PNG"],
    ] as const) {
      const error = await refusal(bytes);
      expect(error.code).toBe("UNSUPPORTED_IMAGE");
      expect(error.message).toBe(
        `This ${name} is animated: upscaling it would keep only its first frame. Save the frame you want as a PNG and upscale that.`,
      );
    }
  });

  it("refuses a still GIF, and any type the provider does not take, naming what it takes", async () => {
    expect((await refusal(GIF_4X3)).message).toBe(
      "This provider takes PNG, JPEG or WebP images, not GIF. Convert it to PNG and try again.",
    );
    const pngOnly = { ...ALL, inputTypes: ["image/png"] as const };
    expect((await refusal(JPEG_5X4, pngOnly)).message).toBe(
      "This provider takes PNG images, not JPEG. Convert it to PNG and try again.",
    );
    expect((await refusal(PNG_3X2, { ...ALL, inputTypes: [] })).message).toContain("takes no images");
  });

  it("refuses a truncated image and one whose header is unreadable", async () => {
    const cut = await refusal(PNG_3X2.subarray(0, PNG_3X2.length - 5));
    expect(cut).toMatchObject({ code: "UNSUPPORTED_IMAGE" });
    expect(cut.message).toBe("This PNG image is cut short (it stops before its end). Export or download it again.");
    const headerOnly = await refusal(PNG_3X2.subarray(0, 10));
    expect(headerOnly.message).toContain("This PNG image is cut short (it stops before its header)");
    const cutJpeg = await refusal(JPEG_5X4.subarray(0, JPEG_5X4.length - 40));
    expect(cutJpeg.message).toContain("This JPEG image is cut short");
  });

  it("refuses an image over the provider's byte or pixel limit", async () => {
    const bytes = await refusal(PNG_3X2, { ...ALL, maxInputBytes: 50 });
    expect(bytes).toMatchObject({ code: "IMAGE_TOO_LARGE" });
    expect(bytes.message).toMatch(/^The image is 0\.1 MB; this provider takes at most 0\.1 MB\./);
    const pixels = await refusal(JPEG_5X4, { ...ALL, maxInputPixels: 19 });
    expect(pixels.message).toBe(
      "The image is 5×4 (0 MP); this provider takes at most 0 MP. Scale it down and try again.",
    );
    expect(checkUpscaleInput(JPEG_5X4, { ...ALL, maxInputPixels: 20, maxInputBytes: JPEG_5X4.length })).toMatchObject({
      width: 5,
    });
  });
});

describe("checkUpscaleInput: what is valid is accepted (finding 1)", () => {
  const trailer = Array.from({ length: 4096 }, (_, i) => (i * 31) % 256);

  it("takes a JPEG with any amount of data after its end (Samsung trailers, Motion Photos)", () => {
    // A Motion Photo: the JPEG, then its MP4 video ("ftyp…"), which contains FF D9 and other marker-like bytes.
    const video = concat([0, 0, 0, 0x18], Buffer.from("ftypmp42"), [0xff, 0xd9, 0xff, 0xd8], trailer);
    for (const bytes of [
      concat(JPEG_5X4, trailer),
      concat(JPEG_5X4, Buffer.from("SEFHSEFT")),
      concat(JPEG_5X4, video),
    ]) {
      expect(checkUpscaleInput(bytes, ALL)).toEqual({ mimeType: "image/jpeg", width: 5, height: 4 });
    }
  });

  it("takes a PNG with data after IEND", () => {
    expect(checkUpscaleInput(concat(PNG_3X2, trailer), ALL)).toEqual({ mimeType: "image/png", width: 3, height: 2 });
  });

  it("still refuses a JPEG whose image data stops early, whatever follows the cut", async () => {
    const cut = JPEG_5X4.subarray(0, JPEG_5X4.length - 10);
    expect((await refusal(cut)).message).toBe(
      "This JPEG image is cut short (it stops before its end). Export or download it again.",
    );
  });

  it("says an empty file is empty", async () => {
    expect(await refusal(new Uint8Array())).toMatchObject({
      code: "UNSUPPORTED_IMAGE",
      message: "The file is empty (0 bytes). Pick the image file itself and try again.",
    });
  });

  it("refuses an APNG whose still image is not part of its animation as animated, not as a still", async () => {
    const apng = withApngControl(PNG_3X2, 1);
    expect((await refusal(apng)).message).toBe(
      "This PNG is animated: viewers show its animation, and its still image is not part of it: upscaling would " +
        "return a picture people never saw. Save the frame you want as a PNG and upscale that.",
    );
    expect(checkUpscaleInput(withApngControl(PNG_3X2, 1, { stillIsFirstFrame: true }), ALL)).toMatchObject({
      width: 3,
    });
  });
});

describe("checkUpscaleInput: a PNG's structure, as PNG conformance files break it (finding 10)", () => {
  it("takes the generated PNG the cases below are made from", () => {
    expect(checkUpscaleInput(makePng({ width: 7, height: 5 }), ALL)).toEqual({
      mimeType: "image/png",
      width: 7,
      height: 5,
    });
  });

  it.each([
    // PngSuite xs*n, xcrn, xlfn: the signature altered (e.g. by a text-mode transfer).
    [
      "an altered signature",
      concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x0a], makePng().subarray(8)),
      "its signature is altered",
    ],
    [
      "a first chunk other than IHDR",
      concat(PNG_SIGNATURE, pngChunk("gAMA", [0, 0, 0xb1, 0x8f]), makePng().subarray(8)),
      "it does not start with a header chunk (IHDR)",
    ],
    // xhdn: the header's CRC is wrong.
    ["a wrong header CRC", corruptCrc(makePng(), "IHDR"), "the header chunk's checksum is wrong"],
    ["a zero width", makePng({ width: 0 }), "its header is invalid: it says 0×2"],
    ["a width over 2^31 − 1", makePng({ width: 0x80000000 }), "its header is invalid: it says 2147483648×2"],
    // xc1n, xc9n: colour types that do not exist.
    ["colour type 1", makePng({ colourType: 1 }), "colour type 1 does not exist"],
    ["colour type 9", makePng({ colourType: 9 }), "colour type 9 does not exist"],
    // xd0n, xd3n, xd9n: bit depths the colour type does not allow.
    ["bit depth 0", makePng({ bitDepth: 0, colourType: 0 }), "bit depth 0 is not allowed for colour type 0"],
    ["bit depth 3", makePng({ bitDepth: 3, colourType: 0 }), "bit depth 3 is not allowed for colour type 0"],
    ["bit depth 99", makePng({ bitDepth: 99, colourType: 0 }), "bit depth 99 is not allowed for colour type 0"],
    ["bit depth 4 with RGB", makePng({ bitDepth: 4, colourType: 2 }), "bit depth 4 is not allowed for colour type 2"],
    ["compression method 1", makePng({ compression: 1 }), "compression method 1 does not exist"],
    ["filter method 1", makePng({ filter: 1 }), "filter method 1 does not exist"],
    ["interlace method 2", makePng({ interlace: 2 }), "interlace method 2 does not exist"],
    [
      "a header of the wrong length",
      concat(PNG_SIGNATURE, pngChunk("IHDR", ihdr().subarray(8, 20)), makePng().subarray(33)),
      "its length is 12, not 13",
    ],
    // xcsn: a chunk with a bad CRC.
    ["a wrong IDAT CRC", corruptCrc(makePng(), "IDAT"), "the IDAT chunk's checksum is wrong"],
    [
      "a wrong text chunk CRC",
      corruptCrc(makePng({ before: [pngChunk("tEXt", Buffer.from("Title\0x"))] }), "tEXt"),
      "the tEXt chunk's checksum is wrong",
    ],
    // xdtn: no IDAT.
    ["no image data", makePng({ noImageData: true }), "it has no image data (IDAT)"],
    ["a palette image without PLTE", makePng({ colourType: 3 }), "its palette (PLTE) is missing"],
    [
      "an unknown critical chunk",
      makePng({ before: [pngChunk("ABCD", [1])] }),
      "it has an unknown critical chunk (ABCD)",
    ],
    [
      "a chunk type that is not letters",
      makePng({ before: [pngChunk("a1b2", [1])] }),
      "a chunk's type is not four letters",
    ],
  ])("refuses %s as damaged, before it is sent", async (_case, bytes, why) => {
    const error = await refusal(bytes);
    expect(error.code).toBe("UNSUPPORTED_IMAGE");
    expect(error.message).toMatch(/^This PNG image is damaged \(.*\)\. Export or download it again\.$/);
    expect(error.message).toContain(why);
  });

  it("takes a palette image with its PLTE, and ancillary chunks it does not know", () => {
    const palette = makePng({ colourType: 3, before: [pngChunk("PLTE", [0, 0, 0, 255, 255, 255])] });
    expect(checkUpscaleInput(palette, ALL)).toMatchObject({ width: 2 });
    expect(checkUpscaleInput(makePng({ before: [pngChunk("zzZz", [1, 2])] }), ALL)).toMatchObject({ width: 2 });
  });

  it("refuses a decompression bomb by its header, naming the provider's limit", async () => {
    // 12000 × 12000 pixels of one colour compress to a few kilobytes: the header is all it takes to see it.
    const bomb = makePng({ width: 12_000, height: 12_000 });
    expect(bomb.length).toBeLessThan(20_000);
    const error = await refusal(bomb, { ...ALL, maxInputPixels: 4096 * 4096 }, "Ideogram");
    expect(error).toMatchObject({ code: "IMAGE_TOO_LARGE" });
    expect(error.message).toBe(
      "The image is 12000×12000 (144 MP); Ideogram takes at most 16.8 MP. Scale it down and try again.",
    );
  });
});

describe("checkUpscaleInput: types beyond PNG, JPEG and WebP", () => {
  it("names the type, and what to convert it to, when the provider does not take it", async () => {
    const tiff = concat([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0], [0]);
    expect((await refusal(tiff)).message).toBe(
      "This provider takes PNG, JPEG or WebP images, not TIFF. Convert it to PNG and try again.",
    );
    const jpegOnly = { ...ALL, inputTypes: ["image/jpeg"] as const };
    expect((await refusal(PNG_3X2, jpegOnly, "the printer")).message).toBe(
      "The printer takes JPEG images, not PNG. Convert it to JPEG and try again.",
    );
    const transparent = makePng({ colourType: 6 });
    expect((await refusal(transparent, jpegOnly)).message).toContain("Convert it to one of those");
  });

  it("takes a type a provider reads beyond the three (the offline provider reads TIFF)", () => {
    const tiff = tiffOf(640, 480);
    expect(checkUpscaleInput(tiff, { inputTypes: ["image/tiff"] })).toEqual({
      mimeType: "image/tiff",
      width: 640,
      height: 480,
    });
    expect(() => checkUpscaleInput(tiff, { inputTypes: ["image/tiff"], maxInputPixels: 1000 })).toThrow(
      /The image is 640×480/,
    );
  });
});

/** A little-endian TIFF header and one directory with ImageWidth and ImageLength (LONG). */
function tiffOf(width: number, height: number): Uint8Array {
  const bytes = Buffer.alloc(8 + 2 + 2 * 12 + 4);
  bytes.write("II*\0", 0, "latin1");
  bytes.writeUInt32LE(8, 4);
  bytes.writeUInt16LE(2, 8);
  [
    [0x0100, width],
    [0x0101, height],
  ].forEach(([tag, value], i) => {
    bytes.writeUInt16LE(tag as number, 10 + 12 * i);
    bytes.writeUInt16LE(4, 12 + 12 * i);
    bytes.writeUInt32LE(1, 14 + 12 * i);
    bytes.writeUInt32LE(value as number, 18 + 12 * i);
  });
  return new Uint8Array(bytes);
}

/** The same PNG with the CRC of its first `type` chunk flipped. */
function corruptCrc(png: Uint8Array, type: string): Uint8Array {
  const copy = png.slice();
  const at = Buffer.from(copy).indexOf(type) - 4;
  const length = new DataView(copy.buffer).getUint32(at);
  copy[at + 8 + length] = (copy[at + 8 + length] as number) ^ 0xff;
  return copy;
}

describe("checkScale", () => {
  it("lets through the provider's scales and no scale at all", () => {
    expect(() => checkScale("local", ALL, 3)).not.toThrow();
    expect(() => checkScale("local", ALL, undefined)).not.toThrow();
  });

  it("refuses any other scale instead of ignoring it", () => {
    expect(() => checkScale("ideogram", { ...ALL, scales: [2] }, 4)).toThrow(
      expect.objectContaining({
        code: "INVALID_REQUEST",
        message: "The ideogram provider upscales by 2× only (asked for 4×). Pick one of those, or another provider.",
      }),
    );
  });
});
