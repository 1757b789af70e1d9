import { backoffDelayMs, maySendAgain, parseRetryAfterMs, rateLimitWaitMs } from "../http/retry-policy.js";
import type { HttpResponse } from "../http/transport.js";
import { abortError, type UpscaleErrorCode } from "../outcome/errors.js";
import type { ApiRequest, SendContext } from "./api-request.js";
import { followRedirects } from "./follow-redirects.js";
import { parseHttpUrl } from "./http-url.js";
import {
  billedAbortError,
  errorFromResponse,
  finalNetworkError,
  invalidUrlError,
  transportError,
} from "./request-errors.js";

/**
 * The one request pipeline both vendor clients and image downloads go through. This file is its retry loop;
 * each attempt follows redirects with credentials only for their own origin (follow-redirects.ts) under a
 * timeout (send-attempt.ts); failures become UpscaleErrors by one convention (request-errors.ts) with the
 * vendor's wording (vendor-errors.ts); 2xx bodies are read by parse-response.ts.
 */

// Only these failures can go away by themselves; a rejected key or an empty balance cannot.
const TRANSIENT_CODES: ReadonlySet<UpscaleErrorCode> = new Set(["SERVER_ERROR", "RATE_LIMITED"]);

/**
 * Sends `request` until it succeeds or the policy says stop; resolves only with a 2xx response. Failures are
 * retried `policy.maxRetries` times; a storm of 429s (turned away before any work, so even a billed call may go
 * again) is ridden out for `policy.rateLimitBudgetMs`, however many attempts that takes.
 */
export async function sendRequest(raw: ApiRequest, context: SendContext): Promise<HttpResponse> {
  const { clock, policy, signal } = context;
  if (signal?.aborted) throw abortError(signal);
  const request = withNormalisedUrl(raw);
  const startedAt = clock.now();
  let retries = 0;
  let rateLimitRetries = 0;
  for (let attempt = 1; ; attempt++) {
    let response: HttpResponse;
    try {
      response = await followRedirects(request, context);
    } catch (caught) {
      if (request.charges && signal?.aborted) throw billedAbortError(request, context);
      const error = transportError(caught, request, context);
      if (retries >= policy.maxRetries || !maySendAgain(error, request.charges)) {
        throw finalNetworkError(error, request, context, attempt);
      }
      await clock.sleep(backoffDelayMs(policy, retries++), signal);
      continue;
    }
    if (response.status >= 200 && response.status <= 299) return response;

    const error = errorFromResponse(response, request, context, attempt);
    const retryAfterMs = parseRetryAfterMs(response.headers["retry-after"], clock.now());
    const waitTooLong = retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs;
    const transient = TRANSIENT_CODES.has(error.code) && maySendAgain(response, request.charges);
    if (waitTooLong || !transient) throw error;
    let waitMs: number | undefined;
    if (response.status === 429) {
      waitMs = rateLimitWaitMs(policy, retryAfterMs, rateLimitRetries++, clock.now() - startedAt);
    } else if (retries < policy.maxRetries) {
      waitMs = retryAfterMs ?? backoffDelayMs(policy, retries++);
    }
    if (waitMs === undefined) throw error;
    await clock.sleep(waitMs, signal);
  }
}

/** `request` with its URL as the normalised href, so the transport connects where the origin check looked. */
function withNormalisedUrl(request: ApiRequest): ApiRequest {
  const parsed = parseHttpUrl(request.url);
  if (parsed === undefined) throw invalidUrlError(request);
  return { ...request, url: parsed.href };
}
