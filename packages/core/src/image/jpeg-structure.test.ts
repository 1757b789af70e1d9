import { describe, expect, it } from "vitest";
import { fixture, JPEG_5X4 } from "../../test/images.js";
import { segment } from "../../test/metadata.js";
import { readJpegStructure } from "./jpeg-structure.js";

const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];
const FRAME = segment(0xc0, [8, 0, 2, 0, 3, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
const SCAN_HEADER = segment(0xda, [1, 1, 0, 0, 63, 0]);

function jpeg(...parts: Array<Uint8Array | number[]>): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((part) => Buffer.from(part))));
}

describe("readJpegStructure", () => {
  it("walks a real JPEG to its end marker, with its frame", () => {
    const structure = readJpegStructure(JPEG_5X4);
    expect(structure.end).toBe(JPEG_5X4.length);
    expect(structure.problem).toBeUndefined();
    expect(structure.frame).toMatchObject({ width: 5, height: 4, progressive: false });
    expect(structure.head.map((s) => s.marker)).toContain(0xdb);
  });

  it("walks every scan of a progressive JPEG", () => {
    const progressive = fixture("300x7-progressive.jpg");
    expect(readJpegStructure(progressive)).toMatchObject({ end: progressive.length, frame: { progressive: true } });
  });

  it("reads through stuffed bytes, restart markers and fill bytes inside scan data", () => {
    // FF 00 is a stuffed data byte, FF D0 a restart marker, FF FF fill before the next marker: none ends the scan.
    const bytes = jpeg(SOI, FRAME, SCAN_HEADER, [1, 0xff, 0x00, 2, 0xff, 0xd0, 3, 0xff, 0xff, 0xd9]);
    expect(readJpegStructure(bytes)).toMatchObject({ end: bytes.length, frame: { width: 3, height: 2 } });
  });

  it("ends at the image's end marker, whatever follows: a trailer is not part of the image", () => {
    const trailer = [0xff, 0xd8, 0xff, 0xe1, 0, 4, 0xff, 0xd9, 1, 2, 3];
    const bytes = jpeg(JPEG_5X4, trailer);
    expect(readJpegStructure(bytes).end).toBe(JPEG_5X4.length);
  });

  it("reports the sampling of each component", () => {
    expect(readJpegStructure(jpeg(SOI, FRAME, SCAN_HEADER, [0], EOI)).frame?.components).toEqual([
      { horizontal: 2, vertical: 2, quantTable: 0 },
      { horizontal: 1, vertical: 1, quantTable: 1 },
      { horizontal: 1, vertical: 1, quantTable: 1 },
    ]);
  });

  it.each([
    ["scan data that runs out", jpeg(SOI, FRAME, SCAN_HEADER, [1, 2, 3]), true, "it stops before its end"],
    ["a segment longer than the file", jpeg(SOI, [0xff, 0xe1, 0x10, 0]), true, "it stops before its end"],
    ["a file that is only SOI", jpeg(SOI), true, "it stops before its end"],
    ["a last byte of FF", jpeg(SOI, FRAME, [0xff]), true, "it stops before its end"],
    ["bytes where a marker should be", jpeg(SOI, [0x12, 0x34]), false, "its markers are out of step"],
    ["a scan before the frame header", jpeg(SOI, SCAN_HEADER, [0], EOI), false, "a scan comes before its frame header"],
    ["something that is not a JPEG", jpeg([0x89, 0x50]), false, "it does not start like a JPEG"],
  ])("finds %s", (_case, bytes, cutShort, why) => {
    expect(readJpegStructure(bytes).problem).toEqual({ cutShort, why });
  });

  it("skips stand-alone markers between segments", () => {
    const bytes = jpeg(SOI, [0xff, 0x01], FRAME, SCAN_HEADER, [5], EOI);
    expect(readJpegStructure(bytes).end).toBe(bytes.length);
  });
});
