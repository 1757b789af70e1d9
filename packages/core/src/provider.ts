import type { CancelSignal } from "./cancellation.js";
import type { ImageMimeType } from "./image-format.js";

/** What to upscale: image bytes, or one quadrant (1–4) of a finished Midjourney grid task. */
export type UpscaleSource = { bytes: Uint8Array } | { midjourneyTask: string; index: 1 | 2 | 3 | 4 };

export type UpscaleSourceKind = "bytes" | "midjourneyTask";

export function sourceKind(source: UpscaleSource): UpscaleSourceKind {
  return "bytes" in source ? "bytes" : "midjourneyTask";
}

export interface UpscaleProgress {
  stage: "submitting" | "waiting" | "downloading" | "processing" | "done";
  /** 0–100 where the provider knows it. */
  percent?: number;
  /** The vendor's own status string, while a task runs. */
  status?: string;
  /** Set as soon as a paid task exists, so a caller can always offer to resume it. */
  taskId?: string;
}

export interface UpscaleCallOptions {
  signal?: CancelSignal;
  onProgress?: (progress: UpscaleProgress) => void;
  /** Requested factor: one of `capabilities.scales` (remote providers have one, and refuse any other). */
  scale?: number;
}

/**
 * What a provider returns. `M` is its own details (task id, seed, the prompt the vendor used…): each provider
 * says what it returns (`IdeogramMeta`, `MidjourneyMeta`), a provider found by id in a registry gives the default.
 */
export interface UpscaleResult<M extends object = Record<string, unknown>> {
  bytes: Uint8Array;
  mimeType: ImageMimeType;
  width: number;
  height: number;
  provider: string;
  meta: M;
}

/**
 * What a provider can do, so an app can validate input, name the result and plan a batch before paying.
 */
export interface ProviderCapabilities {
  /** The factors `scale` may ask for; a provider refuses any other (INVALID_REQUEST). */
  scales: readonly number[];
  /** The factor results are named by (`@2x`) when no `scale` is given. */
  nominalScale: number;
  /** Calls worth running at once (the vendor's own limit, or what the machine sustains). */
  maxInFlight: number;
  /** Image types it takes as bytes; empty for a provider that takes only Midjourney tasks. */
  inputTypes: readonly ImageMimeType[];
  maxInputBytes?: number;
  /** Width × height. */
  maxInputPixels?: number;
  /** A call may cost money: confirm before batches, never re-send blindly. */
  charges: boolean;
}

/**
 * One upscaling backend. Providers are built with their own configuration (client, key, vendor parameters),
 * so per-call options stay the same for all of them and a Node-only provider can live outside the core.
 */
export interface UpscaleProvider<M extends object = Record<string, unknown>> {
  readonly id: string;
  readonly accepts: readonly UpscaleSourceKind[];
  readonly capabilities: ProviderCapabilities;
  upscale(source: UpscaleSource, options: UpscaleCallOptions): Promise<UpscaleResult<M>>;
}
