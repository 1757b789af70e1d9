import { abortError } from "../outcome/errors.js";
import type { CancelSignal } from "./cancellation.js";

/**
 * Settles with `promise`, or rejects with an ABORTED error as soon as `signal` aborts — even when the
 * underlying work (a Figma fetch, which takes no signal) cannot itself be stopped.
 */
export function raceAbort<T>(promise: Promise<T>, signal: CancelSignal | undefined, taskId?: string): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    // Nobody awaits the work any more: its own later failure must not surface as an unhandled rejection.
    promise.catch(() => undefined);
    return Promise.reject(abortError(signal, taskId));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal, taskId));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
