import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { pluginManifest, relayOrigin } from "../scripts/manifest.mjs";
import { defaultSettings } from "../src/main/default-settings.js";

const origin = (url: string): string => new URL(url).origin;

describe("manifest.json", () => {
  it("is what the default build writes", async () => {
    const committed = JSON.parse(await readFile(new URL("../manifest.json", import.meta.url), "utf8"));
    expect(committed).toEqual(pluginManifest());
  });

  it("allows exactly the vendors' API and image hosts, which include the default base URLs", () => {
    const { allowedDomains } = pluginManifest().networkAccess;
    expect(allowedDomains).toEqual(["https://api.ideogram.ai", "https://gptunnel.ru", "https://ideogram.ai"]);
    const settings = defaultSettings("");
    expect(allowedDomains).toContain(origin(settings.ideogramBaseUrl));
    expect(allowedDomains).toContain(origin(settings.gptunnelBaseUrl));
  });

  it("with RELAY_URL allows the relay alone, and the relay becomes both vendors' base URL", () => {
    const manifest = pluginManifest({ relayUrl: "https://relay.example/" });
    expect(manifest.networkAccess.allowedDomains).toEqual(["https://relay.example"]);
    expect(manifest.networkAccess.reasoning).toContain("https://relay.example");
    const settings = defaultSettings("https://relay.example/");
    expect(settings).toMatchObject({
      ideogramBaseUrl: "https://relay.example/ideogram",
      ideogramAuth: "relay",
      gptunnelBaseUrl: "https://relay.example/v1/midjourney",
    });
  });

  it("refuses a RELAY_URL that is not https", () => {
    expect(() => relayOrigin("relay.example")).toThrow(/not an address/);
    expect(() => relayOrigin("http://relay.example")).toThrow(/https/);
    expect(relayOrigin("http://127.0.0.1:8790")).toBe("http://127.0.0.1:8790");
  });

  it("names the built files and the relaunch commands the plugin handles", () => {
    const manifest = pluginManifest();
    expect([manifest.main, manifest.ui]).toEqual(["dist/main.js", "dist/ui.html"]);
    expect(manifest.relaunchButtons.map((button) => button.command)).toEqual(["upscale", "upsample", "revert"]);
    expect(manifest.relaunchButtons.find((button) => button.command === "revert")?.name).toBe("Revert upscale");
  });
});
