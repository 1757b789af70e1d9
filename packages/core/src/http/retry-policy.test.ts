import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  defaultRetryPolicy,
  maySendAgain,
  parseRetryAfterMs,
  rateLimitWaitMs,
  resolveRetryPolicy,
} from "./retry-policy.js";

describe("defaultRetryPolicy", () => {
  it("is 2 retries from 500 ms, capped at 8 s, waiting at most 60 s for Retry-After and a minute for a 429 storm", () => {
    expect(defaultRetryPolicy).toEqual({
      maxRetries: 2,
      baseDelayMs: 500,
      maxDelayMs: 8_000,
      maxRetryAfterMs: 60_000,
      rateLimitBudgetMs: 60_000,
    });
    expect(Object.isFrozen(defaultRetryPolicy)).toBe(true);
  });
});

describe("resolveRetryPolicy", () => {
  it("applies overrides over the defaults", () => {
    expect(resolveRetryPolicy({ maxRetries: 5 })).toEqual({ ...defaultRetryPolicy, maxRetries: 5 });
  });

  it.each([
    { maxRetries: -1 },
    { maxRetries: 1.5 },
    { baseDelayMs: Number.NaN },
    { maxDelayMs: Infinity },
    { rateLimitBudgetMs: -1 },
  ])("rejects %j with a message naming the field", (overrides) => {
    const [name] = Object.keys(overrides);
    expect(() => resolveRetryPolicy(overrides)).toThrow(expect.objectContaining({ code: "INVALID_REQUEST" }));
    expect(() => resolveRetryPolicy(overrides)).toThrow(`retry.${name}`);
  });
});

describe("rateLimitWaitMs", () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 100, rateLimitBudgetMs: 10_000 };

  it("honours Retry-After, but waits at least baseDelayMs", () => {
    expect(rateLimitWaitMs(policy, 3_000, 0, 0)).toBe(3_000);
    expect(rateLimitWaitMs(policy, 0, 5, 0)).toBe(100);
  });

  it("backs off without Retry-After", () => {
    expect([0, 1, 2].map((retry) => rateLimitWaitMs(policy, undefined, retry, 0, () => 0))).toEqual([100, 200, 400]);
  });

  it("is undefined when the wait would end after the budget", () => {
    expect(rateLimitWaitMs(policy, 3_000, 0, 7_000)).toBe(3_000);
    expect(rateLimitWaitMs(policy, 3_000, 0, 7_001)).toBeUndefined();
  });
});

describe("backoffDelayMs", () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1_000 };

  it("doubles per retry without jitter at random() = 0", () => {
    expect([0, 1, 2, 3].map((retry) => backoffDelayMs(policy, retry, () => 0))).toEqual([100, 200, 400, 800]);
  });

  it("is capped at maxDelayMs", () => {
    expect(backoffDelayMs(policy, 10, () => 0)).toBe(1_000);
  });

  it("removes at most a quarter at random", () => {
    expect(backoffDelayMs(policy, 0, () => 0.999_999)).toBeCloseTo(75, 3);
    expect(backoffDelayMs(policy, 0, () => 0.5)).toBe(87.5);
  });
});

describe("parseRetryAfterMs", () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it.each([
    ["5", 5_000],
    ["0", 0],
    [" 1.5 ", 1_500],
    ["Thu, 01 Jan 2026 12:00:30 GMT", 30_000],
    ["Thu, 01 Jan 2026 11:00:00 GMT", 0],
  ])("reads %j as %i ms", (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });

  it.each([undefined, "", "soon", "-5", "5 s", "1e3"])("ignores %j", (header) => {
    expect(parseRetryAfterMs(header, now)).toBeUndefined();
  });
});

describe("maySendAgain", () => {
  it.each([
    [{ status: 429 }, false, true],
    [{ status: 429 }, true, true],
    [{ status: 503 }, false, true],
    [{ status: 503 }, true, false],
    [{ status: 408 }, false, true],
    [{ status: 408 }, true, false],
    [{ status: 402 }, false, false],
    [{ status: 400 }, false, false],
    [{ status: 600 }, false, false],
    [{ mayHaveReachedServer: true }, false, true],
    [{ mayHaveReachedServer: true }, true, false],
    [{ mayHaveReachedServer: false }, true, true],
  ])("%j, billed %s → %s", (failure, charges, expected) => {
    expect(maySendAgain(failure, charges)).toBe(expected);
  });
});
