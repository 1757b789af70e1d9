/**
 * Ideogram's current upscale, `POST /v2/image/upscale/{model}`, and its generations, as documented at
 * developer.ideogram.ai (see shared/notes/apis.md, "Ideogram v2 upscale"). Plain data without zod, so the fake
 * APIs and the relay read the same facts as the client. A fact marked UNCONFIRMED is a guess kept to one line.
 * What v2 shares with v1 (auth headers, the relay path, `reject_reason`s, the in-progress limit, the safety status)
 * is in `ideogram.ts`.
 */

export const IDEOGRAM_V2_UPSCALE_PATH = "/v2/image/upscale";
export const IDEOGRAM_V2_GENERATIONS_PATH = "/v2/generations";
/** Query parameter of the upscale call: `true` answers a price quote; nothing is generated, stored or billed. */
export const IDEOGRAM_V2_DRY_RUN_PARAM = "dry_run";

/** The `image` part: JPEG, PNG or WebP, up to 50 MB. */
export const IDEOGRAM_V2_MAX_IMAGE_BYTES = 50 * 1024 * 1024;
/** Models with `capsOutput` reject a result wider or taller than this. */
export const IDEOGRAM_V2_MAX_OUTPUT_SIDE = 8192;
export const IDEOGRAM_V2_MAX_SEED = 2147483647;
/** Result links expire after 24 hours. */
export const IDEOGRAM_V2_RESULT_LINK_TTL_MS = 24 * 60 * 60 * 1000;

export const IDEOGRAM_V2_FACTORS = [2, 4, 8] as const;
export type IdeogramV2Factor = (typeof IDEOGRAM_V2_FACTORS)[number];
/** `upscale_factor` is sent as `x2`, `x4` or `x8`; `x2` when absent. */
export const IDEOGRAM_V2_DEFAULT_FACTOR: IdeogramV2Factor = 2;
export function upscaleFactorField(factor: IdeogramV2Factor): string {
  return `x${factor}`;
}

export const ENHANCEMENT_STRENGTHS = ["low", "medium", "high"] as const;
export type EnhancementStrength = (typeof ENHANCEMENT_STRENGTHS)[number];
export const RESOLUTION_TIERS = ["1K", "2K", "4K"] as const;
export type ResolutionTier = (typeof RESOLUTION_TIERS)[number];

/** The multipart fields that only some models take. */
export type IdeogramV2ModelField = "prompt" | "enhancement_strength" | "resolution_tier";

export interface IdeogramV2ModelFacts {
  /** Ideogram's name for it. */
  label: string;
  /** What it is for, in a few words (for `--help`, settings, a dropdown). */
  summary: string;
  /**
   * The `upscale_factor` values it takes. Empty: it takes none, the output size comes from another field
   * (Nano Banana Pro regenerates at its `resolution_tier`; whether it reads the factor at all is UNCONFIRMED).
   */
  factors: readonly IdeogramV2Factor[];
  /** Rejects outputs over {@link IDEOGRAM_V2_MAX_OUTPUT_SIDE} px a side. */
  capsOutput: boolean;
  /** Its own fields, beyond `image`, `upscale_factor`, `seed`, `async` and `webhook_url`. */
  fields: readonly IdeogramV2ModelField[];
}

export const IDEOGRAM_V2_MODEL_IDS = [
  "auto",
  "topaz-standard-2",
  "topaz-text-refine",
  "topaz-wonder-3-5",
  "topaz-wonder-4",
  "topaz-bloom-2",
  "topaz-redefine",
  "nano-banana-pro",
] as const;
export type IdeogramV2Model = (typeof IDEOGRAM_V2_MODEL_IDS)[number];
export const IDEOGRAM_V2_DEFAULT_MODEL: IdeogramV2Model = "auto";

const ALL_FACTORS = IDEOGRAM_V2_FACTORS;

export const IDEOGRAM_V2_MODELS: Readonly<Record<IdeogramV2Model, IdeogramV2ModelFacts>> = {
  auto: {
    label: "Auto",
    summary: "Ideogram picks the upscaler (its choice may change over time)",
    factors: ALL_FACTORS,
    capsOutput: true,
    fields: [],
  },
  "topaz-standard-2": {
    label: "Topaz Standard V2",
    summary: "faithful, no prompt",
    factors: ALL_FACTORS,
    capsOutput: true,
    fields: [],
  },
  "topaz-text-refine": {
    label: "Topaz Text Refine",
    summary: "faithful, keeps lettering legible",
    factors: ALL_FACTORS,
    capsOutput: true,
    fields: [],
  },
  "topaz-wonder-3-5": {
    label: "Topaz Wonder 3.5",
    summary: "enhances; strength low, medium or high",
    factors: ALL_FACTORS,
    capsOutput: true,
    fields: ["enhancement_strength"],
  },
  "topaz-wonder-4": {
    label: "Topaz Wonder 4",
    summary: "denoises, deblurs and recovers faces; ×2 or ×4",
    factors: [2, 4],
    capsOutput: false,
    fields: [],
  },
  "topaz-bloom-2": {
    label: "Topaz Bloom 2",
    summary: "creative, with an optional prompt",
    factors: ALL_FACTORS,
    capsOutput: true,
    fields: ["prompt"],
  },
  "topaz-redefine": {
    label: "Topaz Redefine",
    summary: "the most creative; a prompt, or one written for you",
    factors: ALL_FACTORS,
    capsOutput: true,
    fields: ["prompt"],
  },
  "nano-banana-pro": {
    label: "Nano Banana Pro",
    summary: "regenerates the image at a resolution tier (1K, 2K or 4K)",
    factors: [],
    capsOutput: false,
    fields: ["resolution_tier"],
  },
};

export function isIdeogramV2Model(value: unknown): value is IdeogramV2Model {
  return typeof value === "string" && (IDEOGRAM_V2_MODEL_IDS as readonly string[]).includes(value);
}

/**
 * The most a price quote can cost: its `upper_bound_usd_micros`, or its `usd_micros` where that is absent (an exact
 * quote), null, or lower.
 */
export function quoteUpperBoundMicros(usdMicros: number, upperBoundUsdMicros: number | null | undefined): number {
  return Math.max(usdMicros, upperBoundUsdMicros ?? usdMicros);
}

/** A generation's `status`: `pending` until it is `completed` or `failed` (then with `failure_reason`). */
export const IDEOGRAM_GENERATION_STATUSES = ["pending", "completed", "failed"] as const;
export type IdeogramGenerationStatus = (typeof IDEOGRAM_GENERATION_STATUSES)[number];

/** Generation ids are opaque; UNCONFIRMED beyond "URL-safe text", so this only keeps them path-safe. */
export const IDEOGRAM_GENERATION_ID_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/**
 * The factors of `model` whose output fits its cap for a `width`×`height` input, smallest first. For a model
 * without a cap, all its factors.
 */
export function factorsThatFit(model: IdeogramV2Model, width: number, height: number): IdeogramV2Factor[] {
  const facts = IDEOGRAM_V2_MODELS[model];
  return facts.factors.filter(
    (factor) => !facts.capsOutput || Math.max(width, height) * factor <= IDEOGRAM_V2_MAX_OUTPUT_SIDE,
  );
}
