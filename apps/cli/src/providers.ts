import {
  createIdeogramClient,
  createMidjourneyClient,
  type IdeogramClient,
  InputError,
  type MidjourneyClient,
} from "@upscale/core";
import { UsageError } from "./cli-errors.js";
import type { RemoteOptions } from "./parse-args.js";

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

export function ideogramClient(
  remote: RemoteOptions,
  auth: "api-key" | "bearer",
  env: NodeJS.ProcessEnv,
): { client: IdeogramClient; key: string } {
  if (auth === "bearer" && remote.baseUrl === undefined) {
    throw new UsageError(
      "--auth bearer is for relays: also pass the relay's --base-url, e.g. https://relay.example/ideogram.",
    );
  }
  const key = apiKey(remote, env, "IDEOGRAM_API_KEY");
  const style = auth === "bearer" ? "relay" : "official";
  return {
    client: asUsageError(() =>
      createIdeogramClient({
        apiKey: key,
        baseUrl: remote.baseUrl,
        style,
        keyHint: keyHint("IDEOGRAM_API_KEY"),
        // Ideogram answers 429 while ten uploads are in flight: ride that out for --deadline (else the core's minute).
        retry: remote.deadlineMs === undefined ? undefined : { rateLimitBudgetMs: remote.deadlineMs },
      }),
    ),
    key,
  };
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

// The clients check their configuration (key characters, base URL) before sending anything: a bad value there
// is a mistake on the command line.
function asUsageError<T>(create: () => T): T {
  try {
    return create();
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
}
