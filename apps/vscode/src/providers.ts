import {
  createIdeogramClient,
  createIdeogramProvider,
  createMidjourneyClient,
  type IdeogramUpscaleRequest,
  type ImageCodec,
  type MidjourneyClient,
  type UpscaleProvider,
} from "@upscale/core";
import type { ApiKeys, Vendor } from "./api-keys.js";
import type { ProviderId, UpscaleSettings } from "./settings.js";

/** What core messages about a missing or refused key tell the user to do. */
export const KEY_HINT = 'run "Upscale: Set API Key…"';

/** The vendor whose key a provider needs, if any. */
export const PROVIDER_VENDOR: Readonly<Record<ProviderId, Vendor | undefined>> = {
  local: undefined,
  ideogram: "ideogram",
  midjourney: "gptunnel",
};

/** The providers that upscale an image file (Midjourney upsamples a grid by its task id: its own command). */
export type FileProviderId = Exclude<ProviderId, "midjourney">;

export interface ProviderChoice {
  id: FileProviderId;
  /** Ideogram's prompt, resemblance and detail for this run. */
  ideogram?: IdeogramUpscaleRequest;
}

/**
 * The provider for one run, built from the current settings and keys. The offline provider is loaded on first
 * use: it brings sharp (native or WebAssembly), which activation should not wait for.
 */
export async function createProvider(
  choice: ProviderChoice,
  settings: UpscaleSettings,
  keys: ApiKeys,
): Promise<UpscaleProvider> {
  switch (choice.id) {
    case "local": {
      const { createLocalProvider } = await import("@upscale/local");
      return createLocalProvider();
    }
    case "ideogram": {
      const client = createIdeogramClient({
        apiKey: (await keys.get("ideogram")) ?? "",
        baseUrl: settings.ideogramBaseUrl,
        style: settings.ideogramAuth === "bearer" ? "relay" : "official",
        keyHint: KEY_HINT,
      });
      return createIdeogramProvider({ client, request: choice.ideogram });
    }
  }
}

/** The GPTunnel client the Midjourney commands share. A missing key fails here, with KEY_HINT in its message. */
export async function createGptunnelClient(settings: UpscaleSettings, keys: ApiKeys): Promise<MidjourneyClient> {
  return createMidjourneyClient({
    apiKey: (await keys.get("gptunnel")) ?? "",
    baseUrl: settings.gptunnelBaseUrl,
    keyHint: KEY_HINT,
  });
}

/** sharp, to convert a result to the type its name promises; loaded only when one must be converted. */
export const sharpCodecOnDemand: ImageCodec = {
  async transform(bytes, target) {
    const { sharpCodec } = await import("@upscale/local");
    return sharpCodec.transform(bytes, target);
  },
};

/** Images in flight at once: the setting, else the provider's own limit. */
export function concurrencyFor(provider: UpscaleProvider, settings: UpscaleSettings): number {
  return settings.concurrency > 0 ? settings.concurrency : provider.capabilities.maxInFlight;
}
