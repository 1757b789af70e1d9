import type { FailureReport } from "../outcome/failure-report.js";
import type { JobSubject, KeptImage } from "./job-ports.js";
import type { UpscaleProgress } from "./provider.js";

/** Port: how an app shows progress. Every event carries the subject the app gave (the same object). */
export type JobEvent<Saved, S extends JobSubject = JobSubject> =
  | { type: "queued"; source: S }
  | { type: "started"; source: S }
  /** A vendor task exists and is already in the ledger: announce its id at once. */
  | { type: "task-created"; source: S; taskId: string }
  /**
   * A billed call was sent (`inFlight: true`) and what it paid for is now safe (`false`: kept, failed, or — for
   * Midjourney — its task id recorded). A cancel lets it finish; only quitting the process could lose it.
   */
  | { type: "billing"; source: S; inFlight: boolean }
  /** `words`: "sending to Ideogram", "Ideogram is upscaling it", "downloading the result" (see `stageWords`). */
  | { type: "progress"; source: S; stage: UpscaleProgress["stage"]; percent?: number; words: string }
  | { type: "saved"; source: S; saved: Saved; image: KeptImage }
  /** `report` says what the user can do; `error` is the error itself, for logs and an app's own error codes. */
  | { type: "failed"; source: S; report: FailureReport; error: unknown }
  | { type: "skipped"; source: S; reason: string }
  /**
   * Cancelled before its turn (`started: false`) or while running. The report says whether a paid task is left
   * to resume (`next: "resume"`, `taskId`).
   */
  | { type: "cancelled"; source: S; started: boolean; report: FailureReport };

/** How a run ended, input by input (also told one by one through the events). */
export interface JobsSummary<Saved, S extends JobSubject = JobSubject> {
  saved: { source: S; saved: Saved; image: KeptImage }[];
  failed: { source: S; report: FailureReport }[];
  skipped: { source: S; reason: string }[];
  cancelled: S[];
}
