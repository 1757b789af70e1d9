import { DEFAULT_GPTUNNEL_BASE_URL, DEFAULT_IDEOGRAM_BASE_URL, DEFAULT_NAME_TEMPLATE } from "@upscale/core";
import * as vscode from "vscode";

export const PROVIDER_IDS = ["local", "ideogram", "midjourney"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
export type OverwritePolicy = "ask" | "never" | "always";

const NAME_PLACEHOLDER = /\$\{name\}/;

/** The `upscale.*` settings, each checked: a hand-edited settings.json can hold anything. */
export interface UpscaleSettings {
  provider: ProviderId;
  /** Checked against the provider's own scales when used; the nominal one otherwise. */
  scale: number | undefined;
  outputName: string;
  overwrite: OverwritePolicy;
  openResult: boolean;
  /** 0: the provider's own limit. */
  concurrency: number;
  ideogramBaseUrl: string;
  ideogramAuth: "api-key" | "bearer";
  gptunnelBaseUrl: string;
}

export function readSettings(): UpscaleSettings {
  const config = vscode.workspace.getConfiguration("upscale");
  const outputName = config.get<unknown>("outputName");
  const concurrency = config.get<unknown>("concurrency");
  const scale = config.get<unknown>("scale");
  return {
    provider: oneOf(config.get("provider"), PROVIDER_IDS, "local"),
    scale: typeof scale === "number" ? scale : undefined,
    // Without the name placeholder every result of a batch would get the same name.
    outputName:
      typeof outputName === "string" && NAME_PLACEHOLDER.test(outputName) ? outputName : DEFAULT_NAME_TEMPLATE,
    overwrite: oneOf(config.get("overwrite"), ["ask", "never", "always"] as const, "ask"),
    openResult: config.get("openResult") !== false,
    concurrency: Number.isInteger(concurrency) && (concurrency as number) > 0 ? (concurrency as number) : 0,
    ideogramBaseUrl: nonEmpty(config.get("ideogram.baseUrl"), DEFAULT_IDEOGRAM_BASE_URL),
    ideogramAuth: oneOf(config.get("ideogram.auth"), ["api-key", "bearer"] as const, "api-key"),
    gptunnelBaseUrl: nonEmpty(config.get("gptunnel.baseUrl"), DEFAULT_GPTUNNEL_BASE_URL),
  };
}

function oneOf<T extends string | number>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function nonEmpty(value: unknown, fallback: string): string {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : fallback;
}

/** One line for the log: what the next job will use (the settings hold no secrets; keys live elsewhere). */
export function describeSettings(settings: UpscaleSettings): string {
  return Object.entries(settings)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
}
