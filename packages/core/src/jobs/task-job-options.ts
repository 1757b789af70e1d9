import type { ImageCodec } from "../image/image-codec.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import type { Clock } from "../runtime/clock.js";
import type { JobEvent } from "./job-events.js";
import type { JobSubject, ResultStore } from "./job-ports.js";
import type { TaskLedger } from "./task-ledger.js";

/**
 * What a job around a vendor task needs besides the vendor's client (`runMidjourneyJob`, `resumeIdeogramJob`): the
 * app's ports, the ledger paid tasks are kept in, and how long to wait.
 */
export interface TaskJobOptions<Saved, Plan, S extends JobSubject = JobSubject> {
  store: ResultStore<Saved, Plan>;
  /** Paid tasks are recorded here the moment their id exists, and settled once their image is kept. */
  ledger?: TaskLedger;
  /** Converts the vendor's image to the type its name promises (Midjourney: PNG, the type that carries the task id). */
  codec?: ImageCodec;
  /** Stops waiting; the task stays in the ledger, to resume. */
  signal?: CancelSignal;
  /** How long to wait for a task (default 10 min); the task is left to resume (TIMEOUT). */
  deadlineMs?: number;
  clock?: Clock;
  onEvent: (event: JobEvent<Saved, S>) => void;
  redact?: (text: string) => string;
  /** A ledger save failed: the job goes on (the task exists) and the ledger saves it again later. */
  onLedgerError?: (error: unknown) => void;
}
