import { describe, expect, it } from "vitest";
import { IDEOGRAM_V2_MODEL_IDS } from "../vendor-facts/ideogram-v2.js";
import { describeIdeogramRequest, ideogramModelName, ideogramModelRequest } from "./ideogram-model-request.js";
import { checkIdeogramV2Request } from "./ideogram-v2-request.js";

const everything = { factor: 4, prompt: "  a sunny beach  ", strength: "high", resolution: "4K" } as const;

describe("ideogramModelRequest", () => {
  it("gives each model only its own fields, trimmed, from one set of choices", () => {
    expect(ideogramModelRequest("topaz-standard-2", everything)).toEqual({ factor: 4 });
    expect(ideogramModelRequest("topaz-bloom-2", everything)).toEqual({ factor: 4, prompt: "a sunny beach" });
    expect(ideogramModelRequest("topaz-redefine", everything)).toEqual({ factor: 4, prompt: "a sunny beach" });
    expect(ideogramModelRequest("topaz-wonder-3-5", everything)).toEqual({ factor: 4, enhancementStrength: "high" });
    expect(ideogramModelRequest("nano-banana-pro", everything)).toEqual({ resolutionTier: "4K" });
    expect(ideogramModelRequest("legacy", everything)).toEqual({});
  });

  it("leaves out a blank prompt and fields not chosen", () => {
    expect(ideogramModelRequest("topaz-bloom-2", { prompt: "   " })).toEqual({});
    expect(ideogramModelRequest("auto", {})).toEqual({});
  });

  it("passes every model's request through the core's check", () => {
    for (const model of IDEOGRAM_V2_MODEL_IDS) {
      const factor = model === "topaz-wonder-4" ? 2 : 4;
      expect(() =>
        checkIdeogramV2Request({ model, ...ideogramModelRequest(model, { ...everything, factor }) }),
      ).not.toThrow();
    }
  });

  it("keeps a factor the model does not offer, so the check names the ones it does", () => {
    const request = ideogramModelRequest("topaz-wonder-4", { factor: 8 });
    expect(request).toEqual({ factor: 8 });
    expect(() => checkIdeogramV2Request({ model: "topaz-wonder-4", ...request })).toThrow(/×2 or ×4 only, not ×8/);
  });
});

describe("describeIdeogramRequest", () => {
  it("names the model and the size it makes, as a sentence uses them", () => {
    expect(describeIdeogramRequest("topaz-standard-2", { factor: 4 })).toBe("Topaz Standard V2 ×4");
    expect(describeIdeogramRequest("auto", {})).toBe("Ideogram Auto ×2");
    expect(describeIdeogramRequest("nano-banana-pro", { resolutionTier: "2K" })).toBe("Nano Banana Pro 2K");
    expect(describeIdeogramRequest("nano-banana-pro")).toBe("Nano Banana Pro");
    expect(describeIdeogramRequest("legacy")).toBe("Ideogram legacy upscale ×2");
  });

  it("describes what ideogramModelRequest picks for the model from the same choices", () => {
    expect(describeIdeogramRequest("nano-banana-pro", ideogramModelRequest("nano-banana-pro", everything))).toBe(
      "Nano Banana Pro 4K",
    );
    expect(describeIdeogramRequest("topaz-bloom-2", ideogramModelRequest("topaz-bloom-2", everything))).toBe(
      "Topaz Bloom 2 ×4",
    );
  });

  it("names every model, and an unknown one as it is", () => {
    expect(ideogramModelName("topaz-wonder-4")).toBe("Topaz Wonder 4");
    expect(ideogramModelName("legacy")).toBe("Ideogram legacy upscale");
    expect(ideogramModelName("mystery")).toBe("mystery");
  });
});
