import { describe, expect, it } from "vitest";
import { defaultPollSchedule, nextPollDelay, type PollSchedule } from "./poll-schedule.js";

const schedule: PollSchedule = { ...defaultPollSchedule };

describe("nextPollDelay without progress reports", () => {
  it("starts at 1 s and grows ×1.5 up to the 5 s cap", () => {
    const delays = [0, 1, 2, 3, 4, 5, 20].map((requests) =>
      nextPollDelay(schedule, { requestsSinceProgress: requests, samples: [], nowMs: 0 }),
    );
    expect(delays).toEqual([1000, 1500, 2250, 3375, 5000, 5000, 5000]);
  });

  it("keeps a fixed interval when the factor is 1 (how the benchmark models other clients)", () => {
    const fixed = { ...schedule, firstDelayMs: 2000, minDelayMs: 2000, maxDelayMs: 2000, backoffFactor: 1 };
    expect(nextPollDelay(fixed, { requestsSinceProgress: 7, samples: [], nowMs: 0 })).toBe(2000);
  });

  it("falls back to the backoff with a single report: one point gives no rate", () => {
    expect(
      nextPollDelay(schedule, { requestsSinceProgress: 1, samples: [{ atMs: 1000, percent: 40 }], nowMs: 1000 }),
    ).toBe(1500);
  });
});

describe("nextPollDelay following percent", () => {
  it("polls when the observed rate says the task reaches 100 %", () => {
    // 10 %/s: 75 % at 7.5 s → 100 % at 10 s.
    const samples = [
      { atMs: 1000, percent: 10 },
      { atMs: 2500, percent: 25 },
      { atMs: 7500, percent: 75 },
    ];
    expect(nextPollDelay(schedule, { requestsSinceProgress: 3, samples, nowMs: 7500 })).toBe(2500);
  });

  it("estimates the rate from the oldest of the last `rateSamples` reports only", () => {
    // An early slow phase (0 → 10 % in 9 s) is forgotten; the last four reports run at 20 %/s.
    const samples = [
      { atMs: 0, percent: 0 },
      { atMs: 9000, percent: 10 },
      { atMs: 9500, percent: 20 },
      { atMs: 10_000, percent: 30 },
      { atMs: 10_500, percent: 40 },
    ];
    // 40 % at 10.5 s, 60 points to go at 20 %/s → 3 s, within the 5 s cap.
    expect(nextPollDelay(schedule, { requestsSinceProgress: 5, samples, nowMs: 10_500 })).toBe(3000);
  });

  it("never waits longer than the cap, however far the finish is", () => {
    const samples = [
      { atMs: 1000, percent: 1 },
      { atMs: 2500, percent: 2 },
    ];
    expect(nextPollDelay(schedule, { requestsSinceProgress: 2, samples, nowMs: 2500 })).toBe(5000);
  });

  it("never waits less than the minimum, however close the finish looks", () => {
    const samples = [
      { atMs: 1000, percent: 10 },
      { atMs: 2000, percent: 99 },
    ];
    expect(nextPollDelay(schedule, { requestsSinceProgress: 2, samples, nowMs: 2000 })).toBe(500);
  });

  it("measures from now, so time spent in the request is not waited again", () => {
    const samples = [
      { atMs: 0, percent: 0 },
      { atMs: 1000, percent: 50 },
    ];
    // Finish predicted at 2 s; it is 1.3 s already.
    expect(nextPollDelay(schedule, { requestsSinceProgress: 2, samples, nowMs: 1300 })).toBe(700);
  });

  it.each([
    { situation: "a stall", from: 40, to: 40 },
    { situation: "100 % while not yet done", from: 90, to: 100 },
    { situation: "a percent going backwards", from: 60, to: 50 },
  ])("falls back to the capped backoff on $situation instead of polling at the minimum", ({ from, to }) => {
    const samples = [
      { atMs: 1000, percent: from },
      { atMs: 6000, percent: to },
    ];
    expect(nextPollDelay(schedule, { requestsSinceProgress: 2, samples, nowMs: 6000 })).toBe(2250);
  });

  it("ignores percent when told to", () => {
    const samples = [
      { atMs: 1000, percent: 10 },
      { atMs: 2000, percent: 99 },
    ];
    expect(
      nextPollDelay({ ...schedule, followPercent: false }, { requestsSinceProgress: 2, samples, nowMs: 2000 }),
    ).toBe(2250);
  });
});
