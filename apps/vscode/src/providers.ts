import {
  createIdeogramModelProvider,
  createMidjourneyClient,
  IDEOGRAM_LEGACY_MODEL,
  type IdeogramClientOptions,
  ideogramModelRequest,
  type MidjourneyClient,
  type UpscaleProvider,
} from "@upscale/core";
import type { ImageCodec } from "@upscale/core/provider-kit";
import type { ApiKeys, Vendor } from "./api-keys.js";
import { type IdeogramChoice, ideogramChoiceFromSettings, ideogramLegacyRequest } from "./ideogram-choice.js";
import type { Services } from "./services.js";
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
  /** Ideogram's model and its options for this run; default: the settings. */
  ideogram?: IdeogramChoice;
}

/** The Ideogram model and options a run uses. */
export function ideogramChoiceOf(choice: ProviderChoice, settings: UpscaleSettings): IdeogramChoice {
  return choice.ideogram ?? ideogramChoiceFromSettings(settings);
}

/**
 * The provider for one run, built from the current settings and keys. The offline provider is loaded on first
 * use: it brings sharp (native or WebAssembly), which activation should not wait for. Ideogram's v2 generations
 * are recorded in the ledger the moment they exist, with where their image goes, for "Resume Task…".
 */
export async function createProvider(
  choice: ProviderChoice,
  settings: UpscaleSettings,
  services: Pick<Services, "keys" | "ledger" | "log">,
): Promise<UpscaleProvider<object>> {
  switch (choice.id) {
    case "local": {
      const { createLocalProvider } = await import("@upscale/local");
      return createLocalProvider();
    }
    case "ideogram": {
      const ideogram = ideogramChoiceOf(choice, settings);
      const legacy = ideogram.model === IDEOGRAM_LEGACY_MODEL;
      return createIdeogramModelProvider({
        client: await ideogramClientOptions(settings, services.keys),
        model: ideogram.model,
        request: legacy ? undefined : ideogramModelRequest(ideogram.model, ideogram),
        legacyRequest: legacy ? ideogramLegacyRequest(ideogram) : undefined,
        ledger: services.ledger,
        onLedgerError: (error) => services.log.info(`Saving the task ledger failed (it is retried): ${error}`),
      });
    }
  }
}

/** How to reach Ideogram: the key from secret storage, the address and auth style from the settings. */
export async function ideogramClientOptions(settings: UpscaleSettings, keys: ApiKeys): Promise<IdeogramClientOptions> {
  return {
    apiKey: (await keys.get("ideogram")) ?? "",
    baseUrl: settings.ideogramBaseUrl,
    style: settings.ideogramAuth === "bearer" ? "relay" : "official",
    keyHint: KEY_HINT,
  };
}

/** The GPTunnel client the Midjourney commands share. A missing key fails here, with KEY_HINT in its message. */
export async function createGptunnelClient(settings: UpscaleSettings, keys: ApiKeys): Promise<MidjourneyClient> {
  return createMidjourneyClient({
    apiKey: (await keys.get("gptunnel")) ?? "",
    baseUrl: settings.gptunnelBaseUrl,
    keyHint: KEY_HINT,
  });
}

/**
 * sharp as the core's image codec, loaded on first use: it converts a result to the type its name promises, turns a
 * vendor's upload upright (EXIF orientation applied to the pixels) and puts back transparency a vendor dropped.
 */
export const sharpCodecOnDemand: ImageCodec = {
  transform: async (bytes, target) => (await sharp()).transform(bytes, target),
  upright: async (bytes) => (await sharpMethod("upright"))(bytes),
  transparency: async (bytes) => (await sharpMethod("transparency"))(bytes),
  withAlpha: async (image, alphaFrom) => (await sharpMethod("withAlpha"))(image, alphaFrom),
};

async function sharp(): Promise<ImageCodec> {
  const { sharpCodec } = await import("@upscale/local");
  return sharpCodec;
}

async function sharpMethod<K extends "upright" | "transparency" | "withAlpha">(
  name: K,
): Promise<NonNullable<ImageCodec[K]>> {
  const method = (await sharp())[name];
  if (method === undefined) throw new Error(`This build's image codec cannot do ${name}.`);
  return method;
}

/** Images in flight at once: the setting, else the provider's own limit. */
export function concurrencyFor(provider: UpscaleProvider<object>, settings: UpscaleSettings): number {
  return settings.concurrency > 0 ? settings.concurrency : provider.capabilities.maxInFlight;
}
