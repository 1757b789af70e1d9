import {
  createIdeogramV2Client,
  createMidjourneyClient,
  type IdeogramClientOptions,
  type MidjourneyClient,
} from "@upscale/core";
import { InputError } from "@upscale/core/provider-kit";
import { UsageError } from "./cli-errors.js";
import type { IdeogramAuth, RemoteOptions } from "./parse-args.js";

type KeyVariable = "IDEOGRAM_API_KEY" | "GPTUNNEL_API_KEY";

/** How to set the key, in the CLI's words: the end of every core message about a missing or rejected key. */
export function keyHint(variable: KeyVariable): string {
  return `set ${variable} (or pass --api-key)`;
}

/** The key from --api-key or the environment; missing is a usage error that says where to put it. */
export function apiKey(remote: RemoteOptions, env: NodeJS.ProcessEnv, variable: KeyVariable): string {
  const key = (remote.apiKey ?? env[variable] ?? "").trim();
  if (key === "") throw new UsageError(`No API key: ${keyHint(variable)}.`);
  return key;
}

/**
 * How to reach Ideogram (key, base URL, auth style, how long to ride out 429s), checked: a bad value is a usage error.
 * Both APIs take it: v2 (models, quotes, generations) and the legacy v1 upscale.
 */
export function ideogramConnection(
  remote: RemoteOptions,
  auth: IdeogramAuth,
  env: NodeJS.ProcessEnv,
): { options: IdeogramClientOptions; key: string } {
  if (auth === "bearer" && remote.baseUrl === undefined) {
    throw new UsageError(
      "--auth bearer is for relays: also pass the relay's --base-url, e.g. https://relay.example/ideogram.",
    );
  }
  const key = apiKey(remote, env, "IDEOGRAM_API_KEY");
  const options: IdeogramClientOptions = {
    apiKey: key,
    baseUrl: remote.baseUrl,
    style: auth === "bearer" ? "relay" : "official",
    keyHint: keyHint("IDEOGRAM_API_KEY"),
    // Ideogram answers 429 while ten images are in progress: ride that out for --deadline (else the core's minute).
    retry: remote.deadlineMs === undefined ? undefined : { rateLimitBudgetMs: remote.deadlineMs },
  };
  // Made once here so a bad key or base URL is refused before anything else happens.
  asUsageError(() => createIdeogramV2Client(options));
  return { options, key };
}

export function midjourneyClient(
  remote: RemoteOptions,
  env: NodeJS.ProcessEnv,
): { client: MidjourneyClient; key: string } {
  const key = apiKey(remote, env, "GPTUNNEL_API_KEY");
  return {
    client: asUsageError(() =>
      createMidjourneyClient({ apiKey: key, baseUrl: remote.baseUrl, keyHint: keyHint("GPTUNNEL_API_KEY") }),
    ),
    key,
  };
}

/**
 * The clients and providers check their configuration (key characters, base URL, a model's fields) before sending
 * anything: a bad value there is a mistake on the command line.
 */
export function asUsageError<T>(create: () => T): T {
  try {
    return create();
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
}
