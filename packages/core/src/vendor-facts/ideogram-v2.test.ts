import { describe, expect, it } from "vitest";
import {
  factorsThatFit,
  IDEOGRAM_V2_MODEL_IDS,
  IDEOGRAM_V2_MODELS,
  isIdeogramV2Model,
  quoteUpperBoundMicros,
} from "./ideogram-v2.js";

describe("Ideogram v2 facts", () => {
  it("describes every model, and only Wonder 4 and Nano Banana Pro have no 8192 px cap", () => {
    expect(Object.keys(IDEOGRAM_V2_MODELS)).toEqual([...IDEOGRAM_V2_MODEL_IDS]);
    expect(IDEOGRAM_V2_MODEL_IDS.filter((m) => !IDEOGRAM_V2_MODELS[m].capsOutput)).toEqual([
      "topaz-wonder-4",
      "nano-banana-pro",
    ]);
  });

  it("knows its models", () => {
    expect(isIdeogramV2Model("topaz-redefine")).toBe(true);
    expect(isIdeogramV2Model("legacy")).toBe(false);
    expect(isIdeogramV2Model(2)).toBe(false);
  });

  it("lists the factors whose output fits the cap", () => {
    expect(factorsThatFit("auto", 1024, 768)).toEqual([2, 4, 8]);
    expect(factorsThatFit("auto", 1025, 768)).toEqual([2, 4]);
    expect(factorsThatFit("topaz-standard-2", 4097, 10)).toEqual([]);
    expect(factorsThatFit("topaz-wonder-4", 9000, 10)).toEqual([2, 4]);
    expect(factorsThatFit("nano-banana-pro", 100, 100)).toEqual([]);
  });
});

describe("quoteUpperBoundMicros", () => {
  it("is the quote's upper bound, or its price where the bound is absent, null or lower", () => {
    expect(quoteUpperBoundMicros(48_400, 145_200)).toBe(145_200);
    expect(quoteUpperBoundMicros(48_400, undefined)).toBe(48_400);
    expect(quoteUpperBoundMicros(48_400, null)).toBe(48_400);
    expect(quoteUpperBoundMicros(48_400, 10_000)).toBe(48_400);
  });
});
