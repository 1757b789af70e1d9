import { applyFitPlan, fitToLimits, readImageInfo } from "@upscale/core/provider-kit";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { exiftool } from "../test/exiftool.js";
import { detailedPicture, toSharp } from "../test/synthetic-image.js";
import { sharpCodec } from "./sharp-codec.js";

const picture = detailedPicture(120, 80);
const png = new Uint8Array(await toSharp(picture).png().toBuffer());

/** A 60×40 PNG with a transparent half. */
async function translucentPng(): Promise<Uint8Array> {
  const raw = Buffer.alloc(60 * 40 * 4);
  for (let i = 0; i < 60 * 40; i++) raw.set([200, 30, 30, i % 60 < 30 ? 255 : 0], i * 4);
  return new Uint8Array(
    await sharp(raw, { raw: { width: 60, height: 40, channels: 4 } })
      .png()
      .toBuffer(),
  );
}

describe("sharpCodec", () => {
  it("gives bytes already of the wanted type, with no size asked, back unchanged", async () => {
    expect(await sharpCodec.transform(png, { mimeType: "image/png" })).toBe(png);
  });

  it("converts, keeping the size", async () => {
    for (const mimeType of ["image/jpeg", "image/webp"] as const) {
      const converted = await sharpCodec.transform(png, { mimeType });
      expect(readImageInfo(converted)).toEqual({ mimeType, width: 120, height: 80 });
    }
  });

  it("encodes like `encodeLike`: a vendor's PNG goes back to JPEG at the input's quality and subsampling", async () => {
    const picture = toSharp(detailedPicture(40, 30));
    const input = new Uint8Array(await picture.clone().jpeg({ quality: 75, chromaSubsampling: "4:2:0" }).toBuffer());
    const vendorPng = new Uint8Array(await picture.clone().png().toBuffer());
    const like = await sharpCodec.transform(vendorPng, { mimeType: "image/jpeg", encodeLike: input });
    const plain = await sharpCodec.transform(vendorPng, { mimeType: "image/jpeg" });
    const read = (bytes: Uint8Array) => exiftool(bytes, "-JPEGQualityEstimate", "-YCbCrSubSampling");
    expect(read(like)).toMatchObject({ "File:JPEGQualityEstimate": 75, "File:YCbCrSubSampling": "2 2" });
    // Without it: a PNG is a lossless source, so full chroma at quality 90.
    expect(read(plain)).toMatchObject({ "File:JPEGQualityEstimate": 90, "File:YCbCrSubSampling": "1 1" });
  });

  it("resizes to exactly the size asked", async () => {
    const smaller = await sharpCodec.transform(png, { mimeType: "image/png", width: 61, height: 41 });
    expect(readImageInfo(smaller)).toEqual({ mimeType: "image/png", width: 61, height: 41 });
  });

  it("keeps alpha where the format has it, and flattens onto white for JPEG", async () => {
    const translucent = await translucentPng();
    const webp = await sharpCodec.transform(translucent, { mimeType: "image/webp" });
    expect((await sharp(webp).metadata()).hasAlpha).toBe(true);
    const jpeg = await sharpCodec.transform(translucent, { mimeType: "image/jpeg" });
    const { data } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    const transparentSide = (20 * 60 + 50) * 3;
    expect([...data.subarray(transparentSide, transparentSide + 3)].every((v) => v > 245)).toBe(true);
  });

  it("reads a GIF (Figma stores them) and writes it as PNG", async () => {
    const gif = new Uint8Array(await toSharp(picture).gif().toBuffer());
    expect(readImageInfo(await sharpCodec.transform(gif, { mimeType: "image/png" }))).toEqual({
      mimeType: "image/png",
      width: 120,
      height: 80,
    });
  });

  it("carries out a fitToLimits plan through the core's applyFitPlan", async () => {
    const plan = fitToLimits(
      { mimeType: "image/webp", width: 120, height: 80 },
      {
        maxSide: 64,
        acceptedTypes: ["image/png", "image/jpeg"],
      },
    );
    const webp = await sharpCodec.transform(png, { mimeType: "image/webp" });
    const fitted = await applyFitPlan(webp, plan, sharpCodec);
    expect(readImageInfo(fitted)).toEqual({ mimeType: "image/png", width: 64, height: 43 });
  });

  it("refuses what it cannot read as UNSUPPORTED_IMAGE", async () => {
    await expect(
      sharpCodec.transform(new TextEncoder().encode("hello"), { mimeType: "image/png" }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_IMAGE" });
    const cut = png.subarray(0, png.length / 2);
    await expect(sharpCodec.transform(cut, { mimeType: "image/jpeg" })).rejects.toMatchObject({
      code: "UNSUPPORTED_IMAGE",
      message: expect.stringContaining("Could not decode this PNG image"),
    });
  });

  it("turns pixels upright in the input's own type and encoding", async () => {
    const stored = toSharp(detailedPicture(40, 30));
    const jpeg = await stored
      .clone()
      .jpeg({ quality: 95, chromaSubsampling: "4:4:4" })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const upright = await sharpCodec.upright?.(new Uint8Array(jpeg));
    expect(readImageInfo(upright ?? new Uint8Array())).toEqual({ mimeType: "image/jpeg", width: 30, height: 40 });
    const tags = exiftool(upright ?? new Uint8Array(), "-JPEGQualityEstimate", "-YCbCrSubSampling");
    expect(tags).toMatchObject({ "File:JPEGQualityEstimate": 95, "File:YCbCrSubSampling": "1 1" });
    const webp = await stored.clone().webp({ lossless: true }).withMetadata({ orientation: 8 }).toBuffer();
    const uprightWebp = await sharpCodec.upright?.(new Uint8Array(webp));
    expect(exiftool(uprightWebp ?? new Uint8Array())["RIFF:VP8Version"]).toBeUndefined();
    expect(readImageInfo(uprightWebp ?? new Uint8Array())).toMatchObject({ width: 30, height: 40 });
    await expect(sharpCodec.upright?.(new Uint8Array(await stored.clone().gif().toBuffer()))).rejects.toMatchObject({
      code: "UNSUPPORTED_IMAGE",
    });
  });
});
