import { hostOf } from "../internal/http-url.js";
import { abortError, NetworkError } from "../outcome/errors.js";
import type { HttpTransport } from "./transport.js";

/** Figma's main-thread `fetch`, as far as the core uses it: plain-object headers both ways, no `signal`. */
export type FigmaFetch = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: Uint8Array | string;
    redirect?: "follow" | "manual";
  },
) => Promise<{ status: number; headersObject: Record<string, string>; arrayBuffer(): Promise<ArrayBuffer> }>;

/**
 * Adapts Figma's main-thread `fetch` (pass `fetch` itself) to {@link HttpTransport}. It takes no signal, so a
 * cancel cannot stop the request; the core races every call against the caller's signal instead, and a signal
 * already cancelled sends nothing. Redirects of credentialed requests are asked for "manual" so the core decides
 * where a key may go; a platform that then hides the redirect (status 0, an opaque redirect) gets an error, never
 * a silent follow.
 */
export function figmaFetchTransport(fetchFn: FigmaFetch): HttpTransport {
  if (typeof fetchFn !== "function") {
    throw new TypeError("figmaFetchTransport needs Figma's fetch function: figmaFetchTransport(fetch).");
  }
  return async ({ url, method, headers, body, signal, followRedirects }) => {
    if (signal?.aborted) throw abortError(signal);
    const host = hostOf(url);
    let response: Awaited<ReturnType<FigmaFetch>>;
    let bytes: ArrayBuffer;
    try {
      const init: Parameters<FigmaFetch>[1] = { method, headers, redirect: followRedirects ? "follow" : "manual" };
      // Only set when present: a GET with a `body` key, even undefined, is refused by some fetch implementations.
      if (body !== undefined) init.body = body;
      response = await fetchFn(url, init);
    } catch (error) {
      // Figma reports a CORS or allowedDomains refusal and a dropped connection alike, without a code: the
      // request may have been sent.
      throw new NetworkError(`The connection to ${host} failed${messageOf(error)}.`, {
        cause: error,
        mayHaveReachedServer: true,
      });
    }
    if (response.status === 0) {
      throw new NetworkError(`${host} answered with a redirect this platform does not show, so it was not followed.`, {
        mayHaveReachedServer: true,
      });
    }
    try {
      bytes = await response.arrayBuffer();
    } catch (error) {
      throw new NetworkError(`The connection to ${host} broke before the whole response arrived${messageOf(error)}.`, {
        cause: error,
        mayHaveReachedServer: true,
      });
    }
    const responseHeaders: Record<string, string> = {};
    const headersObject = response.headersObject ?? {};
    for (const name of Object.keys(headersObject)) {
      const value = headersObject[name];
      if (typeof value === "string") responseHeaders[name.toLowerCase()] = value;
    }
    return { status: response.status, headers: responseHeaders, body: new Uint8Array(bytes) };
  };
}

/** The platform's own words, when it gave any: Figma's CSP and CORS refusals say which rule failed. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  return message === "" ? "" : ` (${message})`;
}
