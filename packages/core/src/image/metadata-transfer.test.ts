import { describe, expect, it } from "vitest";
import { cameraExif } from "../../test/exif.js";
import { fixture, JPEG_5X4, PNG_3X2, WEBP_6X5 } from "../../test/images.js";
import { IPTC, iccProfile, jpegWith, richJpeg, segment } from "../../test/metadata.js";
import { inflate, makePng, pngChunk } from "../../test/png.js";
import { readExif } from "./exif.js";
import { isImageComplete, readImageInfo } from "./image-format.js";
import {
  describeMetadata,
  metadataForResult,
  metadataKinds,
  orientationOf,
  readImageMetadata,
  writeImageMetadata,
} from "./metadata-transfer.js";
import { walkPngChunks } from "./png-chunks.js";
import { readWebpChunks } from "./webp-chunks.js";

const TRAILER = new Uint8Array(Buffer.from("\0\0\0\x18ftypmp42 …a Motion Photo's video…"));
const RICH = richJpeg(JPEG_5X4, TRAILER);
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("utf8");

describe("readImageMetadata: a JPEG", () => {
  const metadata = readImageMetadata(RICH);

  it("finds every block and the data after the image", () => {
    expect(metadata.exif).toEqual(cameraExif(6));
    expect(text(metadata.xmp)).toContain("Jane Doe");
    expect(metadata.iptc).toEqual(IPTC);
    expect(metadata.icc).toEqual(iccProfile());
    expect(metadata.density).toEqual({ x: 300, y: 300 });
    expect(metadata.comments.map(text)).toEqual(["made by a test"]);
    expect(metadata.trailer).toBe(TRAILER.length);
    expect(metadata.motionPhoto).toBe(true);
    expect(orientationOf(metadata)).toBe(6);
  });

  it("names what is in it, the personal EXIF fields too", () => {
    expect(metadataKinds(metadata)).toEqual([
      "exif",
      "gps",
      "serial-number",
      "names",
      "maker-notes",
      "xmp",
      "iptc",
      "comment",
      "trailer",
    ]);
    expect(describeMetadata(["gps", "xmp", "comment"])).toBe("GPS position, XMP and comments");
    expect(describeMetadata(["iptc"])).toBe("IPTC (creator, rights, credit, caption)");
    expect(describeMetadata([])).toBe("");
  });

  it("drops Photoshop thumbnails, and joins an ICC profile split over several segments", () => {
    expect(metadata.photoshop?.length).toBe(12 + IPTC.length + (IPTC.length % 2));
    const profile = iccProfile();
    const split = jpegWith(JPEG_5X4, [
      segment(0xe2, "ICC_PROFILE\0", [2, 2], profile.subarray(200)),
      segment(0xe2, "ICC_PROFILE\0", [1, 2], profile.subarray(0, 200)),
    ]);
    expect(readImageMetadata(split).icc).toEqual(profile);
  });

  it("takes the density from EXIF when there is no JFIF, and a JFIF in dots per cm", () => {
    expect(readImageMetadata(jpegWith(JPEG_5X4, [segment(0xe1, "Exif\0\0", cameraExif())])).density).toEqual({
      x: 300,
      y: 300,
    });
    const perCm = jpegWith(JPEG_5X4, [segment(0xe0, "JFIF\0", [1, 1, 2, 0, 100, 0, 100, 0, 0])]);
    expect(readImageMetadata(perCm).density).toEqual({ x: 254, y: 254 });
    const aspect = jpegWith(JPEG_5X4, [segment(0xe0, "JFIF\0", [1, 1, 0, 0, 1, 0, 1, 0, 0])]);
    expect(readImageMetadata(aspect).density).toBeUndefined();
  });

  it("has nothing to say about something that is not an image", () => {
    expect(metadataKinds(readImageMetadata(new TextEncoder().encode("hello")))).toEqual([]);
  });
});

describe("metadataForResult", () => {
  const input = readImageMetadata(RICH);

  it("describes the new pixels: upright, their size, no thumbnail, no video or gain map properties", () => {
    const result = metadataForResult(input, { orientation: 1, width: 10, height: 8, keep: true });
    expect(readExif(result.exif as Uint8Array)).toMatchObject({ orientation: 1, thumbnail: false, gps: true });
    const xmp = text(result.xmp);
    expect(xmp).toContain('tiff:Orientation="1"');
    expect(xmp).toContain("Jane Doe");
    expect(xmp).not.toMatch(/MotionPhoto|Container:Directory/);
    expect(result).toMatchObject({ iptc: IPTC, trailer: 0, motionPhoto: false, density: { x: 300, y: 300 } });
  });

  it("keeps only the colour profile and density when stripping, and an orientation the pixels still need", () => {
    const stripped = metadataForResult(input, { orientation: 1, width: 10, height: 8, keep: false });
    expect(metadataKinds(stripped)).toEqual([]);
    expect(stripped).toMatchObject({ icc: iccProfile(), density: { x: 300, y: 300 } });
    const stored = metadataForResult(input, { orientation: 6, width: 10, height: 8, keep: false });
    expect(readExif(stored.exif as Uint8Array)).toMatchObject({ orientation: 6, gps: false, names: false });
  });
});

describe("writeImageMetadata", () => {
  const input = readImageMetadata(RICH);
  const forResult = metadataForResult(input, { orientation: 1, width: 6, height: 4, keep: true });

  it("writes everything into a JPEG, leaving its pixels and the data after them", () => {
    const { bytes, notCarried } = writeImageMetadata(JPEG_5X4, forResult);
    expect(notCarried).toEqual([]);
    expect(isImageComplete(bytes, "image/jpeg")).toBe(true);
    expect(readImageInfo(bytes)).toEqual(readImageInfo(JPEG_5X4));
    const back = readImageMetadata(bytes);
    expect(back).toMatchObject({ iptc: IPTC, icc: iccProfile(), density: { x: 300, y: 300 }, trailer: 0 });
    expect(back.exif).toEqual(forResult.exif);
    expect(back.comments.map(text)).toEqual(["made by a test"]);
    // The scan data is copied byte for byte.
    expect(Buffer.from(bytes).includes(Buffer.from(JPEG_5X4.subarray(JPEG_5X4.length - 40)))).toBe(true);
  });

  it("replaces a JPEG's own metadata rather than adding to it, and its density with none when there is none", () => {
    const once = writeImageMetadata(
      RICH,
      metadataForResult(input, { orientation: 1, width: 5, height: 4, keep: false }),
    );
    const back = readImageMetadata(once.bytes);
    expect(metadataKinds(back)).toEqual([]);
    expect(back.density).toEqual({ x: 300, y: 300 });
    const noDensity = writeImageMetadata(RICH, {
      ...metadataForResult(input, { orientation: 1, width: 5, height: 4, keep: false }),
      density: undefined,
    });
    expect(readImageMetadata(noDensity.bytes).density).toBeUndefined();
  });

  it("writes EXIF, XMP, IPTC, density, the profile and comments into a PNG, where PNG wants them", () => {
    const { bytes, notCarried } = writeImageMetadata(PNG_3X2, forResult);
    expect(notCarried).toEqual([]);
    const types = walkPngChunks(bytes).chunks.map((chunk) => chunk.type);
    expect(types.indexOf("IDAT")).toBeGreaterThan(
      Math.max(types.indexOf("eXIf"), types.indexOf("pHYs"), types.indexOf("iCCP")),
    );
    const back = readImageMetadata(bytes);
    expect(back).toMatchObject({ exif: forResult.exif, iptc: IPTC, trailer: 0 });
    expect(back.density?.x).toBeCloseTo(300, 1);
    expect(text(back.xmp)).toContain("Jane Doe");
    const iccp = walkPngChunks(bytes).chunks.find((chunk) => chunk.type === "iCCP")?.data as Uint8Array;
    expect(inflate(iccp.subarray(iccp.indexOf(0) + 2))).toEqual(iccProfile());
    expect(Buffer.from(bytes).includes(Buffer.from("Commentmade by a test".replace("Comment", "Comment\0")))).toBe(
      true,
    );
  });

  it("keeps a PNG's text PNG to PNG, and says a JPEG or WebP has no place for it", () => {
    const png = makePng({
      before: [pngChunk("tEXt", Buffer.from("Copyright\0Jane")), pngChunk("tIME", [7, 232, 1, 1, 0, 0, 0])],
    });
    const metadata = readImageMetadata(png);
    expect(metadataKinds(metadata)).toEqual(["png-text"]);
    const intoPng = writeImageMetadata(
      PNG_3X2,
      metadataForResult(metadata, { orientation: 1, width: 3, height: 2, keep: true }),
    );
    expect(readImageMetadata(intoPng.bytes).pngText.map(text)).toEqual([text(metadata.pngText[0])]);
    expect(walkPngChunks(intoPng.bytes).chunks.some((chunk) => chunk.type === "tIME")).toBe(false);
    expect(writeImageMetadata(JPEG_5X4, metadata).notCarried).toEqual(["png-text"]);
    expect(writeImageMetadata(WEBP_6X5, metadata).notCarried).toEqual(["png-text"]);
  });

  it("writes EXIF and XMP into a WebP, in the extended format, and says IPTC and comments have no place there", () => {
    const { bytes, notCarried } = writeImageMetadata(WEBP_6X5, forResult);
    expect(notCarried).toEqual(["iptc", "comment"]);
    expect(isImageComplete(bytes, "image/webp")).toBe(true);
    expect(readImageInfo(bytes)).toEqual(readImageInfo(WEBP_6X5));
    expect(readWebpChunks(bytes)?.chunks.map((chunk) => chunk.fourcc)).toEqual([
      "VP8X",
      "ICCP",
      "VP8 ",
      "EXIF",
      "XMP ",
    ]);
    const back = readImageMetadata(bytes);
    expect(back).toMatchObject({ exif: forResult.exif, icc: iccProfile(), density: { x: 300, y: 300 } });
  });

  it("gives a WebP its density in a small EXIF block when the input had no EXIF", () => {
    const png300 = makePng({ before: [pngChunk("pHYs", [0, 0, 0x2e, 0x23, 0, 0, 0x2e, 0x23, 1])] });
    const { bytes } = writeImageMetadata(fixture("9x4-lossless.webp"), readImageMetadata(png300));
    expect(readImageMetadata(bytes).density?.x).toBeCloseTo(300, 0);
    expect(readImageInfo(bytes)).toEqual(readImageInfo(fixture("9x4-lossless.webp")));
  });

  it("keeps a simple WebP simple when there is nothing to add, and an alpha WebP's alpha flag", () => {
    const plain = writeImageMetadata(WEBP_6X5, readImageMetadata(makePng()));
    expect(readWebpChunks(plain.bytes)?.chunks.map((chunk) => chunk.fourcc)).toEqual(["VP8 "]);
    const alpha = fixture("4x7-alpha.webp");
    const written = writeImageMetadata(alpha, forResult).bytes;
    expect(((readWebpChunks(written)?.chunks[0]?.data[0] ?? 0) & 0x10) !== 0).toBe(true);
    expect(readImageInfo(written)).toEqual(readImageInfo(alpha));
  });

  it("does not put a profile on pixels of another colour space", () => {
    const grey = makePng({ colourType: 0 });
    const { bytes } = writeImageMetadata(grey, { ...forResult, icc: iccProfile("RGB ") });
    expect(walkPngChunks(bytes).chunks.some((chunk) => chunk.type === "iCCP")).toBe(false);
    const cmykProfile = writeImageMetadata(JPEG_5X4, { ...forResult, icc: iccProfile("CMYK") });
    expect(readImageMetadata(cmykProfile.bytes).icc).toBeUndefined();
  });

  it("says what does not fit in a JPEG segment (64 KB) instead of writing a broken one", () => {
    const big = new Uint8Array(70_000);
    const { notCarried } = writeImageMetadata(JPEG_5X4, { ...forResult, exif: big, xmp: big, photoshop: big });
    expect(notCarried).toEqual(["exif", "xmp", "iptc"]);
    expect(writeImageMetadata(PNG_3X2, { ...forResult, exif: big }).notCarried).toEqual([]);
  });

  it("says a compressed PNG profile cannot go into a JPEG or WebP", () => {
    const png = makePng({ before: [pngChunk("iCCP", Buffer.from("ICC Profile\0\0xxxx", "latin1"))] });
    const metadata = readImageMetadata(png);
    expect(metadata.pngIcc?.space).toBe("RGB ");
    expect(writeImageMetadata(JPEG_5X4, metadata).notCarried).toEqual(["colour-profile"]);
    expect(writeImageMetadata(WEBP_6X5, metadata).notCarried).toEqual(["colour-profile"]);
    const intoPng = writeImageMetadata(makePng(), metadata);
    expect(readImageMetadata(intoPng.bytes).pngIcc?.data).toEqual(metadata.pngIcc?.data);
  });

  it("leaves what is not a complete image alone", () => {
    const cut = JPEG_5X4.subarray(0, 50);
    expect(writeImageMetadata(cut, forResult)).toEqual({ bytes: cut, notCarried: [] });
    expect(writeImageMetadata(new Uint8Array([1, 2]), forResult).bytes).toEqual(new Uint8Array([1, 2]));
  });
});
