import { describe, expect, it } from "vitest";
import { JPEG_5X4, PNG_3X2, WEBP_6X5 } from "../../test/images.js";
import type { ImageCodec } from "../image/image-codec.js";
import { isToolOutput } from "../image/tool-output-mark.js";
import { keepPaidResult, withToolMark } from "./keep-paid-result.js";

const png = { bytes: PNG_3X2, mimeType: "image/png" as const, width: 3, height: 2 };
const promisedJpeg = { fileName: "photo@2x.jpg", mimeType: "image/jpeg" as const };

/** A codec that answers with fixed bytes (or fails), recording what it was asked. */
function codec(answer: Uint8Array | Error): ImageCodec & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    transform: async (_bytes, target) => {
      asked.push(target);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

describe("keepPaidResult", () => {
  it("keeps a result of the promised type as it is, under the planned name", async () => {
    const converter = codec(new Error("not called"));
    expect(await keepPaidResult(png, { fileName: "a@2x.png", mimeType: "image/png" }, converter)).toEqual({
      ...png,
      fileName: "a@2x.png",
      notes: [],
    });
    expect(converter.asked).toEqual([]);
  });

  it("converts a result to the promised type with the codec", async () => {
    const converter = codec(JPEG_5X4);
    const kept = await keepPaidResult(png, promisedJpeg, converter);
    expect(kept).toEqual({
      bytes: JPEG_5X4,
      mimeType: "image/jpeg",
      width: 3,
      height: 2,
      fileName: "photo@2x.jpg",
      notes: [],
    });
    expect(converter.asked).toEqual([{ mimeType: "image/jpeg" }]);
  });

  it("keeps the result under its own extension when converting fails, saying why", async () => {
    const kept = await keepPaidResult(png, promisedJpeg, codec(new Error("too wide for this format.")));
    expect(kept).toEqual({
      ...png,
      fileName: "photo@2x.png",
      notes: ["Kept as PNG: converting it to JPEG failed (too wide for this format)."],
    });
  });

  it("does not trust a codec that returns another type than asked", async () => {
    const kept = await keepPaidResult(png, promisedJpeg, codec(WEBP_6X5));
    expect(kept.bytes).toBe(PNG_3X2);
    expect(kept.fileName).toBe("photo@2x.png");
    expect(kept.notes[0]).toMatch(/^Kept as PNG: converting it to JPEG failed \(The image codec returned a WebP/);
  });

  it("without a codec, keeps the bytes as they came, under their own extension", async () => {
    expect(await keepPaidResult(png, { fileName: "scan", mimeType: "image/webp" }, undefined)).toEqual({
      ...png,
      fileName: "scan.png",
      notes: ["Kept as PNG: nothing here converts it to WebP."],
    });
  });
});

describe("withToolMark", () => {
  const kept = { ...png, fileName: "a@2x.png", notes: [] };

  it("marks a result as this toolkit's, keeping everything else", () => {
    const marked = withToolMark(kept);
    expect(isToolOutput(kept.bytes)).toBe(false);
    expect(isToolOutput(marked.bytes)).toBe(true);
    expect({ ...marked, bytes: kept.bytes }).toEqual(kept);
  });

  it("keeps a result it cannot mark as it came", () => {
    const unreadable = { ...kept, bytes: Uint8Array.of(1, 2, 3) };
    expect(withToolMark(unreadable)).toEqual(unreadable);
  });
});
