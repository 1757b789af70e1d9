import type { CancelSignal } from "@upscale/core";

/** What one job sees of a Ctrl-C. */
export interface JobSignal {
  /** Aborted by the first Ctrl-C, unless the job has committed to a billed request. */
  readonly signal: AbortSignal;
  /**
   * A billed request is about to go out: until the returned release is called, the first Ctrl-C lets it finish
   * (and its result be saved) instead of cancelling what may already be charged. Only a second Ctrl-C, a forced
   * exit, can lose it. Releasing after a Ctrl-C aborts the signal then.
   */
  commitBilled(): () => void;
  /** The job is over: its signal no longer follows the run's. */
  close(): void;
}

/**
 * Gives every job its own signal, fed by ONE listener on the run's signal. The core adds a listener or two per
 * request to whatever signal it is given; ten Ideogram uploads sharing the run's signal put twenty-odd
 * listeners on it and Node printed MaxListenersExceededWarning. Per job, at most a few exist at a time.
 */
export class JobSignals {
  readonly #open = new Set<{ controller: AbortController; committed: boolean }>();
  readonly #run: CancelSignal;

  constructor(run: CancelSignal) {
    this.#run = run;
    run.addEventListener(
      "abort",
      () => {
        for (const job of this.#open) if (!job.committed) job.controller.abort(run.reason);
      },
      { once: true },
    );
  }

  /** Jobs still running a billed request: a forced exit may lose what they paid for. */
  get billedInFlight(): number {
    let count = 0;
    for (const job of this.#open) if (job.committed) count++;
    return count;
  }

  open(): JobSignal {
    const job = { controller: new AbortController(), committed: false };
    if (this.#run.aborted) job.controller.abort(this.#run.reason);
    this.#open.add(job);
    return {
      signal: job.controller.signal,
      commitBilled: () => {
        if (job.controller.signal.aborted) return () => undefined;
        job.committed = true;
        return () => {
          job.committed = false;
          if (this.#run.aborted) job.controller.abort(this.#run.reason);
        };
      },
      close: () => {
        this.#open.delete(job);
      },
    };
  }
}
