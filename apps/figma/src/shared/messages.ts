import type { FailureReport, IdeogramModel } from "@upscale/core";
import type { EnhancementStrength, IdeogramV2Factor, ResolutionTier } from "@upscale/core/vendor-facts";

/**
 * Every message between the plugin's main thread and its UI iframe. Both sides send them with
 * `@create-figma-plugin/utilities`' `emit(name, payload)`; the main thread checks what arrives from the UI with
 * the zod schemas in `ui-message-schemas.ts`, since the iframe is another process it does not control.
 */

export type ProviderId = "ideogram" | "midjourney";
export type IdeogramAuthStyle = "official" | "relay";
export type Placement = "replace" | "beside";
export type KeyService = "ideogram" | "gptunnel";
export type MidjourneyIndex = 1 | 2 | 3 | 4;

/** What the user chose; kept in clientStorage. Keys are kept apart and never sent to the UI. */
export interface PluginSettings {
  provider: ProviderId;
  /** Ideogram's upscaler: a v2 model (`auto` by default) or `legacy` (v1 `/upscale`, ×2). */
  ideogramModel: IdeogramModel;
  /** ×2, ×4 or ×8, where the model takes a factor. */
  factor: IdeogramV2Factor;
  /** Topaz Bloom 2 and Topaz Redefine: what the image shows (optional). */
  prompt: string;
  /** Topaz Wonder 3.5. */
  strength: EnhancementStrength;
  /** Nano Banana Pro. */
  resolution: ResolutionTier;
  ideogramBaseUrl: string;
  ideogramAuth: IdeogramAuthStyle;
  gptunnelBaseUrl: string;
  /** Also upscale the image fills inside selected frames, groups, components… */
  includeChildren: boolean;
  placement: Placement;
}

/** A key as the UI may see it: whether it is set, and its last characters. */
export interface MaskedKey {
  set: boolean;
  /** e.g. "••••••k3y9"; empty when not set. */
  masked: string;
}

export type MaskedKeys = Record<KeyService, MaskedKey>;

/** What the selection holds, as the UI shows it before anything is paid for. */
export interface SelectionSummary {
  /** Distinct images (one per image hash): what an upscale run would pay for. */
  images: number;
  /** Nodes with at least one image fill. */
  nodes: number;
  /** Selected layers that cannot be upscaled, and why. */
  notes: string[];
  /** The selected node is a Midjourney grid placed by this plugin. */
  grid?: { taskId: string; nodeId: string };
  /** Selected layers this plugin upscaled (or placed from a Midjourney upsample): what Compare and Revert act on. */
  upscaled?: UpscaledSelection;
}

export interface UpscaledSelection {
  /** The first such layer's name. */
  name: string;
  /** The one selected layer has an image and the one it came from: Compare shows them. */
  comparable: boolean;
  /** Selected layers whose image replaced another in place: Revert puts the old one back. */
  revertible: number;
}

/**
 * The price of upscaling what is selected with the chosen model (a free Ideogram quote), or why there is none.
 * `pending` while a quote is on its way.
 */
export type PriceQuote =
  | { state: "none" }
  | { state: "pending" }
  | { state: "unavailable"; message: string }
  | {
      state: "ready";
      usdMicros: number;
      /** The most it can cost; above `usdMicros` for an estimate. */
      upperBoundUsdMicros: number;
      qualifier: "exact" | "estimate";
      /** Images priced. */
      images: number;
      /** Images that could not be priced (the first one's reason in `note`). */
      unpriced: number;
      note?: string;
    };

/** GPTunnel's balance in roubles as Settings shows it, or why it could not be read. */
export type BalanceReport = { balance: number; creditLimit: number } | { error: string };

/** One side of Compare: an image file as Figma holds it, with its pixel size. */
export interface CompareImageData {
  bytes: Uint8Array;
  mimeType: string;
  width: number;
  height: number;
}

/** What Compare shows: the image a layer had and the one it has now (a Midjourney upsample: its grid's quadrant). */
export interface ComparePayload {
  layer: string;
  original: CompareImageData;
  result: CompareImageData;
  /** The original is a Midjourney grid: compare this quadrant of it (1 top-left … 4 bottom-right). */
  quadrant?: MidjourneyIndex;
}

/**
 * Why a run ended badly and what the user can do about it: the core's `failureReport` (the UI renders `next` as
 * its one button and `resultUrl` as a link to open or copy, and decides nothing itself), or a notice with
 * nothing to do (`next: "none"`: a cancel, a layer deleted meanwhile).
 */
export type RunError = Pick<FailureReport, "message" | "next" | "retryCharges" | "charged" | "taskId" | "resultUrl">;

/** One line of progress: an image of an upscale run, or a Midjourney task. */
export interface ProgressItem {
  id: string;
  label: string;
  state: "queued" | "running" | "done" | "failed" | "skipped" | "cancelled";
  percent?: number;
  /** What is happening or happened: "waiting for Ideogram", "fitted to 4096 px", an error message. */
  detail?: string;
  /** This item's result was paid for but not downloaded: its short-lived link (from its failure report). */
  resultUrl?: string;
}

export interface RunStatus {
  /** Counts runs in this plugin session, so the UI (and a test) can tell a new run's status from the last one's. */
  runId: number;
  kind: "upscale" | "midjourney" | "revert";
  running: boolean;
  items: ProgressItem[];
  /** One line for the whole batch: "2 of 3 images done". */
  summary: string;
  /** Present when the run (or part of it) failed or was cancelled. */
  error?: RunError;
}

export interface InitPayload {
  settings: PluginSettings;
  keys: MaskedKeys;
  selection: SelectionSummary;
  /** `figma.command` this run was started with ("upscale", "upsample", or "" from the menu). */
  command: string;
  /** Paid tasks left from an earlier session that are being resumed, per vendor. */
  resuming: { midjourney: number; ideogram: number };
}

/** Re-encode and/or resize in the UI, where a canvas exists (`ImageCodec` over the bridge). */
export interface CodecRequest {
  id: number;
  bytes: Uint8Array;
  mimeType: "image/png" | "image/jpeg" | "image/gif" | "image/webp";
  width?: number;
  height?: number;
  /** `ImageCodec.upright`: the pixels turned by their EXIF orientation, encoded as `mimeType` (the image's own). */
  upright?: boolean;
}

export interface CodecReply {
  id: number;
  bytes?: Uint8Array;
  error?: string;
}

/** Main → UI. */
export interface MainToUi {
  init: InitPayload;
  settings: PluginSettings;
  keys: MaskedKeys;
  selection: SelectionSummary;
  status: RunStatus;
  codec: CodecRequest;
  quote: PriceQuote;
  balance: BalanceReport;
  compare: ComparePayload;
}

/** UI → main. */
export interface UiToMain {
  ready: Record<string, never>;
  "save-settings": Partial<PluginSettings>;
  "set-key": { service: KeyService; key: string };
  "clear-key": { service: KeyService };
  upscale: Record<string, never>;
  cancel: Record<string, never>;
  imagine: { prompt: string };
  upsample: { index: MidjourneyIndex };
  variation: { index: MidjourneyIndex };
  "fetch-task": { taskId: string };
  /** Resume the paid tasks still in the ledger (Midjourney tasks, Ideogram generations), submitting nothing. */
  resume: Record<string, never>;
  /** Send again what failed in the last run, when its report said `next: "retry"`. */
  retry: Record<string, never>;
  /** Open a paid result's link (one a status carried) in the browser, with `figma.openExternal`. */
  "open-link": { url: string };
  "codec-result": CodecReply;
  /** Read GPTunnel's balance for Settings. */
  balance: Record<string, never>;
  /** Show the selected upscaled layer's old and new image (the window grows while Compare is open). */
  compare: Record<string, never>;
  "close-compare": Record<string, never>;
  /** Put back the images the selected layers had before they were upscaled in place: one undo step. */
  revert: Record<string, never>;
}
