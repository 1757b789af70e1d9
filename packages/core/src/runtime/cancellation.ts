/**
 * What every `signal` option in the core accepts: the part of `AbortSignal` the core uses. A real AbortSignal
 * is one, so Node, browsers and VS Code pass theirs; Figma's main thread, which has neither AbortController nor
 * EventTarget, gets one from {@link createCancellation}.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  /** Why it was cancelled; `undefined` until then. */
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** A signal and the one function that trips it. */
export interface Cancellation {
  readonly signal: CancelSignal;
  /** Aborts the signal once; later calls do nothing. Without a reason, the reason is an `AbortError`. */
  cancel(reason?: unknown): void;
}

/**
 * A cancellation that needs nothing but plain JavaScript. It behaves like AbortController where the core relies
 * on it: listeners run synchronously and in order on the first `cancel`, each at most once, a listener added
 * after the cancel is never called, and one listener throwing does not keep the others from running (the first
 * such error is rethrown from `cancel` once all have run).
 */
export function createCancellation(): Cancellation {
  let listeners: Array<() => void> = [];
  const state: { aborted: boolean; reason: unknown } = { aborted: false, reason: undefined };
  const signal: CancelSignal = {
    get aborted() {
      return state.aborted;
    },
    get reason() {
      return state.reason;
    },
    addEventListener(type, listener) {
      // `once` needs no bookkeeping: every listener is dropped when the signal fires, and it fires only once.
      if (type !== "abort" || state.aborted || listeners.indexOf(listener) !== -1) return;
      listeners.push(listener);
    },
    removeEventListener(type, listener) {
      if (type !== "abort") return;
      listeners = listeners.filter((candidate) => candidate !== listener);
    },
  };
  return {
    signal,
    cancel(reason?: unknown) {
      if (state.aborted) return;
      state.aborted = true;
      state.reason = reason === undefined ? defaultReason() : reason;
      const toCall = listeners;
      listeners = [];
      let failure: { error: unknown } | undefined;
      for (const listener of toCall) {
        try {
          listener();
        } catch (error) {
          if (failure === undefined) failure = { error };
        }
      }
      if (failure !== undefined) throw failure.error;
    },
  };
}

/** What AbortController's `abort()` gives as reason, without DOMException (absent in Figma's main thread). */
function defaultReason(): Error {
  const error = new Error("This operation was aborted.");
  error.name = "AbortError";
  return error;
}
