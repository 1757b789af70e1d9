import type { ImageFileType, ImageMimeType } from "../image/image-format.js";
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
  task?: {
    label?: string;
    target?: string;
    /**
     * The caller keeps the result and then settles the task through the result's `settle` (the job pipeline
     * does), so a crash or a failure between the download and the keeping leaves it to resume. Otherwise the
     * provider settles it as soon as the result is downloaded.
     */
    settleWhenKept?: boolean;
  };
  /**
   * For a provider that keeps the input's metadata itself (`capabilities.keepsInputMetadata`): "strip" leaves it
   * out of the result (the colour profile and density stay). Default: the provider's own setting.
   */
  metadata?: "keep" | "strip";
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
  /** What the user should know about this result ("the result is SDR only", "transparency put back"…). */
  notes?: string[];
  /**
   * With `task.settleWhenKept`, from a provider that recorded the paid task in its ledger: takes the task out of
   * the ledger. Call it once the result is kept. Never rejects (the provider reports a ledger error itself).
   */
  settle?: () => Promise<void>;
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
  /**
   * Image types it takes as bytes. The job pipeline converts another type a codec reads (TIFF, AVIF, HEIC…) into
   * one of these before sending it (`conversionTarget`).
   */
  inputTypes: readonly ImageFileType[];
  maxInputBytes?: number;
  /** Width × height. */
  maxInputPixels?: number;
  /** A call may cost money: confirm before batches, never re-send blindly. */
  charges: boolean;
  /**
   * It gives results the input's EXIF orientation, metadata, density and alpha itself (the offline provider): the
   * core sends it the file as it is and leaves its results alone. Otherwise (every vendor) the core sends only
   * upright pixels and the colour profile (`prepareUpload`) and puts the rest back into the result
   * (`restoreFromInput`).
   */
  keepsInputMetadata?: boolean;
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
