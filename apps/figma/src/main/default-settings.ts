import { DEFAULT_GPTUNNEL_BASE_URL, DEFAULT_IDEOGRAM_BASE_URL } from "@upscale/core/vendor-facts";
import type { PluginSettings } from "../shared/messages.js";
import { RELAY_URL } from "./build-constants.js";

/** With a relay built in, both vendors go through it (the relay's paths are the vendors' own). */
export function defaultSettings(relayUrl: string = RELAY_URL): PluginSettings {
  const relay = relayUrl.replace(/\/+$/, "");
  return {
    provider: "ideogram",
    ideogramModel: "auto",
    factor: 2,
    prompt: "",
    strength: "medium",
    resolution: "2K",
    ideogramBaseUrl: relay === "" ? DEFAULT_IDEOGRAM_BASE_URL : `${relay}/ideogram`,
    ideogramAuth: relay === "" ? "official" : "relay",
    gptunnelBaseUrl: relay === "" ? DEFAULT_GPTUNNEL_BASE_URL : `${relay}/v1/midjourney`,
    includeChildren: false,
    placement: "replace",
  };
}
