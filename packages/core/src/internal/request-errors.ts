import { parseRetryAfterMs } from "../http/retry-policy.js";
import type { HttpResponse } from "../http/transport.js";
import {
  ApiError,
  abortError,
  InputError,
  NetworkError,
  TaskError,
  UpscaleError,
  type UpscaleErrorCode,
} from "../outcome/errors.js";
import type { ApiRequest, SendContext } from "./api-request.js";
import { hostOf, parseHttpUrl } from "./http-url.js";
import { codeForErrorAnswer, readVendorError, type VendorErrorDetail, type VendorProfile } from "./vendor-errors.js";

/**
 * The one convention for the errors of the request pipeline: every message reads "What happened (vendor call:
 * where). What to do.", a billed call says whether it may have been charged and where to look, the vendor's own
 * words are quoted last, and everything is redacted before it leaves. Each kind of failure has its builder here.
 */

const MAX_VENDOR_MESSAGE_LENGTH = 500;

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

export interface AnswerErrorParts {
  /** The vendor's message and type from its error body. */
  detail?: VendorErrorDetail | undefined;
  /** What happened, instead of the code's usual summary. */
  summary?: string;
  /** What to do, instead of the code's usual advice. */
  advice?: string;
  attempts?: number;
  /** The call was billed although it failed (see `UpscaleError.charged`). */
  charged?: "maybe" | "yes";
}

/** An error for an answer the server gave: an error status, or a 2xx that still means failure. */
export function answerError(
  code: UpscaleErrorCode,
  response: HttpResponse,
  request: ApiRequest,
  context: SendContext,
  parts: AnswerErrorParts = {},
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
  const message = `${summary} (${where}). ${parts.advice ?? adviceFor(code, request, vendor, retryAfter)}${said}`;
  return new ApiError(code, redact(message), {
    status: response.status,
    vendorMessage,
    vendorType: parts.detail?.type === undefined ? undefined : redact(parts.detail.type),
    retryAfter,
    taskId: request.taskId,
    charged: parts.charged ?? (mayHaveBeenProcessed(code, request) ? "maybe" : undefined),
  });
}

/** The error for a non-2xx answer, its code decided by the vendor's error mapping. */
export function errorFromResponse(
  response: HttpResponse,
  request: ApiRequest,
  context: SendContext,
  attempts: number,
): ApiError {
  const detail = readVendorError(response.body, context.vendor);
  const code = codeForErrorAnswer(response.status, detail, context.vendor);
  return answerError(code, response, request, context, { detail, attempts });
}

/** A 2xx answer the caller cannot use (not the promised content): BAD_RESPONSE, saying why. */
export function badResponse(response: HttpResponse, request: ApiRequest, context: SendContext, why: string): never {
  throw answerError("BAD_RESPONSE", response, request, context, { summary: `Unexpected answer: ${why}` });
}

/** A request URL that is no http(s) URL: refused before sending, and not quoted (it may carry a signature). */
export function invalidUrlError(request: ApiRequest): InputError {
  return new InputError("INVALID_REQUEST", `The ${request.operation} address is not an http(s) URL; nothing was sent.`);
}

/** An attempt that got no complete answer in time: the server may have received (and billed) it. */
export function timeoutError(url: string, timeoutMs: number): NetworkError {
  return new NetworkError(`No complete answer from ${hostOf(url)} within ${timeoutMs / 1000} s.`, {
    mayHaveReachedServer: true,
  });
}

/** A transport failure as a NetworkError; the core's own errors (ABORTED, a bad redirect) are rethrown. */
export function transportError(error: unknown, request: ApiRequest, context: SendContext): NetworkError {
  if (error instanceof NetworkError) return error;
  if (error instanceof UpscaleError) throw error;
  const reason = error instanceof Error ? error.message : String(error);
  return new NetworkError(context.redact(`The request to ${hostOf(request.url)} failed: ${reason}`), {
    cause: error,
    mayHaveReachedServer: true,
  });
}

/** The network failure the call ends with, saying what to check, or that a billed call was not re-sent. */
export function finalNetworkError(
  error: NetworkError,
  request: ApiRequest,
  context: SendContext,
  attempts: number,
): NetworkError {
  const { vendor } = context;
  const mayBeCharged = request.charges && error.mayHaveReachedServer;
  const advice = mayBeCharged
    ? `The ${request.operation} request may have reached ${vendor.name} and been charged, so it was not sent again: ${chargeCheck(vendor)}.`
    : `${attempts > 1 ? `Tried ${attempts} times. ` : ""}Check the internet connection and the address (${
        parseHttpUrl(request.url)?.origin ?? "the server"
      }), then try again.`;
  return new NetworkError(context.redact(`${error.message} ${advice}`), {
    cause: error,
    mayHaveReachedServer: error.mayHaveReachedServer,
    taskId: request.taskId,
    charged: mayBeCharged ? "maybe" : undefined,
  });
}

/**
 * A cancel cannot take back a billed request that has gone out: the rejection says it may have been charged
 * and where to look. A caller's own reason that means something else (a deadline) passes unchanged.
 */
export function billedAbortError(request: ApiRequest, context: SendContext): UpscaleError {
  const { signal, vendor } = context;
  const error = abortError(signal, request.taskId);
  if (error.code !== "ABORTED") return error;
  const advice = `The ${request.operation} request may already have reached ${vendor.name} and been charged: ${chargeCheck(vendor)}.`;
  return new TaskError("ABORTED", context.redact(`Cancelled. ${advice}`), {
    cause: signal?.reason,
    taskId: request.taskId,
    charged: "maybe",
  });
}

function adviceFor(
  code: UpscaleErrorCode,
  request: ApiRequest,
  vendor: VendorProfile,
  retryAfter: number | undefined,
): string {
  const specific = vendor.advice?.[code];
  if (code === "RATE_LIMITED") {
    const wait = retryAfter === undefined ? "Wait a minute and try again." : `Wait ${retryAfter} s and try again.`;
    return specific === undefined ? wait : `${wait} ${specific}`;
  }
  // A billed call the server may have processed: say so instead of inviting a blind retry.
  if (mayHaveBeenProcessed(code, request)) {
    return `The ${request.operation} request may have been processed and charged, so it was not sent again: ${chargeCheck(vendor)}.`;
  }
  return specific ?? GENERIC_ADVICE[code] ?? "";
}

/** A billed call answered by a server failure or an unreadable 2xx: the vendor may have done (and billed) it. */
function mayHaveBeenProcessed(code: UpscaleErrorCode, request: ApiRequest): boolean {
  return request.charges && (code === "SERVER_ERROR" || code === "BAD_RESPONSE");
}

function chargeCheck(vendor: VendorProfile): string {
  return vendor.chargeCheck ?? `check your ${vendor.name} account before trying again`;
}

function truncate(text: string): string {
  return text.length > MAX_VENDOR_MESSAGE_LENGTH ? `${text.slice(0, MAX_VENDOR_MESSAGE_LENGTH)}…` : text;
}
