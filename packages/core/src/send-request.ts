import type { ZodType } from "zod";
import type { CancelSignal } from "./cancellation.js";
import type { Clock } from "./clock.js";
import {
  ApiError,
  abortError,
  InputError,
  NetworkError,
  TaskError,
  UpscaleError,
  type UpscaleErrorCode,
} from "./errors.js";
import { hostOf, parseHttpUrl, resolveHttpUrl } from "./http-url.js";
import { raceAbort } from "./race-abort.js";
import { backoffDelayMs, maySendAgain, parseRetryAfterMs, type RetryPolicy, rateLimitWaitMs } from "./retry-policy.js";
import type { HttpMethod, HttpRequest, HttpResponse, HttpTransport } from "./transport.js";
import { decodeUtf8 } from "./utf8.js";

/**
 * The one request pipeline both vendor clients and image downloads go through: credentials only for their
 * own origin, a timeout per attempt, retries by {@link maySendAgain}, and every failure turned into an
 * UpscaleError whose message says what to do. Vendor wording comes from a {@link VendorProfile}.
 */

export interface VendorErrorDetail {
  message?: string;
  type?: string;
}

/** How one server talks about its errors, and what a user of it should do about each. */
export interface VendorProfile {
  /** Used in messages: "GPTunnel", "Ideogram", an image host's name. */
  name: string;
  /** Vendor-specific advice that replaces the generic one for a code. */
  advice?: Partial<Record<UpscaleErrorCode, string>>;
  /** For calls that charge: where to look for the possibly created, possibly billed work. */
  chargeCheck?: string;
  /** Error types in the vendor's error body that decide the code by meaning, whatever the status. */
  errorTypes?: Readonly<Record<string, UpscaleErrorCode>>;
  /** Statuses that mean something else at this server than at most (Ideogram's 422 is a safety verdict). */
  statusCodes?: Readonly<Partial<Record<number, UpscaleErrorCode>>>;
  /** Message and type from a parsed error body, or `undefined` when it is not this vendor's error shape. */
  readError?: (body: unknown) => VendorErrorDetail | undefined;
}

export interface ApiRequest {
  /** Names the call in messages: "imagine", "result", "download". */
  operation: string;
  url: string;
  method: HttpMethod;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Headers (the API key) added only while the URL is on `origin`: never sent to another host. */
  credentials?: { origin: string; headers: Record<string, string> } | undefined;
  /** A billed call: never re-sent once it may have reached the server. */
  charges: boolean;
  /** The task the call concerns, carried on its errors. */
  taskId?: string;
}

export interface SendContext {
  transport: HttpTransport;
  clock: Clock;
  policy: RetryPolicy;
  /** Per attempt, including reading the body. */
  timeoutMs: number;
  vendor: VendorProfile;
  /** Removes secrets from any text that ends up in an error. */
  redact: (text: string) => string;
  signal?: CancelSignal | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const MAX_VENDOR_MESSAGE_LENGTH = 500;

const STATUS_CODES: Readonly<Record<number, UpscaleErrorCode>> = {
  400: "INVALID_REQUEST",
  401: "AUTH",
  402: "INSUFFICIENT_BALANCE",
  403: "AUTH",
  404: "NOT_FOUND",
  408: "SERVER_ERROR",
  410: "NOT_FOUND",
  413: "IMAGE_TOO_LARGE",
  429: "RATE_LIMITED",
};

const SUMMARIES: Partial<Record<UpscaleErrorCode, string>> = {
  AUTH: "The API key was rejected",
  INSUFFICIENT_BALANCE: "The account balance is too low",
  RATE_LIMITED: "Too many requests",
  INVALID_REQUEST: "The request was rejected as invalid",
  NOT_FOUND: "Not found",
  UNSAFE_CONTENT: "Rejected by the content-safety filter",
  SERVER_ERROR: "The server failed",
  IMAGE_TOO_LARGE: "The image is too large for the server",
  BAD_RESPONSE: "Unexpected answer",
};

const GENERIC_ADVICE: Partial<Record<UpscaleErrorCode, string>> = {
  AUTH: "Check the API key.",
  INSUFFICIENT_BALANCE: "Top up the account balance and try again.",
  INVALID_REQUEST: "Check the request parameters.",
  NOT_FOUND: "Check the id and the base URL.",
  UNSAFE_CONTENT: "Try a different image or prompt.",
  SERVER_ERROR: "Try again in a few minutes.",
  IMAGE_TOO_LARGE: "Use a smaller image.",
  BAD_RESPONSE: "Try again; if this persists, the API may have changed.",
};

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
      const error = asNetworkError(caught, request, context);
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

/**
 * The 2xx body parsed with `schema`. A body that is the vendor's error shape becomes that error (some APIs
 * answer 200 with an error); anything else unreadable is BAD_RESPONSE.
 */
export function parseJsonResponse<T>(
  response: HttpResponse,
  schema: ZodType<T>,
  request: ApiRequest,
  context: SendContext,
): T {
  const json = parseJson(response.body);
  if (json === undefined) return badResponse(response, request, context, "the body is not JSON");
  const parsed = schema.safeParse(json.value);
  if (parsed.success) return parsed.data;
  const detail = context.vendor.readError?.(json.value);
  const code = detail?.type === undefined ? undefined : context.vendor.errorTypes?.[detail.type];
  if (detail !== undefined) throw apiError(code ?? "BAD_RESPONSE", response, request, context, { detail });
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
  return badResponse(response, request, context, `unexpected content${where}: ${issue?.message ?? "invalid"}`);
}

/** A 2xx answer the caller cannot use (not the promised content): BAD_RESPONSE, saying why. */
export function badResponse(response: HttpResponse, request: ApiRequest, context: SendContext, why: string): never {
  throw answerError("BAD_RESPONSE", response, request, context, `Unexpected answer: ${why}`);
}

/** An error for a 2xx answer that still means failure (e.g. a safety verdict), in the pipeline's wording. */
export function answerError(
  code: UpscaleErrorCode,
  response: HttpResponse,
  request: ApiRequest,
  context: SendContext,
  summary: string,
): ApiError {
  return apiError(code, response, request, context, { summary });
}

async function followRedirects(request: ApiRequest, context: SendContext): Promise<HttpResponse> {
  let url = request.url;
  for (let hops = 0; ; hops++) {
    const onOwnOrigin = request.credentials !== undefined && sameOrigin(url, request.credentials.origin);
    const headers = { ...request.headers, ...(onOwnOrigin ? request.credentials?.headers : {}) };
    // Without credentials a GET may be redirected by the transport itself: a browser's fetch can only do that.
    const followRedirects = request.credentials === undefined && request.method === "GET";
    const response = await attempt(
      { url, method: request.method, headers, body: request.body, followRedirects },
      context,
    );
    if (!REDIRECT_STATUSES.has(response.status)) return response;

    // Only reads follow redirects: re-sending a POST elsewhere could repeat a billed call.
    const location = response.headers.location;
    const target = location === undefined ? undefined : resolveHttpUrl(location, url);
    if (request.method !== "GET" || target === undefined || hops >= MAX_REDIRECTS) {
      // Origin and path only: query strings of signed links are credentials of their own.
      const to = target === undefined ? "" : ` to ${target.origin}${target.pathname}`;
      throw apiError("BAD_RESPONSE", response, request, context, {
        summary: `Unexpected redirect${to}`,
        advice: "If the API has moved, set its base URL to the new address.",
      });
    }
    url = target.href;
  }
}

/** `request` with its URL as the normalised href, so the transport connects where the origin check looked. */
function withNormalisedUrl(request: ApiRequest): ApiRequest {
  const parsed = parseHttpUrl(request.url);
  if (parsed === undefined) {
    // The text is not quoted: a link may carry a signature, a mistyped one even a key.
    throw new InputError(
      "INVALID_REQUEST",
      `The ${request.operation} address is not an http(s) URL; nothing was sent.`,
    );
  }
  return { ...request, url: parsed.href };
}

/** One transport call, raced against the caller's signal and a timeout (the transport may ignore signals). */
async function attempt(request: HttpRequest, context: SendContext): Promise<HttpResponse> {
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
    if (timedOut) {
      throw new NetworkError(`No complete answer from ${hostOf(request.url)} within ${timeoutMs / 1000} s.`, {
        mayHaveReachedServer: true,
      });
    }
    throw error;
  } finally {
    stopTimer();
    signal?.removeEventListener("abort", forwardAbort);
  }
}

/** Transport failures become NetworkError; the core's own errors (ABORTED, a bad redirect) pass through. */
function asNetworkError(error: unknown, request: ApiRequest, context: SendContext): NetworkError {
  if (error instanceof NetworkError) return error;
  if (error instanceof UpscaleError) throw error;
  const reason = error instanceof Error ? error.message : String(error);
  return new NetworkError(context.redact(`The request to ${hostOf(request.url)} failed: ${reason}`), {
    cause: error,
    mayHaveReachedServer: true,
  });
}

/**
 * A cancel cannot take back a billed request that has gone out: the rejection says it may have been charged
 * and where to look. A caller's own reason that means something else (a deadline) passes unchanged.
 */
function billedAbortError(request: ApiRequest, context: SendContext): UpscaleError {
  const { signal, vendor } = context;
  const error = abortError(signal, request.taskId);
  if (error.code !== "ABORTED") return error;
  const advice = `The ${request.operation} request may already have reached ${vendor.name} and been charged: ${chargeCheck(vendor)}.`;
  return new TaskError("ABORTED", context.redact(`Cancelled. ${advice}`), {
    cause: signal?.reason,
    taskId: request.taskId,
  });
}

function finalNetworkError(
  error: NetworkError,
  request: ApiRequest,
  context: SendContext,
  attempts: number,
): NetworkError {
  const { vendor } = context;
  const advice =
    request.charges && error.mayHaveReachedServer
      ? `The ${request.operation} request may have reached ${vendor.name} and been charged, so it was not sent again: ${chargeCheck(vendor)}.`
      : `${attemptsNote(attempts)}Check the internet connection and the address (${originOf(request.url)}), then try again.`;
  return new NetworkError(context.redact(`${error.message} ${advice}`), {
    cause: error,
    mayHaveReachedServer: error.mayHaveReachedServer,
    taskId: request.taskId,
  });
}

function errorFromResponse(response: HttpResponse, request: ApiRequest, context: SendContext, attempts: number) {
  const { vendor } = context;
  const detail = readVendorError(response.body, vendor);
  const byType = detail?.type === undefined ? undefined : vendor.errorTypes?.[detail.type];
  const code = byType ?? vendor.statusCodes?.[response.status] ?? codeForStatus(response.status);
  return apiError(code, response, request, context, { detail, attempts });
}

function codeForStatus(status: number): UpscaleErrorCode {
  const known = STATUS_CODES[status];
  if (known !== undefined) return known;
  if (status >= 500 && status <= 599) return "SERVER_ERROR";
  if (status >= 400 && status <= 499) return "INVALID_REQUEST";
  return "BAD_RESPONSE";
}

interface ApiErrorParts {
  detail?: VendorErrorDetail | undefined;
  summary?: string;
  advice?: string;
  attempts?: number;
}

function apiError(
  code: UpscaleErrorCode,
  response: HttpResponse,
  request: ApiRequest,
  context: SendContext,
  parts: ApiErrorParts,
): ApiError {
  const { vendor, redact, clock } = context;
  const retryAfterMs = parseRetryAfterMs(response.headers["retry-after"], clock.now());
  const retryAfter = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
  const vendorMessage = parts.detail?.message === undefined ? undefined : redact(truncate(parts.detail.message.trim()));
  const where = `${vendor.name} ${request.operation}: HTTP ${response.status}${
    (parts.attempts ?? 1) > 1 ? `, ${parts.attempts} attempts` : ""
  }`;
  const summary = parts.summary ?? SUMMARIES[code] ?? "Request failed";
  const said = vendorMessage ? ` ${vendor.name} said: "${vendorMessage}"` : "";
  const message = `${summary} (${where}). ${parts.advice ?? adviceFor(code, request, context, retryAfter)}${said}`;
  return new ApiError(code, redact(message), {
    status: response.status,
    vendorMessage,
    vendorType: parts.detail?.type === undefined ? undefined : redact(parts.detail.type),
    retryAfter,
    taskId: request.taskId,
  });
}

function adviceFor(
  code: UpscaleErrorCode,
  request: ApiRequest,
  context: SendContext,
  retryAfter: number | undefined,
): string {
  const { vendor } = context;
  const specific = vendor.advice?.[code];
  if (code === "RATE_LIMITED") {
    const wait = retryAfter === undefined ? "Wait a minute and try again." : `Wait ${retryAfter} s and try again.`;
    return specific === undefined ? wait : `${wait} ${specific}`;
  }
  // A billed call the server may have processed: say so instead of inviting a blind retry.
  if (request.charges && (code === "SERVER_ERROR" || code === "BAD_RESPONSE")) {
    return `The ${request.operation} request may have been processed and charged, so it was not sent again: ${chargeCheck(vendor)}.`;
  }
  return specific ?? GENERIC_ADVICE[code] ?? "";
}

function chargeCheck(vendor: VendorProfile): string {
  return vendor.chargeCheck ?? `check your ${vendor.name} account before trying again`;
}

function readVendorError(body: Uint8Array, vendor: VendorProfile): VendorErrorDetail | undefined {
  const json = parseJson(body);
  return json === undefined ? undefined : vendor.readError?.(json.value);
}

/** The body as JSON, or `undefined` when it is not JSON (wrapped, so a body of `null` is told apart). */
export function parseJson(body: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(decodeUtf8(body)) };
  } catch {
    return undefined;
  }
}

function truncate(text: string): string {
  return text.length > MAX_VENDOR_MESSAGE_LENGTH ? `${text.slice(0, MAX_VENDOR_MESSAGE_LENGTH)}…` : text;
}

function attemptsNote(attempts: number): string {
  return attempts > 1 ? `Tried ${attempts} times. ` : "";
}

function sameOrigin(url: string, origin: string): boolean {
  const own = parseHttpUrl(origin)?.origin;
  return own !== undefined && parseHttpUrl(url)?.origin === own;
}

function originOf(url: string): string {
  return parseHttpUrl(url)?.origin ?? "the server";
}
