import { crc32 } from "node:zlib";
import { type UpscaleResult, upscale } from "@upscale/core";
import { sniffImageType, TaskError, type UpscaleProgress } from "@upscale/core/provider-kit";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decode, detailedPicture, type RawImage, toSharp } from "../test/synthetic-image.js";
import { createLocalProvider } from "./local-provider.js";
import type { LocalOutputFormat } from "./output-format.js";

const picture = detailedPicture(48, 32);
const encoded = {
  png: await toSharp(picture).png().toBuffer(),
  jpeg: await toSharp(picture).jpeg().toBuffer(),
  webp: await toSharp(picture).webp().toBuffer(),
};

function solid(width: number, height: number, rgba: number[], paint?: (x: number, y: number) => number[]): RawImage {
  const channels = rgba.length as 3 | 4;
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(paint?.(x, y) ?? rgba, (y * width + x) * channels);
  }
  return { data, width, height, channels };
}

function pixel(image: RawImage, x: number, y: number): number[] {
  const start = (y * image.width + x) * image.channels;
  return [...image.data.subarray(start, start + image.channels)];
}

/** The same PNG with a different size in its header (and the header's checksum fixed). */
function withPngHeaderSize(png: Buffer, width: number, height: number): Buffer {
  const patched = Buffer.from(png);
  patched.writeUInt32BE(width, 16);
  patched.writeUInt32BE(height, 20);
  patched.writeUInt32BE(crc32(patched.subarray(12, 29)), 29);
  return patched;
}

describe("createLocalProvider: size and format", () => {
  it("plugs into the core as 'local' and upscales through upscale()", async () => {
    const progress: UpscaleProgress[] = [];
    const result = await upscale(
      { bytes: encoded.png },
      { provider: createLocalProvider(), scale: 3, onProgress: (p) => progress.push(p) },
    );
    expect(result).toMatchObject({ provider: "local", mimeType: "image/png", width: 144, height: 96 });
    expect(result.meta).toEqual({
      scale: 3,
      interpolator: "bicubic",
      encoding: "PNG",
      metadata: { kept: [], dropped: [] },
    });
    expect(result.notes).toEqual([]);
    expect(progress).toEqual([
      { stage: "processing", percent: 0 },
      { stage: "processing", percent: 2 },
      { stage: "processing", percent: 90 },
      { stage: "done", percent: 100 },
    ]);
  });

  it.each([
    [undefined, 96, 64],
    [2, 96, 64],
    [3, 144, 96],
    [4, 192, 128],
  ])("scale %s gives %i×%i", async (scale, width, height) => {
    const result = await createLocalProvider().upscale({ bytes: encoded.png }, { scale });
    expect(result).toMatchObject({ width, height });
    expect(await decode(result.bytes)).toMatchObject({ width, height });
  });

  it.each<LocalOutputFormat>(["png", "jpeg", "webp"])("keeps %s input as %s", async (format) => {
    const result = await createLocalProvider().upscale({ bytes: encoded[format] }, {});
    expect(result.mimeType).toBe(`image/${format}`);
    expect(sniffImageType(result.bytes)).toBe(`image/${format}`);
    expect((await sharp(result.bytes).metadata()).format).toBe(format);
  });

  it.each<[keyof typeof encoded, LocalOutputFormat]>([
    ["jpeg", "webp"],
    ["png", "jpeg"],
    ["webp", "png"],
  ])("turns %s input into the %s it was asked for", async (input, format) => {
    const result = await createLocalProvider({ format }).upscale({ bytes: encoded[input] }, {});
    expect(result.mimeType).toBe(`image/${format}`);
    expect(sniffImageType(result.bytes)).toBe(`image/${format}`);
  });
});

describe("createLocalProvider: colour, alpha and orientation", () => {
  it("keeps a non-sRGB ICC profile and does not convert the pixels", async () => {
    const input = await toSharp(solid(24, 16, [200, 100, 50]))
      .withIccProfile("p3")
      .png()
      .toBuffer();
    const inputIcc = (await sharp(input).metadata()).icc;
    const srgbIcc = (
      await sharp(input)
        .withIccProfile("srgb")
        .toBuffer()
        .then((b) => sharp(b).metadata())
    ).icc;
    expect(inputIcc).toBeDefined();
    expect(inputIcc?.equals(srgbIcc ?? Buffer.alloc(0))).toBe(false);

    const result = await createLocalProvider().upscale({ bytes: input }, {});
    expect((await sharp(result.bytes).metadata()).icc?.equals(inputIcc ?? Buffer.alloc(0))).toBe(true);
    const [before, after] = [await decode(input), await decode(result.bytes)];
    expect(pixel(after, 0, 0)).toEqual(pixel(before, 0, 0));
    expect(pixel(after, 47, 31)).toEqual(pixel(before, 23, 15));
  });

  const sticker = solid(32, 32, [0, 0, 0, 0], (x, y) =>
    x >= 8 && x < 24 && y >= 8 && y < 24 ? [10, 200, 30, 255] : [0, 0, 0, 0],
  );

  it("keeps alpha, without dark fringes where opaque meets transparent", async () => {
    const input = await toSharp(sticker).png().toBuffer();
    const output = await decode((await createLocalProvider().upscale({ bytes: input }, {})).bytes);
    expect(output.channels).toBe(4);
    expect(pixel(output, 0, 0)[3]).toBe(0);
    expect(pixel(output, 32, 32)).toEqual([10, 200, 30, 255]);
    for (let y = 0; y < output.height; y++) {
      for (let x = 0; x < output.width; x++) {
        const [r = 0, g = 0, b = 0, a = 0] = pixel(output, x, y);
        if (a >= 32)
          expect(Math.max(Math.abs(r - 10), Math.abs(g - 200), Math.abs(b - 30)), `${x},${y}`).toBeLessThan(8);
      }
    }
  });

  it("keeps alpha in WebP output and flattens it onto white for JPEG", async () => {
    const input = await toSharp(sticker).png().toBuffer();
    const webp = await decode((await createLocalProvider({ format: "webp" }).upscale({ bytes: input }, {})).bytes);
    expect(webp.channels).toBe(4);
    expect(pixel(webp, 0, 0)[3]).toBe(0);
    expect(pixel(webp, 32, 32)[3]).toBe(255);
    const jpeg = await decode((await createLocalProvider({ format: "jpeg" }).upscale({ bytes: input }, {})).bytes);
    expect(jpeg.channels).toBe(3);
    for (const value of pixel(jpeg, 0, 0)) expect(value).toBeGreaterThanOrEqual(250);
  });

  it("applies EXIF orientation to the pixels and writes an upright image without the tag", async () => {
    // Stored 40×20 with a red top-left corner; orientation 6 means "rotate 90° clockwise to display".
    const stored = solid(40, 20, [0, 0, 255], (x, y) => (x < 10 && y < 10 ? [255, 0, 0] : [0, 0, 255]));
    const input = await toSharp(stored).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(input).metadata()).orientation).toBe(6);

    const result = await createLocalProvider().upscale({ bytes: input }, {});
    expect(result).toMatchObject({ width: 40, height: 80 });
    // The input's EXIF is kept, saying the pixels are now stored upright.
    expect((await sharp(result.bytes).metadata()).orientation).toBe(1);
    const output = await decode(result.bytes);
    const [red = 0, , blue = 0] = pixel(output, 30, 10);
    expect(red).toBeGreaterThan(200);
    expect(blue).toBeLessThan(60);
  });

  it("converts a CMYK JPEG to sRGB through its own profile, and drops the profile that no longer fits", async () => {
    const input = await toSharp(solid(24, 16, [192, 128, 64]))
      .withIccProfile("cmyk")
      .jpeg({ quality: 100 })
      .toBuffer();
    expect(await sharp(input).metadata()).toMatchObject({ space: "cmyk", channels: 4 });
    const converted = await sharp(input).toColourspace("srgb").png().toBuffer();
    const reference = (await sharp(converted).stats()).channels.map((c) => c.mean);

    const result = await createLocalProvider().upscale({ bytes: input }, {});
    const metadata = await sharp(result.bytes).metadata();
    expect(metadata).toMatchObject({ space: "srgb", channels: 3 });
    expect(metadata.icc).toBeUndefined();
    const means = (await sharp(result.bytes).stats()).channels.map((c) => c.mean);
    means.forEach((mean, channel) => {
      expect(Math.abs(mean - (reference[channel] ?? Number.NaN))).toBeLessThan(2);
    });
  });

  it("keeps greyscale and 16-bit PNGs as they are", async () => {
    const grey = solid(20, 10, [0, 0, 0], (x) => [x * 12, x * 12, x * 12]);
    const cases = [
      [await toSharp(grey).toColourspace("b-w").png().toBuffer(), { channels: 1, depth: "uchar" }],
      [await toSharp(grey).toColourspace("rgb16").png().toBuffer(), { channels: 3, depth: "ushort" }],
    ] as const;
    for (const [input, expected] of cases) {
      const result = await createLocalProvider().upscale({ bytes: input }, {});
      expect(await sharp(result.bytes).metadata()).toMatchObject(expected);
    }
  });
});

describe("createLocalProvider: errors", () => {
  const provider = createLocalProvider();

  it.each([1, 5, 2.5, 0, Number.NaN])("rejects scale %s and names the allowed ones", async (scale) => {
    await expect(provider.upscale({ bytes: encoded.png }, { scale })).rejects.toMatchObject({
      code: "INVALID_REQUEST",
      message: expect.stringContaining("2, 3, 4"),
    });
  });

  it("rejects an unknown output format when created", () => {
    expect(() => createLocalProvider({ format: "gif" as LocalOutputFormat })).toThrow(
      expect.objectContaining({ code: "INVALID_REQUEST", message: expect.stringContaining("png, jpeg, webp") }),
    );
  });

  it("rejects bytes that are not an image it reads, naming what it reads", async () => {
    await expect(provider.upscale({ bytes: new TextEncoder().encode("hello") }, {})).rejects.toMatchObject({
      code: "UNSUPPORTED_IMAGE",
      message: expect.stringMatching(
        /^This file is not a PNG, JPEG, WebP, AVIF, TIFF or GIF.* image\. Convert it to PNG/,
      ),
    });
  });

  it.each([
    ["a PNG with a corrupt header", Buffer.concat([encoded.png.subarray(0, 8), Buffer.from("not a chunk at all")])],
    ["a truncated PNG", encoded.png.subarray(0, encoded.png.length / 2)],
    ["a truncated JPEG", encoded.jpeg.subarray(0, encoded.jpeg.length / 2)],
  ])("reports %s as UNSUPPORTED_IMAGE with what to do (the core's check, before sharp)", async (_, bytes) => {
    await expect(provider.upscale({ bytes }, {})).rejects.toMatchObject({
      code: "UNSUPPORTED_IMAGE",
      message: expect.stringMatching(/(PNG|JPEG) image is (cut short|damaged) .*Export or download it again/),
    });
  });

  it("reports an image sharp cannot decode as UNSUPPORTED_IMAGE with what to do", async () => {
    // Complete and intact to the core's eye (every chunk and CRC in place) but with a damaged pixel stream.
    const png = Buffer.from(encoded.png);
    const idat = png.indexOf("IDAT");
    const length = png.readUInt32BE(idat - 4);
    png.fill(0xff, idat + 8, idat + 40);
    png.writeUInt32BE(crc32(png.subarray(idat, idat + 4 + length)), idat + 4 + length);
    await expect(provider.upscale({ bytes: png }, {})).rejects.toMatchObject({
      code: "UNSUPPORTED_IMAGE",
      message: expect.stringMatching(/Could not decode this PNG image .*save it again/),
    });
  });

  it("refuses a decompression bomb, and an absurd output, from the header alone", async () => {
    const bomb = withPngHeaderSize(encoded.png, 20_000, 20_000);
    await expect(provider.upscale({ bytes: bomb }, { scale: 2 })).rejects.toMatchObject({
      code: "IMAGE_TOO_LARGE",
      message: expect.stringContaining("20000×20000"),
    });
    const large = withPngHeaderSize(encoded.png, 5_000, 5_000);
    await expect(provider.upscale({ bytes: large }, { scale: 4 })).rejects.toMatchObject({
      code: "IMAGE_TOO_LARGE",
      message: expect.stringContaining("20000×20000 (400 megapixels)"),
    });
  });

  it.each(["webp", "gif"] as const)(
    "refuses an animated %s instead of returning a still of its first frame",
    async (format) => {
      const frames = 3;
      // Frames that differ, or the encoder merges them into one.
      const raw = Buffer.from(Array.from({ length: 8 * 6 * frames * 4 }, (_, i) => (i * 37) % 256));
      const animated = await sharp(raw, { raw: { width: 8, height: 6 * frames, channels: 4, pageHeight: 6 } })
        [format]({ loop: 0, delay: [100, 100, 100] })
        .toBuffer();
      await expect(provider.upscale({ bytes: animated }, {})).rejects.toMatchObject({
        code: "UNSUPPORTED_IMAGE",
        message: expect.stringContaining("animated"),
      });
    },
  );
});

describe("createLocalProvider: cancellation", () => {
  const provider = createLocalProvider();

  it("rejects with ABORTED before any work when already cancelled", async () => {
    const progress: UpscaleProgress[] = [];
    const run = provider.upscale(
      { bytes: encoded.png },
      { signal: AbortSignal.abort(), onProgress: (p) => progress.push(p) },
    );
    await expect(run).rejects.toMatchObject({ code: "ABORTED" });
    expect(progress).toEqual([]);
  });

  it.each([
    ["as it starts", (percent: number) => percent === 0],
    ["after decoding", (percent: number) => percent === 2],
    ["after resampling, before encoding", (percent: number) => percent === 90],
  ])("rejects with ABORTED when cancelled %s", async (_, when) => {
    const controller = new AbortController();
    const run = provider.upscale(
      { bytes: encoded.png },
      { signal: controller.signal, onProgress: (p) => when(p.percent ?? 0) && controller.abort() },
    );
    await expect(run).rejects.toBeInstanceOf(TaskError);
    await expect(run).rejects.toMatchObject({ code: "ABORTED" });
  });

  it("rejects at once when cancelled while sharp is busy", async () => {
    const controller = new AbortController();
    let result: UpscaleResult | undefined;
    const run = provider.upscale({ bytes: encoded.png }, { signal: controller.signal }).then((value) => {
      result = value;
    });
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: "ABORTED" });
    expect(result).toBeUndefined();
  });

  it("passes the caller's own UpscaleError reason through", async () => {
    const reason = new TaskError("TIMEOUT", "The caller gave up.");
    await expect(provider.upscale({ bytes: encoded.png }, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});
