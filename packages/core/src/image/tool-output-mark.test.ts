import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { fixture, GIF_4X3, JPEG_5X4, PNG_3X2, WEBP_6X5 } from "../../test/images.js";
import { isImageComplete, readImageInfo } from "./image-format.js";
import { readPngText } from "./png-text-chunk.js";
import { isToolOutput, markToolOutput, TOOL_OUTPUT_MARK } from "./tool-output-mark.js";

const images = {
  png: PNG_3X2,
  "baseline jpeg": JPEG_5X4,
  "jpeg with EXIF": fixture("2x2-exif.jpg"),
  "progressive jpeg": fixture("300x7-progressive.jpg"),
  "lossy webp": WEBP_6X5,
  "lossless webp": fixture("9x4-lossless.webp"),
  "lossless webp with alpha": fixture("5x3-lossless-alpha.webp"),
  "extended webp with alpha": fixture("4x7-alpha.webp"),
};

const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe("markToolOutput / isToolOutput", () => {
  for (const [name, bytes] of Object.entries(images)) {
    it(`marks a ${name} without changing its type, size or completeness; the original is not`, () => {
      expect(isToolOutput(bytes)).toBe(false);
      const marked = markToolOutput(bytes);
      expect(isToolOutput(marked)).toBe(true);
      const info = readImageInfo(marked);
      expect(info).toEqual(readImageInfo(bytes));
      expect(isImageComplete(marked, info?.mimeType ?? "image/png")).toBe(true);
      expect(markToolOutput(marked)).toBe(marked);
    });
  }

  it("keeps the mark where metadata tools look: PNG Software, a JPEG comment after the APPn segments", () => {
    expect(readPngText(markToolOutput(PNG_3X2))).toMatchObject({ Software: TOOL_OUTPUT_MARK });
    const exif = images["jpeg with EXIF"];
    const marked = markToolOutput(exif);
    // SOI and the APPn segments (EXIF, ICC) as they were, then the comment, then the tables (DQT, FF DB) onwards.
    const tables = exif.findIndex((byte, i) => byte === 0xff && exif[i + 1] === 0xdb);
    expect(exif[3]).toBe(0xe1);
    expect(marked.subarray(0, tables)).toEqual(exif.subarray(0, tables));
    expect(Array.from(marked.subarray(tables, tables + 4))).toEqual([0xff, 0xfe, 0, 2 + TOOL_OUTPUT_MARK.length]);
    expect(ascii(marked.subarray(tables + 4, tables + 4 + TOOL_OUTPUT_MARK.length))).toBe(TOOL_OUTPUT_MARK);
    expect(marked.subarray(tables + 4 + TOOL_OUTPUT_MARK.length)).toEqual(exif.subarray(tables));
  });

  it("gives a simple WebP the extended header (canvas size, alpha flag) that lets it hold the mark", () => {
    const alpha = markToolOutput(images["lossless webp with alpha"]);
    expect(ascii(alpha.subarray(12, 16))).toBe("VP8X");
    expect(alpha[20]).toBe(0x10);
    // Canvas width-1 and height-1, 24-bit little-endian.
    expect(Array.from(alpha.subarray(24, 30))).toEqual([4, 0, 0, 2, 0, 0]);
    expect(ascii(alpha.subarray(30, 34))).toBe("VP8L");
    expect(markToolOutput(WEBP_6X5)[20]).toBe(0);
    // The RIFF size covers every chunk, the mark included.
    const view = new DataView(alpha.buffer, alpha.byteOffset, alpha.byteLength);
    expect(view.getUint32(4, true)).toBe(alpha.length - 8);
    const markChunk = alpha.length - 8 - TOOL_OUTPUT_MARK.length - (TOOL_OUTPUT_MARK.length % 2);
    expect(ascii(alpha.subarray(markChunk, markChunk + 4))).toBe("UPSC");
  });

  it("leaves an extended WebP's header alone and appends the mark", () => {
    const webp = images["extended webp with alpha"];
    const marked = markToolOutput(webp);
    expect(marked.subarray(8, webp.length)).toEqual(webp.subarray(8));
    expect(marked.length).toBe(webp.length + 8 + TOOL_OUTPUT_MARK.length + (TOOL_OUTPUT_MARK.length % 2));
  });

  it("is not fooled: another Software, a different comment, damaged files, other types", () => {
    expect(isToolOutput(GIF_4X3)).toBe(false);
    expect(isToolOutput(new Uint8Array())).toBe(false);
    expect(isToolOutput(PNG_3X2.subarray(0, 40))).toBe(false);
    expect(isToolOutput(JPEG_5X4.subarray(0, 5))).toBe(false);
    expect(isToolOutput(WEBP_6X5.subarray(0, 24))).toBe(false);
    const marked = markToolOutput(JPEG_5X4);
    const other = marked.slice();
    other[other.indexOf(0x75, 6)] = 0x55; // "upscale-toolkit" → "Upscale-toolkit"
    expect(isToolOutput(other)).toBe(false);
  });

  it("refuses to mark what it cannot parse", async () => {
    expect(() => markToolOutput(GIF_4X3)).toThrow(/not a PNG, JPEG or WebP/);
    const broken = JPEG_5X4.slice(0, 4);
    expect(await failure(Promise.resolve().then(() => markToolOutput(broken)))).toMatchObject({
      code: "UNSUPPORTED_IMAGE",
    });
  });
});
