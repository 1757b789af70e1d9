import type { ImageMimeType } from "../image/image-format.js";
import type { CancelSignal } from "../runtime/cancellation.js";

/** What to upscale: the image file's bytes. (Midjourney grids are upsampled by their own flows.) */
export interface UpscaleSource {
  bytes: Uint8Array;
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
  /**
   * Stored with a paid task the call creates, by a provider that records its tasks in a ledger: what the user
   * asked for and where its image goes (`encodeLedgerTarget`), so that resuming it puts the image in its place.
   */
  task?: { label?: string; target?: string };
}

/**
 * What a provider returns. `M` is its own details (task id, seed, the prompt the vendor used…): each provider
 * says what it returns (`IdeogramMeta`, `LocalMeta`).
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
  /** Image types it takes as bytes. */
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
  readonly capabilities: ProviderCapabilities;
  upscale(source: UpscaleSource, options: UpscaleCallOptions): Promise<UpscaleResult<M>>;
}
