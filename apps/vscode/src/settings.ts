import { DEFAULT_NAME_TEMPLATE, IDEOGRAM_MODELS, type IdeogramModel } from "@upscale/core";
import {
  DEFAULT_GPTUNNEL_BASE_URL,
  DEFAULT_IDEOGRAM_BASE_URL,
  ENHANCEMENT_STRENGTHS,
  type EnhancementStrength,
  IDEOGRAM_V2_DEFAULT_FACTOR,
  IDEOGRAM_V2_DEFAULT_MODEL,
  IDEOGRAM_V2_FACTORS,
  type IdeogramV2Factor,
  RESOLUTION_TIERS,
  type ResolutionTier,
} from "@upscale/core/vendor-facts";
import * as vscode from "vscode";

export const PROVIDER_IDS = ["local", "ideogram", "midjourney"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
export type OverwritePolicy = "ask" | "never" | "always";
/** `upscale.confirmAboveUsd`'s default: runs whose price could exceed one dollar are asked about first. */
export const DEFAULT_CONFIRM_ABOVE_USD = 1;

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
  /** Default `auto`; `legacy` is v1 `/upscale`. */
  ideogramModel: IdeogramModel;
  /** Used by the models that take a factor. */
  ideogramScale: IdeogramV2Factor;
  /** Topaz Wonder 3.5 only. */
  ideogramStrength: EnhancementStrength;
  /** Nano Banana Pro only. */
  ideogramResolution: ResolutionTier;
  /** Topaz Bloom 2, Topaz Redefine and legacy only; "" for none. */
  ideogramPrompt: string;
  /** Ask before a paid run whose price could exceed this many US dollars; 0 asks before every one. */
  confirmAboveUsd: number;
  /** Send the original's EXIF, XMP and IPTC to a vendor too (user settings only); by default only its pixels go. */
  sendMetadata: boolean;
  /** "strip": results keep only the colour profile and density of the original. */
  metadata: "keep" | "strip";
}

export function readSettings(): UpscaleSettings {
  const config = vscode.workspace.getConfiguration("upscale");
  const outputName = config.get<unknown>("outputName");
  const concurrency = config.get<unknown>("concurrency");
  const scale = config.get<unknown>("scale");
  const prompt = config.get<unknown>("ideogram.prompt");
  const confirmAbove = config.get<unknown>("confirmAboveUsd");
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
    ideogramModel: oneOf(config.get("ideogram.model"), IDEOGRAM_MODELS, IDEOGRAM_V2_DEFAULT_MODEL),
    ideogramScale: oneOf(config.get("ideogram.scale"), IDEOGRAM_V2_FACTORS, IDEOGRAM_V2_DEFAULT_FACTOR),
    ideogramStrength: oneOf(config.get("ideogram.strength"), ENHANCEMENT_STRENGTHS, "medium"),
    ideogramResolution: oneOf(config.get("ideogram.resolution"), RESOLUTION_TIERS, "2K"),
    ideogramPrompt: typeof prompt === "string" ? prompt.trim() : "",
    confirmAboveUsd:
      typeof confirmAbove === "number" && Number.isFinite(confirmAbove) && confirmAbove >= 0
        ? confirmAbove
        : DEFAULT_CONFIRM_ABOVE_USD,
    // Only an explicit true sends anything more; the manifest keeps it to user settings.
    sendMetadata: config.get("sendMetadata") === true,
    metadata: oneOf(config.get("metadata"), ["keep", "strip"] as const, "keep"),
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
