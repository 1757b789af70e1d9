import { abortError, type CancelSignal } from "@upscale/core/provider-kit";

/** The core's ABORTED rejection, at a point where stopping is cheap. */
export function throwIfAborted(signal: CancelSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}
