import { abortError } from "../src/outcome/errors.js";
import type { CancelSignal } from "../src/runtime/cancellation.js";
import type { Clock } from "../src/runtime/clock.js";

interface Timer {
  at: number;
  ms: number;
  fire: () => void;
}

/**
 * Virtual time for unit tests. Sleeps and timers wait until the test moves time on; {@link FakeClock.run} does that
 * for a promise: whenever nothing else can happen, it jumps to the next timer, so minutes of backoff take
 * no real time and every wait is recorded.
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  /** Durations of the sleeps that ran to the end, in order (a sleep stopped by its signal is not here). */
  readonly completedSleeps: number[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: CancelSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const onAbort = () => {
        this.#timers = this.#timers.filter((timer) => timer !== entry);
        reject(abortError(signal));
      };
      const entry: Timer = {
        at: this.#now + ms,
        ms,
        fire: () => {
          signal?.removeEventListener("abort", onAbort);
          this.completedSleeps.push(ms);
          resolve();
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#timers.push(entry);
    });
  }

  after(ms: number, callback: () => void): () => void {
    const entry: Timer = { at: this.#now + ms, ms, fire: callback };
    this.#timers.push(entry);
    return () => {
      this.#timers = this.#timers.filter((timer) => timer !== entry);
    };
  }

  /** Durations of the sleeps and `after` timers now waiting, in the order they were started. */
  pendingSleeps(): number[] {
    return this.#timers.map((timer) => timer.ms);
  }

  /** Moves time to the next timer and fires it; false when no sleep is waiting. */
  fireNext(): boolean {
    const next = this.#timers.reduce<Timer | undefined>(
      (soonest, t) => (soonest && soonest.at <= t.at ? soonest : t),
      undefined,
    );
    if (next === undefined) return false;
    this.#timers = this.#timers.filter((timer) => timer !== next);
    this.#now = Math.max(this.#now, next.at);
    next.fire();
    return true;
  }

  /** Settles `promise`, firing timers whenever it is only waiting for time. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    for (;;) {
      await settle();
      if (settled) return promise;
      if (!this.fireNext()) throw new Error("The promise waits for something other than time: it would hang.");
    }
  }
}

/** Lets every queued promise job and I/O callback run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
