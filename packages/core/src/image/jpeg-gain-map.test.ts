import { describe, expect, it } from "vitest";
import { cameraExif } from "../../test/exif.js";
import { JPEG_5X4 } from "../../test/images.js";
import { placeholderJpeg, segment } from "../../test/metadata.js";
import { readImageInfo } from "./image-format.js";
import { withGainMapOf } from "./jpeg-gain-map.js";
import { readJpegStructure } from "./jpeg-structure.js";
import { readImageMetadata, writeImageMetadata } from "./metadata-transfer.js";

const GAIN_MAP = placeholderJpeg(2, 2);
const HDRGM_XMP = '<x:xmpmeta><rdf:Description hdrgm:Version="1.0"/></x:xmpmeta>';

/** An MPF segment (big-endian) listing the primary image and one more, at `offset` from the MPF header. */
function mpf(primarySize: number, secondarySize: number, offset: number): Uint8Array {
  const tiff = Buffer.alloc(8 + 2 + 3 * 12 + 4 + 32);
  tiff.write("MM\0*", 0, "latin1");
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(3, 8);
  const entries: Array<[number, number, number, number]> = [
    [0xb000, 7, 4, 0x30313030],
    [0xb001, 4, 1, 2],
    [0xb002, 7, 32, 8 + 2 + 3 * 12 + 4],
  ];
  entries.forEach(([tag, type, count, value], i) => {
    tiff.writeUInt16BE(tag, 10 + 12 * i);
    tiff.writeUInt16BE(type, 12 + 12 * i);
    tiff.writeUInt32BE(count, 14 + 12 * i);
    tiff.writeUInt32BE(value, 18 + 12 * i);
  });
  const pictures = 8 + 2 + 3 * 12 + 4;
  tiff.writeUInt32BE(0x20030000, pictures);
  tiff.writeUInt32BE(primarySize, pictures + 4);
  tiff.writeUInt32BE(0, pictures + 8);
  tiff.writeUInt32BE(secondarySize, pictures + 20);
  tiff.writeUInt32BE(offset, pictures + 24);
  return segment(0xe2, "MPF\0", tiff);
}

/** Where an MPF segment says the second picture starts, counted from the file's start. */
function secondPictureAt(file: Uint8Array): { at: number; primarySize: number } {
  const structure = readJpegStructure(file);
  const found = structure.head.find((s) => Buffer.from(file.subarray(s.start + 4, s.start + 8)).toString() === "MPF\0");
  if (found === undefined) throw new Error("no MPF segment");
  const header = found.start + 8;
  const view = new DataView(file.buffer, file.byteOffset);
  const pictures = header + 8 + 2 + 3 * 12 + 4;
  return { at: header + view.getUint32(pictures + 24), primarySize: view.getUint32(pictures + 4) };
}

/** An Ultra HDR-like JPEG: XMP hdrgm, ISO 21496-1, MPF, the primary image, then the gain map image. */
function ultraHdr(primary: Uint8Array): Uint8Array {
  const head = [
    segment(0xe1, "http://ns.adobe.com/xap/1.0/\0", HDRGM_XMP),
    segment(0xe2, "urn:iso:std:iso:ts:21496:-1\0", [0, 0]),
  ];
  const mpfLength = mpf(0, 0, 0).length;
  const headLength = head.reduce((sum, s) => sum + s.length, 0);
  const primaryEnd = primary.length + headLength + mpfLength;
  const mpfHeader = 2 + headLength + 8;
  const file = Buffer.concat([
    primary.subarray(0, 2),
    ...head,
    mpf(primaryEnd, GAIN_MAP.length, primaryEnd - mpfHeader),
    primary.subarray(2),
    GAIN_MAP,
  ]);
  return new Uint8Array(file);
}

describe("withGainMapOf", () => {
  const carrier = ultraHdr(placeholderJpeg(8, 6));
  const base = JPEG_5X4;

  it("the test's Ultra HDR file points at its own gain map", () => {
    expect(secondPictureAt(carrier).at).toBe(carrier.length - GAIN_MAP.length);
  });

  it("puts the base's image in the carrier's container, the MPF entries rewritten to the new layout", () => {
    const combined = withGainMapOf(base, carrier) as Uint8Array;
    expect(readImageInfo(combined)).toEqual(readImageInfo(base));
    const { at, primarySize } = secondPictureAt(combined);
    expect(at).toBe(combined.length - GAIN_MAP.length);
    expect(combined.subarray(at)).toEqual(GAIN_MAP);
    expect(primarySize).toBe(readJpegStructure(combined).end);
    expect(readImageMetadata(combined).gainMap).toBe(true);
  });

  it("keeps the gain map findable when metadata is written in front of it", () => {
    const combined = withGainMapOf(base, carrier) as Uint8Array;
    const written = writeImageMetadata(combined, {
      ...readImageMetadata(JPEG_5X4),
      exif: cameraExif(),
      comments: [new Uint8Array([65])],
    });
    expect(written.notCarried).toEqual([]);
    const { at, primarySize } = secondPictureAt(written.bytes);
    expect(written.bytes.subarray(at)).toEqual(GAIN_MAP);
    expect(primarySize).toBe(readJpegStructure(written.bytes).end);
    // The gain map's own XMP description stays; another XMP cannot join it.
    expect(Buffer.from(written.bytes).includes(Buffer.from(HDRGM_XMP))).toBe(true);
    expect(
      writeImageMetadata(combined, { ...readImageMetadata(JPEG_5X4), xmp: new Uint8Array([60]) }).notCarried,
    ).toEqual(["xmp"]);
  });

  it("has nothing to give without a gain map, or for something that is not a JPEG", () => {
    expect(withGainMapOf(base, placeholderJpeg(8, 6))).toBeUndefined();
    expect(withGainMapOf(base, carrier.subarray(0, carrier.length - GAIN_MAP.length))).toBeUndefined();
    expect(withGainMapOf(new Uint8Array([1, 2, 3]), carrier)).toBeUndefined();
  });

  it("gives up on an MPF segment it cannot read", () => {
    const broken = carrier.slice();
    const at = Buffer.from(broken).indexOf("MPF\0") + 4;
    broken.set([0x12, 0x34], at);
    expect(withGainMapOf(base, broken)).toBeUndefined();
  });
});
