import { readImageInfo } from "@upscale/core/provider-kit";
import sharp, { type Sharp } from "sharp";
import { describe, expect, it } from "vitest";
import { exiftool, exiftoolBinary } from "../test/exiftool.js";
import {
  gainMapOf,
  logo,
  MOTION_PHOTO_VIDEO,
  phonePhoto,
  stockPhoto,
  ultraHdrPhoto,
} from "../test/real-world-images.js";
import { decode, detailedPicture, toSharp } from "../test/synthetic-image.js";
import { LOCAL_INPUT_TYPES, READS_HEIC } from "./input-types.js";
import { createLocalProvider } from "./local-provider.js";

const upscale = (bytes: Uint8Array, options: Parameters<typeof createLocalProvider>[0] = {}) =>
  createLocalProvider(options).upscale({ bytes }, {});

describe("offline results keep the input's metadata (findings 4, 5), read back by exiftool", () => {
  it("keeps a phone photo's EXIF, upright: Orientation 1, its GPS position, camera and serial number", async () => {
    const result = await upscale(await phonePhoto());
    const tags = exiftool(result.bytes);
    expect(tags).toMatchObject({
      "IFD0:Orientation": 1,
      "IFD0:Make": "Phone Maker",
      "IFD0:Artist": "Jane Doe",
      "ExifIFD:SerialNumber": "SN-123456",
      "GPS:GPSLatitudeRef": "N",
      "XMP-dc:Creator": "Jane Doe",
      "File:ImageWidth": 96,
      "File:ImageHeight": 128,
      "ExifIFD:ExifImageWidth": 96,
      "ExifIFD:ExifImageHeight": 128,
    });
    expect(tags["GPS:GPSLatitude"]).toBeCloseTo(51.509, 3);
    // The video stays behind, and so do the properties that would send a viewer looking for it.
    expect(tags["XMP-GCamera:MotionPhoto"]).toBeUndefined();
    expect(Buffer.from(result.bytes).includes(MOTION_PHOTO_VIDEO.subarray(4, 12))).toBe(false);
    expect(result.notes).toContain("The input is a Motion Photo; the result keeps the photo, not its video.");
    expect(result.meta.metadata).toEqual({
      kept: ["exif", "gps", "serial-number", "names", "xmp"],
      dropped: ["trailer"],
    });
  });

  it("keeps a stock photo's rights: EXIF artist and copyright, XMP rights, IPTC creator, notice and credit", async () => {
    const input = await stockPhoto();
    for (const format of ["jpeg", "png"] as const) {
      const tags = exiftool((await upscale(input, { format })).bytes);
      expect(tags, format).toMatchObject({
        "IFD0:Artist": "Jane Doe",
        "IFD0:Copyright": "(c) Stock Inc.",
        "XMP-dc:Rights": "(c) Stock Inc.",
        "IPTC:By-line": "Jane Doe",
        "IPTC:CopyrightNotice": "(c) Stock Inc.",
        "IPTC:Credit": "Stock Inc.",
      });
    }
  });

  it("writes metadata exiftool finds well-formed: no warning the input did not already have", async () => {
    const input = await stockPhoto();
    const validate = (bytes: Uint8Array) => exiftool(bytes, "-validate")["ExifTool:Validate"];
    // "errors warnings minor-warnings"
    expect(validate((await upscale(input, { format: "png" })).bytes)).toBe("0 0 0");
    expect(validate((await upscale(input, { format: "webp" })).bytes)).toBe("0 0 0");
    expect(validate((await upscale(input)).bytes)).toBe(validate(input));
  });

  it("strips on request, keeping only the colour profile and density, and says what it stripped", async () => {
    const result = await upscale(await stockPhoto(), { metadata: "strip" });
    const tags = exiftool(result.bytes);
    for (const group of ["IFD0", "GPS", "XMP-dc", "IPTC"]) {
      expect(
        Object.keys(tags).filter((tag) => tag.startsWith(`${group}:`)),
        group,
      ).toEqual([]);
    }
    expect(tags).toMatchObject({ "JFIF:XResolution": 300, "JFIF:ResolutionUnit": 1 });
    expect(result.meta.metadata).toEqual({ kept: [], dropped: ["exif", "gps", "names", "xmp", "iptc"] });
    expect(result.notes).toEqual([
      "Left out of the result, as asked (metadata: strip): EXIF (camera, settings, dates), GPS position, names " +
        "(artist, owner, copyright), XMP and IPTC (creator, rights, credit, caption).",
    ]);
  });

  it("takes the call's metadata option (the job pipeline's) over its own", async () => {
    const provider = createLocalProvider({ metadata: "keep" });
    const result = await provider.upscale({ bytes: await stockPhoto() }, { metadata: "strip" });
    expect(result.meta.metadata.kept).toEqual([]);
    expect(exiftool(result.bytes)["GPS:GPSLatitudeRef"]).toBeUndefined();
  });

  it.each(["png", "jpeg", "webp"] as const)("keeps a 300 dpi %s at 300 dpi", async (format) => {
    const input = await toSharp(detailedPicture(30, 20))[format]().withDensity(300).toBuffer();
    const tags = exiftool((await upscale(input)).bytes);
    if (format === "png") expect(tags).toMatchObject({ "PNG-pHYs:PixelsPerUnitX": 11811, "PNG-pHYs:PixelUnits": 1 });
    else expect(tags).toMatchObject({ "IFD0:XResolution": 300, "IFD0:ResolutionUnit": 2 });
  });

  it("writes no density of its own (libvips' 25.4 ppi) into a PNG whose input had none", async () => {
    const input = withoutChunk(await toSharp(detailedPicture(30, 20)).png().toBuffer(), "pHYs");
    expect(exiftool(input)["PNG-pHYs:PixelsPerUnitX"]).toBeUndefined();
    expect(exiftool((await upscale(input)).bytes)["PNG-pHYs:PixelsPerUnitX"]).toBeUndefined();
  });
});

describe("offline results keep the input's quality (finding 7)", () => {
  it("keeps a lossless WebP lossless: the pixels are exactly those of the PNG result", async () => {
    const picture = toSharp(detailedPicture(40, 30));
    const webp = await picture.clone().webp({ lossless: true }).toBuffer();
    const result = await upscale(webp);
    expect(exiftool(result.bytes, "-v0")["RIFF:VP8Version"]).toBeUndefined();
    expect(result.meta.encoding).toBe("lossless WebP");
    const asPng = await upscale(webp, { format: "png" });
    expect((await decode(result.bytes)).data.equals((await decode(asPng.bytes)).data)).toBe(true);
  });

  it.each([
    [95, "4:4:4", "1 1"],
    [75, "4:2:0", "2 2"],
  ] as const)(
    "keeps a quality %i, %s JPEG at about that quality and subsampling",
    async (quality, chroma, sampling) => {
      const input = await toSharp(detailedPicture(40, 30)).jpeg({ quality, chromaSubsampling: chroma }).toBuffer();
      const tags = exiftool((await upscale(input)).bytes, "-JPEGQualityEstimate", "-YCbCrSubSampling");
      expect(tags["File:YCbCrSubSampling"]).toBe(sampling);
      expect(Math.abs((tags["File:JPEGQualityEstimate"] as number) - quality)).toBeLessThanOrEqual(1);
    },
  );

  it("keeps a palette PNG a palette PNG, and a truecolour one truecolour", async () => {
    const palette = await toSharp(logo()).png({ palette: true }).toBuffer();
    expect(exiftool((await upscale(palette)).bytes)["PNG:ColorType"]).toBe(3);
    const truecolour = await toSharp(logo()).png().toBuffer();
    expect(exiftool((await upscale(truecolour)).bytes)["PNG:ColorType"]).toBe(6);
  });
});

describe("offline results of an HDR photo (finding 6)", () => {
  it("keep its gain map in a JPEG result, around the same centred upscale as an SDR result", async () => {
    const input = await ultraHdrPhoto();
    expect(await gainMapOf(input)).toBeDefined();
    const result = await upscale(input);
    expect(result.notes).toEqual([]);
    const gainMap = await gainMapOf(result.bytes);
    expect(gainMap).toBeDefined();
    expect(await sharp(gainMap).metadata()).toMatchObject({ format: "jpeg" });
    // exiftool finds the gain map where the MPF segment says it is.
    const tags = exiftool(result.bytes);
    expect(tags["MPF0:NumberOfImages"]).toBe(2);
    expect(exiftoolBinary(result.bytes, "MPImage2").subarray(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
    expect(readImageInfo(result.bytes)).toEqual({ mimeType: "image/jpeg", width: 96, height: 64 });
    // HDR rendering works from it: sharp applies the gain map.
    // sharp 0.35's `withGainMap`, missing from its type declarations.
    const decoding = sharp(result.bytes) as Sharp & { withGainMap(): Sharp };
    const hdr = await decoding.withGainMap().raw({ depth: "float" }).toBuffer({ resolveWithObject: true });
    expect(hdr.info).toMatchObject({ width: 96, height: 64, depth: "float" });
  });

  it("say a PNG result is SDR only", async () => {
    const result = await upscale(await ultraHdrPhoto(), { format: "png" });
    expect(result.notes).toEqual(["The input is an HDR photo (it has a gain map); the result is SDR only."]);
  });
});

describe("offline inputs beyond PNG, JPEG and WebP", () => {
  const picture = () => toSharp(detailedPicture(30, 20));

  it.each([
    ["AVIF", () => picture().avif().toBuffer(), "image/jpeg"],
    ["TIFF", () => picture().tiff().toBuffer(), "image/png"],
    ["still GIF", () => picture().gif().toBuffer(), "image/png"],
  ])("upscales a %s, into the type that keeps it best by default", async (_name, make, mimeType) => {
    const result = await upscale(new Uint8Array(await make()));
    expect(readImageInfo(result.bytes)).toEqual({ mimeType, width: 60, height: 40 });
    expect(result.mimeType).toBe(mimeType);
  });

  it("reads HEIC only where sharp decodes HEVC, and otherwise says to convert it to JPEG", async () => {
    // An iPhone photo's first bytes: the ftyp box with the "heic" brand.
    const heic = new Uint8Array(Buffer.from("\0\0\0\x18ftypheic\0\0\0\0mif1heic", "latin1"));
    if (READS_HEIC) {
      expect(LOCAL_INPUT_TYPES).toContain("image/heic");
    } else {
      expect(LOCAL_INPUT_TYPES).not.toContain("image/heic");
      await expect(upscale(heic)).rejects.toMatchObject({
        code: "UNSUPPORTED_IMAGE",
        message:
          "The local provider takes PNG, JPEG, WebP, AVIF, TIFF or GIF images, not HEIC. Convert it to JPEG and try again.",
      });
    }
  });

  it("upscales a transparent AVIF into a PNG, keeping its transparency", async () => {
    const avif = await toSharp(logo()).avif().toBuffer();
    const result = await upscale(avif);
    expect(result.mimeType).toBe("image/png");
    expect((await sharp(result.bytes).stats()).isOpaque).toBe(false);
  });

  it("says a transparent input loses its transparency in a JPEG result", async () => {
    const png = await toSharp(logo()).png().toBuffer();
    const result = await upscale(png, { format: "jpeg" });
    expect(result.notes).toEqual([
      "The input is transparent, and a JPEG result cannot be: choose PNG or WebP output to keep it.",
    ]);
    expect((await upscale(png)).notes).toEqual([]);
  });
});

/** A PNG without its `type` chunk (sharp writes pHYs into every PNG, even when nothing said a density). */
function withoutChunk(png: Buffer, type: string): Buffer {
  const at = png.indexOf(type) - 4;
  return Buffer.concat([png.subarray(0, at), png.subarray(at + 12 + png.readUInt32BE(at))]);
}
