import { describe, expect, it } from "vitest";
import type { IdeogramV2Client } from "./ideogram-v2-client.js";
import { createIdeogramV2Provider, ideogramV2Capabilities } from "./ideogram-v2-provider.js";

describe("ideogramV2Capabilities", () => {
  it("offers each model's own factors, names results by the chosen one, and counts 10 images in progress", () => {
    expect(ideogramV2Capabilities()).toEqual({
      scales: [2, 4, 8],
      nominalScale: 2,
      maxInFlight: 10,
      inputTypes: ["image/png", "image/jpeg", "image/webp"],
      maxInputBytes: 50 * 1024 * 1024,
      maxInputPixels: 4096 * 4096,
      charges: true,
    });
    expect(ideogramV2Capabilities({ model: "topaz-wonder-4", factor: 4 })).toMatchObject({
      scales: [2, 4],
      nominalScale: 4,
    });
    expect(ideogramV2Capabilities({ model: "nano-banana-pro" })).toMatchObject({ scales: [], nominalScale: 2 });
  });

  it("refuses a request its model cannot take when the provider is made, before any upscale", () => {
    const client = {} as IdeogramV2Client;
    expect(() => createIdeogramV2Provider({ client, request: { model: "topaz-wonder-4", factor: 8 } })).toThrow(
      /Topaz Wonder 4 upscales ×2 or ×4 only, not ×8/,
    );
  });
});
