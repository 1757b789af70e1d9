import { describe, expect, it } from "vitest";
import { JPEG_5X4, PNG_3X2 } from "../../test/images.js";
import { makePng } from "../../test/png.js";
import { IDEOGRAM_V2_MODEL_IDS, IDEOGRAM_V2_MODELS } from "../vendor-facts/ideogram-v2.js";
import { checkIdeogramV2Request, checkV2Input, encodeV2Form } from "./ideogram-v2-request.js";

async function fieldsOf(encoded: { body: Uint8Array; contentType: string }): Promise<Record<string, string>> {
  const form = await new Response(encoded.body as BodyInit, {
    headers: { "content-type": encoded.contentType },
  }).formData();
  const fields: Record<string, string> = {};
  form.forEach((value, name) => {
    fields[name] = typeof value === "string" ? value : `file:${value.type}`;
  });
  return fields;
}

describe("checkIdeogramV2Request", () => {
  it("defaults to auto ×2, and fills in the factor only for models that take one", () => {
    expect(checkIdeogramV2Request()).toEqual({ model: "auto", factor: 2 });
    expect(checkIdeogramV2Request({ model: "nano-banana-pro" })).toEqual({ model: "nano-banana-pro" });
  });

  it("accepts every model with its own fields", () => {
    const own = {
      prompt: "sharper",
      enhancementStrength: "medium",
      resolutionTier: "4K",
    } as const;
    const fieldOption = {
      prompt: "prompt",
      enhancement_strength: "enhancementStrength",
      resolution_tier: "resolutionTier",
    };
    for (const model of IDEOGRAM_V2_MODEL_IDS) {
      const options = Object.fromEntries(
        IDEOGRAM_V2_MODELS[model].fields.map((field) => [
          fieldOption[field],
          own[fieldOption[field] as keyof typeof own],
        ]),
      );
      expect(checkIdeogramV2Request({ model, seed: 0, ...options })).toMatchObject({ model, seed: 0, ...options });
    }
  });

  it("drops an empty prompt (Redefine then writes its own)", () => {
    expect(checkIdeogramV2Request({ model: "topaz-redefine", prompt: "  " })).toEqual({
      model: "topaz-redefine",
      factor: 2,
    });
  });

  it.each<[string, unknown, RegExp]>([
    ["a request that is not an object", "x4", /must be an object of upscale parameters/],
    ["a factor given as text", { factor: "x4" }, /factor must be 2, 4 or 8, got "x4"/],
    ["a fractional seed", { seed: 1.5 }, /seed must be a whole number/],
    ["a model that is not text", { model: 4 }, /model must be one of auto/],
  ])("refuses %s", (_, request, message) => {
    expect(() => checkIdeogramV2Request(request)).toThrow(message);
  });
});

describe("checkV2Input", () => {
  it("reads the type and size of an image it takes", () => {
    expect(checkV2Input(JPEG_5X4, checkIdeogramV2Request())).toEqual({ mimeType: "image/jpeg", width: 5, height: 4 });
  });

  it("refuses an image whose size cannot be read", () => {
    expect(() => checkV2Input(PNG_3X2.subarray(0, 12), checkIdeogramV2Request())).toThrow(/size cannot be read/);
  });

  it("lets a capped model make exactly 8192 px, and an uncapped one more", () => {
    const at = (width: number, height: number) => makePng({ width, height });
    expect(checkV2Input(at(1024, 10), checkIdeogramV2Request({ factor: 8 })).width).toBe(1024);
    expect(() => checkV2Input(at(1025, 10), checkIdeogramV2Request({ factor: 8 }))).toThrow(/choose ×4 \(4100×40\)/);
    expect(checkV2Input(at(4000, 10), checkIdeogramV2Request({ model: "topaz-wonder-4", factor: 4 })).width).toBe(4000);
    expect(checkV2Input(at(9000, 10), checkIdeogramV2Request({ model: "nano-banana-pro" })).width).toBe(9000);
  });
});

describe("encodeV2Form", () => {
  it("sends the image as `image`, the factor as x4, async, and only the fields the request sets", async () => {
    const request = checkIdeogramV2Request({
      model: "topaz-wonder-3-5",
      factor: 4,
      seed: 9,
      enhancementStrength: "low",
    });
    const input = checkV2Input(PNG_3X2, request);
    expect(await fieldsOf(encodeV2Form(PNG_3X2, input, request, { async: true }))).toEqual({
      image: "file:image/png",
      upscale_factor: "x4",
      seed: "9",
      enhancement_strength: "low",
      async: "true",
    });
  });

  it("sends no factor for Nano Banana Pro, and no async flag for a quote", async () => {
    const request = checkIdeogramV2Request({ model: "nano-banana-pro", resolutionTier: "1K" });
    const input = checkV2Input(PNG_3X2, request);
    expect(await fieldsOf(encodeV2Form(PNG_3X2, input, request, { async: false }))).toEqual({
      image: "file:image/png",
      resolution_tier: "1K",
    });
  });
});
