import type { HttpRequest, HttpResponse } from "../http/transport.js";
import { abortError } from "../outcome/errors.js";
import { raceAbort } from "../runtime/race-abort.js";
import type { SendContext } from "./api-request.js";
import { timeoutError } from "./request-errors.js";

/** One transport call, raced against the caller's signal and a timeout (the transport may ignore signals). */
export async function sendAttempt(request: HttpRequest, context: SendContext): Promise<HttpResponse> {
  const { transport, clock, signal, timeoutMs } = context;
  if (!Number.isFinite(timeoutMs)) return raceAbort(transport({ ...request, signal }), signal);
  // Where AbortController exists, a timeout also cancels the transport's request and frees its socket. Figma's
  // main thread has none: there the race alone bounds the wait, and the abandoned fetch ends on its own.
  const cancelAttempt = typeof AbortController === "function" ? new AbortController() : undefined;
  const forwardAbort = () => cancelAttempt?.abort(signal?.reason);
  signal?.addEventListener("abort", forwardAbort, { once: true });
  let timedOut = false;
  let stopTimer = () => {};
  const timeout = new Promise<never>((_, reject) => {
    stopTimer = clock.after(timeoutMs, () => {
      timedOut = true;
      cancelAttempt?.abort();
      reject(new Error("timed out"));
    });
  });
  try {
    const response = transport({ ...request, signal: cancelAttempt?.signal ?? signal });
    return await raceAbort(Promise.race([response, timeout]), signal);
  } catch (error) {
    // Cancellation wins over a timeout that fired at the same moment.
    if (signal?.aborted) throw abortError(signal);
    if (timedOut) throw timeoutError(request.url, timeoutMs);
    throw error;
  } finally {
    stopTimer();
    signal?.removeEventListener("abort", forwardAbort);
  }
}
