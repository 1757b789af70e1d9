import { describe, expect, it } from "vitest";
import { InputError } from "../outcome/errors.js";
import { readImageInfo } from "./image-format.js";
import { readPngText, writePngText } from "./png-text-chunk.js";

// A 2×1 PNG written by sharp/libspng: IHDR, pHYs, IDAT, IEND.
const PLAIN_PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAD0lEQVQImWM4w8BwhoEBAAczAZnw4GPhAAAAAElFTkSuQmCC",
  ),
  (char) => char.charCodeAt(0),
);
const IHDR_END = 8 + 12 + 13;

// tEXt "Comment" = "hi", CRC computed independently with zlib.crc32.
const COMMENT_CHUNK = Uint8Array.of(...[0, 0, 0, 10], ...bytesOf("tEXtComment\0hi"), ...[0xa2, 0xa2, 0x58, 0x66]);

// "Task" = deflate("old") as compressed iTXt and as zTXt; CRCs computed with zlib.crc32.
const DEFLATED_OLD = [120, 156, 203, 207, 73, 1, 0, 2, 140, 1, 64];
const COMPRESSED_CHUNKS = Uint8Array.of(
  ...[0, 0, 0, 20],
  ...bytesOf("iTXtTask\0\x01\0\0\0"),
  ...DEFLATED_OLD,
  ...[0x86, 0x42, 0x19, 0xd7],
  ...[0, 0, 0, 17],
  ...bytesOf("zTXtTask\0\0"),
  ...DEFLATED_OLD,
  ...[0xed, 0xb9, 0xb7, 0xe9],
);

function bytesOf(latin1: string): number[] {
  return Array.from(latin1, (char) => char.charCodeAt(0));
}

function insertAfterHeader(png: Uint8Array, chunk: Uint8Array): Uint8Array {
  return Uint8Array.of(...png.subarray(0, IHDR_END), ...chunk, ...png.subarray(IHDR_END));
}

function chunkTypes(png: Uint8Array): string[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const types: string[] = [];
  for (let offset = 8; offset < png.length; offset += 12 + view.getUint32(offset)) {
    types.push(String.fromCharCode(...png.subarray(offset + 4, offset + 8)));
  }
  return types;
}

describe("readPngText", () => {
  it("finds nothing in a PNG without text", () => {
    expect(readPngText(PLAIN_PNG)).toEqual({});
  });

  it("reads a tEXt chunk written by another tool", () => {
    expect(readPngText(insertAfterHeader(PLAIN_PNG, COMMENT_CHUNK))).toEqual({ Comment: "hi" });
  });

  it("skips compressed text, which would need an inflater on every platform", () => {
    expect(readPngText(insertAfterHeader(PLAIN_PNG, COMPRESSED_CHUNKS))).toEqual({});
  });

  it("skips a text chunk whose CRC does not match", () => {
    const corrupt = COMMENT_CHUNK.slice();
    corrupt[corrupt.length - 5] = "j".charCodeAt(0);
    expect(readPngText(insertAfterHeader(PLAIN_PNG, corrupt))).toEqual({});
  });

  it("rejects bytes that are not a PNG, or a truncated one, with advice", () => {
    expect(() => readPngText(new TextEncoder().encode("GIF89a not a png"))).toThrow(InputError);
    expect(() => readPngText(PLAIN_PNG.subarray(0, 40))).toThrow(/truncated.*unmodified PNG/);
    expect(() => readPngText(PLAIN_PNG.subarray(0, PLAIN_PNG.length - 12))).toThrow(/no IEND/);
  });
});

describe("writePngText", () => {
  it("writes the same bytes another encoder would for a Latin-1 entry, right after IHDR", () => {
    const written = writePngText(PLAIN_PNG, { Comment: "hi" });
    expect(written).toEqual(insertAfterHeader(PLAIN_PNG, COMMENT_CHUNK));
  });

  it("round-trips Latin-1 (tEXt) and other Unicode (iTXt) and leaves the image intact", () => {
    const original = PLAIN_PNG.slice();
    const written = writePngText(PLAIN_PNG, { City: "Zürich", Task: "задача 🙂", Empty: "" });
    expect(readPngText(written)).toEqual({ City: "Zürich", Task: "задача 🙂", Empty: "" });
    expect(chunkTypes(written)).toEqual(["IHDR", "tEXt", "iTXt", "tEXt", "pHYs", "IDAT", "IEND"]);
    expect(readImageInfo(written)).toEqual({ mimeType: "image/png", width: 2, height: 1 });
    expect(PLAIN_PNG).toEqual(original);
  });

  it("replaces an existing entry with the same keyword and keeps the others", () => {
    const first = writePngText(PLAIN_PNG, { Task: "first", Other: "kept" });
    const second = writePngText(first, { Task: "второй" });
    expect(readPngText(second)).toEqual({ Task: "второй", Other: "kept" });
    expect(chunkTypes(second).filter((type) => type === "tEXt" || type === "iTXt")).toHaveLength(2);
  });

  it("replaces compressed entries with the same keyword too", () => {
    const written = writePngText(insertAfterHeader(PLAIN_PNG, COMPRESSED_CHUNKS), { Task: "new" });
    expect(readPngText(written)).toEqual({ Task: "new" });
    expect(chunkTypes(written)).toEqual(["IHDR", "tEXt", "pHYs", "IDAT", "IEND"]);
  });

  it("rejects keywords the PNG spec does not allow, before writing anything", () => {
    for (const keyword of ["", " lead", "trail ", "two  spaces", "k".repeat(80), "ключ", "tab\there"]) {
      expect(() => writePngText(PLAIN_PNG, { [keyword]: "x" })).toThrow(/not a valid PNG text keyword/);
    }
    expect(() => writePngText(PLAIN_PNG, { Task: "a\0b" })).toThrow(/NUL character/);
  });
});
