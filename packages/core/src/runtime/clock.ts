import { abortError } from "../outcome/errors.js";
import type { CancelSignal } from "./cancellation.js";

/**
 * Time as the poller and the retry policy see it. Injectable so tests use fake timers and benchmarks can
 * compress minutes of simulated task time into milliseconds.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with an ABORTED error the moment `signal` aborts. */
  sleep(ms: number, signal?: CancelSignal): Promise<void>;
  /**
   * Calls `callback` after `ms` unless the returned function is called first. Timeouts and deadlines use it:
   * unlike `sleep`, stopping it needs no AbortController, which Figma's main thread lacks.
   */
  after(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError(signal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
  after: (ms, callback) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};
