/**
 * When to ask a task API for its status next. Pure: the poller feeds it what it has seen, so every choice can
 * be tested and benchmarked without a network or a real clock.
 *
 * Without progress reports the delay grows geometrically up to a cap, which bounds the detection lag by the
 * cap. With `percent` reports it extrapolates the observed progress rate to the moment the task reaches
 * 100 % and polls then, so the finish is seen quickly without polling hot all the way through. Percents
 * reported as whole numbers rounded down put that moment just past the true finish; aiming later still only
 * added lag in `bench/poll-lag.mjs` (see BENCHMARKS.md).
 */
export interface PollSchedule {
  /** Pause between submission (or the start of a resume) and the first status request. */
  firstDelayMs: number;
  /** Growth of the pause per status request while no progress rate is known. */
  backoffFactor: number;
  /** Longest pause: the worst-case detection lag. */
  maxDelayMs: number;
  /** Shortest pause, however close the finish looks, so a wrong prediction can never make us poll hot. */
  minDelayMs: number;
  /** Follow `percent` reports when the API gives them. */
  followPercent: boolean;
  /** How many recent percent reports the rate is estimated from (the oldest gives the baseline). */
  rateSamples: number;
}

export const defaultPollSchedule: Readonly<PollSchedule> = {
  firstDelayMs: 1_000,
  backoffFactor: 1.5,
  maxDelayMs: 5_000,
  minDelayMs: 500,
  followPercent: true,
  rateSamples: 4,
};

/**
 * For task APIs that report no progress (Ideogram's generations: `pending` until done): the capped backoff
 * alone, so a finish is seen within `maxDelayMs`.
 */
export const noPercentPollSchedule: Readonly<Partial<PollSchedule>> = { followPercent: false };

/** One observed `percent`, with the clock time it was observed at. */
export interface ProgressSample {
  atMs: number;
  percent: number;
}

export interface PollState {
  /**
   * Status requests made since `percent` last moved (since the start when it never did), failed ones
   * included. The backoff restarts when progress stops, so a finish that comes later than predicted is still
   * seen soon, and grows again to the cap if it does not come.
   */
  requestsSinceProgress: number;
  /** Percent reports seen so far, oldest first (the poller keeps only the last `rateSamples`). */
  samples: readonly ProgressSample[];
  nowMs: number;
}

/** The pause before the next status request. */
export function nextPollDelay(schedule: PollSchedule, state: PollState): number {
  const backoff = Math.min(
    schedule.firstDelayMs * schedule.backoffFactor ** state.requestsSinceProgress,
    schedule.maxDelayMs,
  );
  const finishAt = schedule.followPercent ? predictFinish(schedule, state.samples) : undefined;
  if (finishAt === undefined) return backoff;
  return Math.min(Math.max(finishAt - state.nowMs, schedule.minDelayMs), schedule.maxDelayMs);
}

/**
 * When the task should reach 100 %, extrapolating the rate between the oldest and the newest of the recent
 * samples. Undefined when there is no rate to go by: too few samples, no movement (a stall, or
 * already at 100 % without being done), so the poller falls back to the capped backoff instead of polling at
 * the minimum pause.
 */
function predictFinish(schedule: PollSchedule, samples: readonly ProgressSample[]): number | undefined {
  const recent = samples.slice(-schedule.rateSamples);
  const first = recent[0];
  const last = recent[recent.length - 1];
  if (first === undefined || last === undefined || last.atMs <= first.atMs || last.percent >= 100) return undefined;
  const percentPerMs = (last.percent - first.percent) / (last.atMs - first.atMs);
  if (percentPerMs <= 0) return undefined;
  return last.atMs + (100 - last.percent) / percentPerMs;
}
