import { InputError } from "../outcome/errors.js";

/** How often and how patiently a failed request is tried again. */
export interface RetryPolicy {
  /** Retries after a failed attempt (a 5xx, a dropped connection); 429s are bounded by `rateLimitBudgetMs`. */
  maxRetries: number;
  /** Delay before the first retry; doubled for each further one. */
  baseDelayMs: number;
  /** Cap on that delay. */
  maxDelayMs: number;
  /** The longest `Retry-After` waited for; a longer one ends the call with its `retryAfter` instead. */
  maxRetryAfterMs: number;
  /**
   * How long a storm of 429s is ridden out, from the first attempt: the caller's deadline when it has one. A wait
   * that would end later ends the call at once with RATE_LIMITED.
   */
  rateLimitBudgetMs: number;
}

export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  rateLimitBudgetMs: 60_000,
});

/** The default policy with `overrides` applied, each checked to be a usable number. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...overrides };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0 || (name === "maxRetries" && !Number.isInteger(value))) {
      throw new InputError("INVALID_REQUEST", `retry.${name} must be a non-negative number, got ${value}.`);
    }
  }
  return policy;
}

/**
 * Delay before retry number `retryIndex` (0 for the first): exponential, capped, and up to 25 % shorter at
 * random so that clients which failed together do not come back together.
 */
export function backoffDelayMs(policy: RetryPolicy, retryIndex: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.baseDelayMs * 2 ** retryIndex, policy.maxDelayMs);
  return exponential * (1 - random() * 0.25);
}

/**
 * The wait before sending again after the 429 number `retryIndex` (0 for the first) of a call that has run
 * `elapsedMs`, or `undefined` when that wait would outlast `policy.rateLimitBudgetMs`. `Retry-After` is honoured,
 * but never below `baseDelayMs` (a storm of "Retry-After: 0" must not become a hot loop); without it, the backoff.
 */
export function rateLimitWaitMs(
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  retryIndex: number,
  elapsedMs: number,
  random: () => number = Math.random,
): number | undefined {
  const wait =
    retryAfterMs === undefined
      ? backoffDelayMs(policy, retryIndex, random)
      : Math.max(retryAfterMs, policy.baseDelayMs);
  return elapsedMs + wait > policy.rateLimitBudgetMs ? undefined : wait;
}

/** `Retry-After` in milliseconds from now: delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  // Date.parse accepts bare numbers as years; a real HTTP date always has a month or weekday name.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** What went wrong with one attempt, as far as the decision to retry is concerned. */
export type AttemptFailure = { status: number } | { mayHaveReachedServer: boolean };

/**
 * Whether an attempt that failed this way may be sent again. A call that charges is re-sent only when the
 * server certainly did not process it: a 429 (rejected before any work) or a connection that never opened.
 */
export function maySendAgain(failure: AttemptFailure, charges: boolean): boolean {
  if ("status" in failure) {
    if (failure.status === 429) return true;
    const serverDidNotFinish = failure.status === 408 || (failure.status >= 500 && failure.status <= 599);
    return serverDidNotFinish && !charges;
  }
  return !charges || !failure.mayHaveReachedServer;
}
