import { type CancelSignal, createCancellation } from "../runtime/cancellation.js";

/** What one job of a batch sees of the run's cancel. */
export interface JobSignal {
  /** Cancelled with the run's signal, unless the job holds a billed call. */
  readonly signal: CancelSignal;
  /**
   * A billed call goes out: from now on a cancel of the run lets this job finish, so what it pays for is kept.
   * Held until `close`.
   */
  hold(): void;
  /** The job is over: its signal no longer follows the run's. */
  close(): void;
}

/**
 * Gives every job its own signal, fed by ONE listener on the run's signal: the core adds a listener or two per
 * request to the signal it is given, and ten uploads sharing one AbortSignal make Node warn about a leak.
 */
export function createJobSignals(run: CancelSignal | undefined): { open(): JobSignal } {
  const open = new Set<{ cancel: (reason: unknown) => void; held: boolean }>();
  run?.addEventListener(
    "abort",
    () => {
      for (const job of open) if (!job.held) job.cancel(run.reason);
    },
    { once: true },
  );
  return {
    open() {
      const cancellation = createCancellation();
      const job = { cancel: cancellation.cancel, held: false };
      if (run?.aborted) cancellation.cancel(run.reason);
      open.add(job);
      return {
        signal: cancellation.signal,
        hold: () => {
          job.held = true;
        },
        close: () => {
          open.delete(job);
        },
      };
    },
  };
}
