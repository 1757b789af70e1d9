import {
  createIdeogramModelProvider,
  createIdeogramV2Client,
  createMidjourneyClient,
  figmaFetchTransport,
  type HttpTransport,
  type IdeogramClientOptions,
  type IdeogramV2Client,
  ideogramModelRequest,
  type MidjourneyClient,
  type TaskLedger,
  type UpscaleProvider,
} from "@upscale/core";
import type { PluginSettings } from "../shared/messages.js";
import { readKey } from "./key-store.js";

/** How a missing or rejected key message ends (the core's `keyHint`): the UI's "Set key" button goes there. */
export const KEY_HINT = "open Settings in the plugin and enter the key";

/** The main thread's own `fetch` (Figma's, with plain-object headers and no signal) as the core's transport. */
const transport: HttpTransport = figmaFetchTransport((url, init) => fetch(url, init));

/** A missing key is not checked here: the core's client refuses it with an AUTH error that ends in KEY_HINT. */
async function ideogramClientOptions(settings: PluginSettings): Promise<IdeogramClientOptions> {
  return {
    apiKey: (await readKey("ideogram")) ?? "",
    baseUrl: settings.ideogramBaseUrl,
    style: settings.ideogramAuth,
    transport,
    keyHint: KEY_HINT,
  };
}

/** Ideogram as the settings choose it: the model and only the fields it takes. */
export interface IdeogramChoice {
  model: PluginSettings["ideogramModel"];
  request: ReturnType<typeof ideogramModelRequest>;
}

export function ideogramChoice(settings: PluginSettings): IdeogramChoice {
  const { ideogramModel: model, factor, prompt, strength, resolution } = settings;
  return { model, request: ideogramModelRequest(model, { factor, prompt, strength, resolution }) };
}

/**
 * The chosen model's provider; a v2 model records each paid generation in `ledger` the moment it exists. Throws an
 * INVALID_REQUEST for a choice the model refuses (a factor it lacks), before anything is sent.
 */
export async function ideogramProvider(settings: PluginSettings, ledger: TaskLedger): Promise<UpscaleProvider<object>> {
  const { model, request } = ideogramChoice(settings);
  return createIdeogramModelProvider({ client: await ideogramClientOptions(settings), model, request, ledger });
}

/** Ideogram's v2 calls (quotes, generations to resume), whatever model is chosen. */
export async function ideogramV2Client(settings: PluginSettings): Promise<IdeogramV2Client> {
  return createIdeogramV2Client(await ideogramClientOptions(settings));
}

export async function midjourneyClient(settings: PluginSettings): Promise<MidjourneyClient> {
  return createMidjourneyClient({
    apiKey: (await readKey("gptunnel")) ?? "",
    baseUrl: settings.gptunnelBaseUrl,
    transport,
    keyHint: KEY_HINT,
  });
}
