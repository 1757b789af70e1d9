import type { ImageMimeType } from "../image/image-format.js";

/** What a job event is about: one input of a batch, or one Midjourney action. */
export interface JobSubject {
  /** Stable and unique in a run: a path, a Uri string, an image hash, a task id. */
  id: string;
  /** A short name to show (and, for a file job, the one its result is named from). */
  name: string;
}

/** One input of a batch: a file, a workspace Uri, a canvas image (by hash). */
export interface JobSource extends JobSubject {
  /** `name` is the file name results are named from ("photo.jpg"; canvas: "<layer>.png"). */
  read(): Promise<Uint8Array>;
}

/**
 * Where a result goes, in the terms the apps use: a file (a path or a Uri string), a folder whose image is named
 * later (a Midjourney task's own name), a node on a Figma canvas, or an image on a Figma canvas by its hash (every
 * layer that shows it gets the result). `encodeLedgerTarget` stores it in a ledger.
 */
export type ResultTarget =
  | { kind: "file"; path: string }
  | { kind: "folder"; path: string }
  | { kind: "node"; id: string }
  | { kind: "image"; hash: string };

/** An app's decision for one input, made before anything is paid for. */
export interface ResultPlan {
  /** The result's file name (a template's or a suffix's, through `resultFileName`'s rules). */
  fileName: string;
  /** The type the name promises: the result is converted to it. */
  mimeType: ImageMimeType;
  /** Where it goes. Two inputs with one file, node or image target are refused before anything runs. */
  target?: ResultTarget;
}

/** Decided for every input of a batch before anything is paid for. */
export interface PlannedResult<S extends JobSource = JobSource> extends ResultPlan {
  source: S;
}

/** What a Midjourney job reserves: its image is always a PNG, named by the app or by its task id. */
export interface MidjourneyResultPlan<S extends JobSubject = JobSubject> {
  source: S;
  /** Undefined for a new task into a folder: its name (`taskImageName`) exists only once the task does. */
  fileName: string | undefined;
  mimeType: "image/png";
  target: ResultTarget | undefined;
}

/** Port: where results go (CLI file system, VS Code workspace.fs, Figma canvas). */
export interface ResultStore<Saved, Plan = PlannedResult> {
  /**
   * Before any paid call: claim the place (CLI: create the folder and a temp file; VS Code: the overwrite
   * question; Figma: nothing). `undefined` means the user declined (the input is reported as skipped), `{ skip }`
   * the same with the reason to show. Calls come one at a time (never two questions at once). Throwing fails the input.
   */
  reserve(plan: Plan): Promise<ResultSlot<Saved> | { skip: string } | undefined>;
}

/** A place claimed for one result: keep the image there, then release whatever the claim held. */
export interface ResultSlot<Saved> {
  /**
   * Keep the image. `image.fileName` is the planned name, or — when converting a paid result to the promised type
   * failed — the same stem with the result's own extension.
   */
  keep(image: KeptImage): Promise<Saved>;
  /** Always called last (after keep, a failure or a cancel): drop temp files and the like. Its errors are ignored. */
  release(): Promise<void>;
}

/** A result as it is kept: its true type and size, the name it goes under, and what the user should know. */
export interface KeptImage {
  bytes: Uint8Array;
  mimeType: ImageMimeType;
  width: number;
  height: number;
  fileName: string;
  /** What was done that the user should know ("Kept as PNG: converting it to WebP failed (…)."). */
  notes: string[];
  /** The vendor's task id, when the provider has one (Midjourney: it is also inside the PNG; Ideogram v2: the generation). */
  taskId?: string;
  /** What the vendor billed for it in US dollars, when it says (Ideogram v2's `usage_cost_usd_micros`). */
  costUsd?: number;
}
