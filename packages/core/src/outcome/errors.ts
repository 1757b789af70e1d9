import type { CancelSignal } from "../runtime/cancellation.js";
/**
 * Every failure the core reports is an `UpscaleError` with a stable `code` a program can branch on and a
 * `message` a person can act on. Subclasses only add the context their failure has (HTTP details, a task id).
 */
export type UpscaleErrorCode =
  | "AUTH"
  | "INSUFFICIENT_BALANCE"
  | "RATE_LIMITED"
  | "INVALID_REQUEST"
  | "UNSAFE_CONTENT"
  | "TASK_FAILED"
  | "TIMEOUT"
  | "ABORTED"
  | "NETWORK"
  | "SERVER_ERROR"
  | "NOT_FOUND"
  | "BAD_RESPONSE"
  | "UNSUPPORTED_IMAGE"
  | "IMAGE_TOO_LARGE"
  | "UNKNOWN_PROVIDER";

export interface UpscaleErrorOptions {
  cause?: unknown;
  /** Seconds the server asked us to wait before trying again (from `Retry-After`). */
  retryAfter?: number;
  /** The vendor task this error concerns: pass it to `resume` instead of submitting again. */
  taskId?: string;
  /**
   * The failed call was billed ("yes": Ideogram charged an upscale it then withheld or that could not be
   * downloaded) or may have been ("maybe": the billed request may have reached the vendor before the connection
   * failed). Sending it again may pay twice: `failureReport` offers no retry then.
   */
  charged?: "maybe" | "yes";
  /** A result paid for but not downloaded: its (short-lived) link, to show the user. */
  resultUrl?: string;
}

/** What everything in the core rejects with: a stable `code`, a message to show as is, and what is known of the charge. */
export class UpscaleError extends Error {
  override name = "UpscaleError";
  readonly code: UpscaleErrorCode;
  readonly retryAfter: number | undefined;
  readonly taskId: string | undefined;
  readonly charged: "maybe" | "yes" | undefined;
  readonly resultUrl: string | undefined;

  constructor(code: UpscaleErrorCode, message: string, options: UpscaleErrorOptions = {}) {
    super(message);
    // Set by hand, as ES2022's `new Error(message, { cause })` would: the ES2017 engines the core also runs on
    // (Figma's main thread) ignore that option.
    if (options.cause !== undefined) {
      Object.defineProperty(this, "cause", { value: options.cause, writable: true, configurable: true });
    }
    this.code = code;
    this.retryAfter = options.retryAfter;
    this.taskId = options.taskId;
    this.charged = options.charged;
    this.resultUrl = options.resultUrl;
  }
}

export interface ApiErrorOptions extends UpscaleErrorOptions {
  status: number;
  /** The vendor's own message and type, with any secret redacted. */
  vendorMessage?: string;
  vendorType?: string;
}

/** The vendor answered with an error status. */
export class ApiError extends UpscaleError {
  override name = "ApiError";
  readonly status: number;
  readonly vendorMessage: string | undefined;
  readonly vendorType: string | undefined;

  constructor(code: UpscaleErrorCode, message: string, options: ApiErrorOptions) {
    super(code, message, options);
    this.status = options.status;
    this.vendorMessage = options.vendorMessage;
    this.vendorType = options.vendorType;
  }
}

export interface NetworkErrorOptions extends UpscaleErrorOptions {
  /**
   * True when the request may have reached the server before the connection failed. For a call that charges,
   * this means it may have been charged: the caller must not re-send it blindly.
   */
  mayHaveReachedServer: boolean;
}

/** No (complete) HTTP response: connection refused or reset, DNS, truncated body. */
export class NetworkError extends UpscaleError {
  override name = "NetworkError";
  readonly mayHaveReachedServer: boolean;

  constructor(message: string, options: NetworkErrorOptions) {
    super("NETWORK", message, options);
    this.mayHaveReachedServer = options.mayHaveReachedServer;
  }
}

/** The input was rejected before anything was sent: nothing was charged. */
export class InputError extends UpscaleError {
  override name = "InputError";
}

/** A submitted task failed, timed out or was cancelled; `taskId` says which. */
export class TaskError extends UpscaleError {
  override name = "TaskError";
}

/** Whether `value` is an `UpscaleError`: a type guard for a `catch` clause, to read its `code`. */
export function isUpscaleError(value: unknown): value is UpscaleError {
  return value instanceof UpscaleError;
}

/** The rejection for a cancelled operation. Cancellation always rejects; it never resolves `undefined`. */
export function abortError(signal: CancelSignal | undefined, taskId?: string): UpscaleError {
  const reason: unknown = signal?.reason;
  if (reason instanceof UpscaleError) return reason;
  const suffix = taskId === undefined ? "" : ` Task ${taskId} was already submitted: resume it by its id.`;
  return new TaskError("ABORTED", `Cancelled.${suffix}`, { cause: reason, taskId });
}
