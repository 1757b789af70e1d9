import { describe, expect, it } from "vitest";
import type { UpscaleProvider } from "./provider.js";
import { ProviderRegistry } from "./provider-registry.js";

function provider(id: string): UpscaleProvider {
  return {
    id,
    accepts: ["bytes"],
    capabilities: { scales: [2], nominalScale: 2, maxInFlight: 1, inputTypes: ["image/png"], charges: false },
    upscale: () => Promise.reject(new Error("not used")),
  };
}

describe("ProviderRegistry", () => {
  it("finds providers given at construction or registered later, in order", () => {
    const local = provider("local");
    const ideogram = provider("ideogram");
    const registry = new ProviderRegistry([local]).register(ideogram);
    expect(registry.get("local")).toBe(local);
    expect(registry.get("ideogram")).toBe(ideogram);
    expect(registry.ids()).toEqual(["local", "ideogram"]);
  });

  it("replaces a provider registered again under the same id", () => {
    const replacement = provider("local");
    const registry = new ProviderRegistry([provider("local")]).register(replacement);
    expect(registry.get("local")).toBe(replacement);
    expect(registry.ids()).toEqual(["local"]);
  });

  it("names the available providers when asked for an unknown one", () => {
    const registry = new ProviderRegistry([provider("local"), provider("ideogram")]);
    expect(() => registry.get("midjourney")).toThrow(
      expect.objectContaining({
        code: "UNKNOWN_PROVIDER",
        message: 'Unknown provider "midjourney". Available: local, ideogram.',
      }),
    );
  });

  it('says "none" when nothing is registered', () => {
    expect(() => new ProviderRegistry().get("local")).toThrow("Available: none.");
  });
});
