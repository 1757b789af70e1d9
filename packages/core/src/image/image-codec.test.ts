import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { JPEG_5X4, PNG_3X2, WEBP_6X5 } from "../../test/images.js";
import { type FitPlan, fitToLimits } from "./fit-to-limits.js";
import { applyFitPlan, type ImageCodec } from "./image-codec.js";

/** A codec that answers with fixed bytes and records what it was asked. */
function cannedCodec(output: Uint8Array) {
  const calls: Parameters<ImageCodec["transform"]>[1][] = [];
  const codec: ImageCodec = {
    transform: async (_bytes, target) => {
      calls.push(target);
      return output;
    },
  };
  return { codec, calls };
}

const plan = (changes: Partial<FitPlan>): FitPlan => ({
  width: 3,
  height: 2,
  mimeType: "image/png",
  resized: false,
  converted: false,
  notes: [],
  ...changes,
});

describe("applyFitPlan", () => {
  it("returns the bytes untouched when the plan changes nothing, without calling the codec", async () => {
    const { codec, calls } = cannedCodec(JPEG_5X4);
    const unchanged = fitToLimits({ width: 3, height: 2, mimeType: "image/png" }, { maxSide: 4096 });
    expect(await applyFitPlan(PNG_3X2, unchanged, codec)).toBe(PNG_3X2);
    expect(calls).toEqual([]);
  });

  it("asks only for a conversion when the size stays", async () => {
    const { codec, calls } = cannedCodec(PNG_3X2);
    expect(await applyFitPlan(WEBP_6X5, plan({ converted: true }), codec)).toBe(PNG_3X2);
    expect(calls).toEqual([{ mimeType: "image/png" }]);
  });

  it("asks for the planned size when resizing", async () => {
    const { codec, calls } = cannedCodec(JPEG_5X4);
    await applyFitPlan(JPEG_5X4, plan({ width: 5, height: 4, mimeType: "image/jpeg", resized: true }), codec);
    expect(calls).toEqual([{ mimeType: "image/jpeg", width: 5, height: 4 }]);
  });

  it("refuses a codec answer of the wrong type or size, or not a whole image", async () => {
    const wrongType = await failure(applyFitPlan(WEBP_6X5, plan({ converted: true }), cannedCodec(JPEG_5X4).codec));
    expect(wrongType).toMatchObject({ code: "BAD_RESPONSE" });
    expect(wrongType.message).toBe("The image codec returned a JPEG of 5×4, not a PNG.");
    const wrongSize = await failure(
      applyFitPlan(PNG_3X2, plan({ width: 2, height: 1, resized: true }), cannedCodec(PNG_3X2).codec),
    );
    expect(wrongSize.message).toBe("The image codec returned a PNG of 3×2, not a PNG of 2×1.");
    const cut = cannedCodec(PNG_3X2.subarray(0, PNG_3X2.length - 3)).codec;
    expect((await failure(applyFitPlan(WEBP_6X5, plan({ converted: true }), cut))).message).toBe(
      "The image codec did not return a complete image (wanted a PNG).",
    );
    const empty = cannedCodec(new Uint8Array(0)).codec;
    expect((await failure(applyFitPlan(WEBP_6X5, plan({ converted: true }), empty))).code).toBe("BAD_RESPONSE");
  });
});
