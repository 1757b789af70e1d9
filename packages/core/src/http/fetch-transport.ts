import { hostOf } from "../internal/http-url.js";
import { abortError, NetworkError } from "../outcome/errors.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import type { HttpTransport } from "./transport.js";

/**
 * Failures that happen before a connection exists, so the request certainly never left: refused, unknown
 * host, unreachable network, connect timeout, an unusable URL. Anything else (a reset, a closed socket) may come after the
 * server got the request.
 */
const NEVER_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_INVALID_URL",
]);

/**
 * Adapts a standard `fetch` (the global one by default) to {@link HttpTransport}. Redirects are returned, not
 * followed, so that credentials never travel to another origin behind the caller's back — unless the request
 * says it carries none (`followRedirects`).
 */
export function fetchTransport(fetchImpl: typeof fetch = globalThis.fetch): HttpTransport {
  if (typeof fetchImpl !== "function") {
    throw new TypeError("No fetch is available here: pass one to fetchTransport(fetchImpl).");
  }
  return async ({ url, method, headers, body, signal, followRedirects }) => {
    const host = hostOf(url);
    const abort = toAbortSignal(signal);
    let response: Response;
    try {
      // `as BodyInit`: TypeScript's DOM typings only take ArrayBuffer-backed views; fetch accepts any.
      response = await fetchImpl(url, {
        method,
        headers,
        body: body as BodyInit | undefined,
        signal: abort.signal,
        redirect: followRedirects ? "follow" : "manual",
      });
    } catch (error) {
      abort.release();
      // Cancellation wins over whatever error the aborted fetch produced.
      if (signal?.aborted) throw abortError(signal);
      const code = errorCode(error);
      if (code !== undefined && NEVER_SENT_CODES.has(code)) {
        throw new NetworkError(`Could not connect to ${host} (${code}).`, {
          cause: error,
          mayHaveReachedServer: false,
        });
      }
      throw new NetworkError(`The connection to ${host} failed${detail(code)}.`, {
        cause: error,
        mayHaveReachedServer: true,
      });
    }
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name.toLowerCase()] = value;
    });
    try {
      return { status: response.status, headers: responseHeaders, body: new Uint8Array(await response.arrayBuffer()) };
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      throw new NetworkError(
        `The connection to ${host} broke before the whole response arrived${detail(errorCode(error))}.`,
        { cause: error, mayHaveReachedServer: true },
      );
    } finally {
      abort.release();
    }
  };
}

/**
 * `fetch` takes only a real AbortSignal. A core CancelSignal (from createCancellation) is forwarded to one, so
 * cancelling it still frees the socket; `release` drops the forwarding once the body is read.
 */
function toAbortSignal(signal: CancelSignal | undefined): { signal?: AbortSignal; release(): void } {
  if (signal === undefined) return { release: () => undefined };
  if (typeof AbortSignal === "function" && signal instanceof AbortSignal) return { signal, release: () => undefined };
  // Without AbortController the request cannot be stopped; callers race it against the signal anyway.
  if (typeof AbortController !== "function") return { release: () => undefined };
  const controller = new AbortController();
  const forward = () => controller.abort(signal.reason);
  if (signal.aborted) forward();
  else signal.addEventListener("abort", forward, { once: true });
  return { signal: controller.signal, release: () => signal.removeEventListener("abort", forward) };
}

function detail(code: string | undefined): string {
  return code === undefined ? "" : ` (${code})`;
}

/** The system error code (ECONNREFUSED, …) somewhere down the `cause` chain, where Node's fetch puts it. */
function errorCode(error: unknown): string | undefined {
  // `cause` read by hand: the ES2017 typings the core builds against predate it.
  for (
    let current = error, depth = 0;
    current instanceof Error && depth < 5;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}
