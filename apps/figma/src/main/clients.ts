import {
  createIdeogramClient,
  createIdeogramProvider,
  createMidjourneyClient,
  figmaFetchTransport,
  type HttpTransport,
  type MidjourneyClient,
  type UpscaleProvider,
} from "@upscale/core";
import type { PluginSettings } from "../shared/messages.js";
import { readKey } from "./key-store.js";

/** How a missing or rejected key message ends (the core's `keyHint`): the UI's "Set key" button goes there. */
export const KEY_HINT = "open Settings in the plugin and enter the key";

/** The main thread's own `fetch` (Figma's, with plain-object headers and no signal) as the core's transport. */
const transport: HttpTransport = figmaFetchTransport((url, init) => fetch(url, init));

/** A missing key is not checked here: the core's client refuses it with an AUTH error that ends in KEY_HINT. */
export async function ideogramProvider(settings: PluginSettings): Promise<UpscaleProvider> {
  const client = createIdeogramClient({
    apiKey: (await readKey("ideogram")) ?? "",
    baseUrl: settings.ideogramBaseUrl,
    style: settings.ideogramAuth,
    transport,
    keyHint: KEY_HINT,
  });
  return createIdeogramProvider({ client });
}

export async function midjourneyClient(settings: PluginSettings): Promise<MidjourneyClient> {
  return createMidjourneyClient({
    apiKey: (await readKey("gptunnel")) ?? "",
    baseUrl: settings.gptunnelBaseUrl,
    transport,
    keyHint: KEY_HINT,
  });
}
