import { describeMetadata, type ImageCodec, prepareUpload, restoreFromInput } from "@upscale/core/provider-kit";
import sharp, { type Sharp } from "sharp";
import { describe, expect, it } from "vitest";
import { exiftool } from "../test/exiftool.js";
import { logo, MOTION_PHOTO_VIDEO, phonePhoto, storedPicture } from "../test/real-world-images.js";
import { decode, type RawImage, toSharp } from "../test/synthetic-image.js";
import { createLocalProvider } from "./local-provider.js";
import { sharpCodec } from "./sharp-codec.js";

/**
 * A vendor as the findings describe them, played by sharp: it upscales 2× whatever pixels it is sent (aligned,
 * as the offline provider does), reads no EXIF (so it ignores the orientation tag), writes no metadata, and may
 * lose alpha one of two ways: dropping it (colours as stored) or flattening onto a background.
 */
const vendor = {
  ignoresOrientation: (bytes: Uint8Array) => twice(bytes, (image) => image),
  dropsAlpha: (bytes: Uint8Array) => twice(bytes, (image) => image.removeAlpha()),
  flattensOnto: (background: string) => (bytes: Uint8Array) => twice(bytes, (image) => image.flatten({ background })),
};

async function twice(bytes: Uint8Array, change: (image: Sharp) => Sharp): Promise<Uint8Array> {
  // The EXIF goes first: this vendor sees the pixels as stored.
  const stored = await sharp(bytes).png().toBuffer();
  const upscaled = await createLocalProvider({ format: "png", metadata: "strip" }).upscale({ bytes: stored }, {});
  return new Uint8Array(await change(sharp(upscaled.bytes)).png().toBuffer());
}

/** What viewers show: the pixels with EXIF orientation applied. */
async function shown(bytes: Uint8Array): Promise<RawImage> {
  const { data, info } = await sharp(bytes).autoOrient().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 };
}

function isRed(image: RawImage, x: number, y: number): boolean {
  const at = (y * image.width + x) * image.channels;
  return (image.data[at] as number) > 200 && (image.data[at + 1] as number) < 60 && (image.data[at + 2] as number) < 60;
}

describe("prepareUpload with sharpCodec (findings 2, 3): only the pixels people see, and only what is needed", () => {
  it("sends a phone photo upright, without GPS, serial number, names, XMP or its video — at its quality", async () => {
    const input = await phonePhoto();
    const prepared = await prepareUpload(input, sharpCodec);
    const tags = exiftool(prepared.bytes, "-JPEGQualityEstimate", "-all");
    expect(tags).toMatchObject({ "File:ImageWidth": 48, "File:ImageHeight": 64, "File:JPEGQualityEstimate": 92 });
    const sent = Object.keys(tags).filter((tag) => /^(IFD0|ExifIFD|GPS|XMP|IPTC)/.test(tag));
    expect(sent).toEqual([]);
    expect(Buffer.from(prepared.bytes).includes(MOTION_PHOTO_VIDEO.subarray(4, 12))).toBe(false);
    expect(prepared.orientation).toBe(1);
    expect(describeMetadata(prepared.removed)).toBe(
      "EXIF (camera, settings, dates), GPS position, camera or lens serial number, names (artist, owner, " +
        "copyright), XMP and data stored after the image (such as a Motion Photo's video)",
    );
    // Upright: the red block stored top-left is shown top-right.
    const pixels = await shown(prepared.bytes);
    expect(isRed(pixels, 44, 4)).toBe(true);
  });

  it("sends the metadata when the user opts in, with the orientation the pixels now have", async () => {
    const prepared = await prepareUpload(await phonePhoto(), sharpCodec, { sendMetadata: true });
    expect(exiftool(prepared.bytes)).toMatchObject({
      "IFD0:Orientation": 1,
      "GPS:GPSLatitudeRef": "N",
      "ExifIFD:SerialNumber": "SN-123456",
    });
    expect(prepared.removed).toEqual(["trailer"]);
  });
});

describe("a vendor result, with restoreFromInput (findings 2, 8)", () => {
  it("comes back sideways from a vendor that ignores the tag, if the original bytes were sent", async () => {
    const sideways = await shown(await vendor.ignoresOrientation(await phonePhoto()));
    expect([sideways.width, sideways.height]).toEqual([128, 96]);
  });

  it("comes back upright, with the input's metadata, when sent prepared and restored", async () => {
    const input = await phonePhoto();
    const prepared = await prepareUpload(input, sharpCodec);
    const restored = await restoreFromInput(input, await vendor.ignoresOrientation(prepared.bytes), sharpCodec, {
      orientation: prepared.orientation,
    });
    const pixels = await shown(restored.bytes);
    expect([pixels.width, pixels.height]).toEqual([96, 128]);
    expect(isRed(pixels, 90, 8)).toBe(true);
    expect(exiftool(restored.bytes)).toMatchObject({
      "IFD0:Orientation": 1,
      "IFD0:Artist": "Jane Doe",
      "ExifIFD:SerialNumber": "SN-123456",
      "GPS:GPSLatitudeRef": "N",
      "XMP-dc:Creator": "Jane Doe",
    });
  });

  it("comes back upright even from a platform that cannot turn pixels: the result gets the tag back", async () => {
    const input = await phonePhoto();
    const cannotTurn: ImageCodec = { transform: sharpCodec.transform };
    const prepared = await prepareUpload(input, cannotTurn);
    expect(prepared.orientation).toBe(6);
    const restored = await restoreFromInput(input, await vendor.ignoresOrientation(prepared.bytes), cannotTurn, {
      orientation: prepared.orientation,
    });
    expect(exiftool(restored.bytes)["IFD0:Orientation"]).toBe(6);
    const pixels = await shown(restored.bytes);
    expect([pixels.width, pixels.height]).toEqual([96, 128]);
    expect(isRed(pixels, 90, 8)).toBe(true);
  });

  const logoPng = () => toSharp(logo()).png().toBuffer();
  /** The offline provider's 2× of the logo: the alpha and colours a result should have. */
  const reference = async () => decode((await createLocalProvider().upscale({ bytes: await logoPng() }, {})).bytes);

  it.each([
    ["drops alpha", vendor.dropsAlpha],
    ["flattens onto black", vendor.flattensOnto("#000000")],
    ["flattens onto white", vendor.flattensOnto("#ffffff")],
  ])("gets its transparency back from a vendor that %s, without a halo", async (_how, run) => {
    const input = new Uint8Array(await logoPng());
    const opaque = await run(input);
    expect((await sharp(opaque).stats()).isOpaque).toBe(true);
    const restored = await restoreFromInput(input, opaque, sharpCodec);
    expect(restored.notes).toEqual([
      "The upscaler returned the image without its transparency; the input's transparency was put back.",
    ]);
    const [result, expected] = [await decode(restored.bytes), await reference()];
    expect(result.channels).toBe(4);
    const orange = [230, 120, 20] as const;
    let worstAlpha = 0;
    let worstColour = 0;
    for (let i = 0; i < result.width * result.height; i++) {
      const alpha = result.data[i * 4 + 3] as number;
      worstAlpha = Math.max(worstAlpha, Math.abs(alpha - (expected.data[i * 4 + 3] as number)));
      // Where a pixel is visible enough to matter, its colour is the logo's: no dark or light fringe.
      if (alpha < 64) continue;
      for (let c = 0; c < 3; c++) {
        worstColour = Math.max(worstColour, Math.abs((result.data[i * 4 + c] as number) - (orange[c] as number)));
      }
    }
    expect(worstAlpha).toBeLessThanOrEqual(2);
    expect(worstColour).toBeLessThanOrEqual(24);
  });

  it("leaves a result that kept its transparency alone", async () => {
    const input = new Uint8Array(await logoPng());
    const kept = await twice(input, (image) => image);
    expect((await sharp(kept).stats()).isOpaque).toBe(false);
    const restored = await restoreFromInput(input, kept, sharpCodec);
    expect(restored.notes).toEqual([]);
    expect(restored.bytes).toEqual(kept);
  });
});

describe("sharpCodec's measures", () => {
  it("measures the share of pixels that are not opaque, 8- and 16-bit alike", async () => {
    const disc = await toSharp(logo()).png().toBuffer();
    const share = await sharpCodec.transparency?.(disc);
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.7);
    const eight = logo();
    const wide = Uint16Array.from(eight.data, (value) => value * 257);
    const sixteen = await sharp(wide, { raw: { width: eight.width, height: eight.height, channels: 4 } })
      .toColourspace("rgb16")
      .png()
      .toBuffer();
    expect((await sharp(sixteen).metadata()).depth).toBe("ushort");
    expect(await sharpCodec.transparency?.(sixteen)).toBeCloseTo(share ?? 0, 2);
    const opaqueRgba = await sharp({ create: { width: 4, height: 4, channels: 4, background: "#ff0000ff" } })
      .png()
      .toBuffer();
    expect(await sharpCodec.transparency?.(opaqueRgba)).toBe(0);
    expect(await sharpCodec.transparency?.(await toSharp(storedPicture()).jpeg().toBuffer())).toBe(0);
  });
});
