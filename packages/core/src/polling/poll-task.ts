import { abortError, InputError, TaskError, UpscaleError, type UpscaleErrorCode } from "../outcome/errors.js";
import { type CancelSignal, createCancellation } from "../runtime/cancellation.js";
import { type Clock, systemClock } from "../runtime/clock.js";
import { raceAbort } from "../runtime/race-abort.js";
import { defaultPollSchedule, nextPollDelay, type PollSchedule, type ProgressSample } from "./poll-schedule.js";

/** A vendor's task status, mapped to the three states the poller acts on. */
export interface TaskSnapshot {
  state: "running" | "done" | "failed";
  percent?: number;
  vendorStatus: string;
  /** The vendor's error text, for a failed task. */
  error?: string;
}

export interface PollProgress {
  taskId: string;
  status: string;
  percent?: number;
}

export interface StallInfo {
  taskId: string;
  percent?: number;
  stalledForMs: number;
}

export interface PollTaskOptions<T> {
  taskId: string;
  /** One status request. May throw an UpscaleError; a transport that ignores `signal` cannot delay a cancel. */
  fetchStatus: (signal: CancelSignal | undefined) => Promise<T>;
  interpret: (task: T) => TaskSnapshot;
  signal?: CancelSignal;
  clock?: Clock;
  /** Give up (TIMEOUT, task left running) this long after polling starts. Default 10 min. */
  deadlineMs?: number;
  /** After every status read. */
  onProgress?: (progress: PollProgress) => void;
  /** Once per plateau, when `percent` has not moved for `stallAfterMs`. */
  onStall?: (info: StallInfo) => void;
  /** Default 60 s. */
  stallAfterMs?: number;
  /** Consecutive transient status failures tolerated before giving up. Default 3. */
  toleratedFailures?: number;
  /** Longest `Retry-After` honoured. Default 60 s. */
  maxRetryAfterMs?: number;
  schedule?: Partial<PollSchedule>;
}

/**
 * Status failures worth another try: the next poll may well succeed. A garbled status answer (BAD_RESPONSE) is
 * among them: reading a status is free, and giving up would abandon a task already paid for. Anything else
 * (a rejected key, an unknown task) stops polling at once.
 */
export const TRANSIENT_STATUS_ERRORS: ReadonlySet<UpscaleErrorCode> = new Set([
  "NETWORK",
  "SERVER_ERROR",
  "RATE_LIMITED",
  "BAD_RESPONSE",
]);

export const DEFAULT_TASK_DEADLINE_MS = 600_000;
const DEFAULT_STALL_AFTER_MS = 60_000;
const DEFAULT_TOLERATED_FAILURES = 3;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** A day is far beyond any upscale; timers misfire past 24.8 days (and at once for Infinity). */
const MAX_DEADLINE_MS = 86_400_000;

/**
 * Polls one task until it is done and resolves with its final status. Rejects with TASK_FAILED, TIMEOUT,
 * ABORTED or the status request's own error, as an UpscaleError carrying `taskId` (only a caller's own abort
 * reason and errors that are not UpscaleErrors — bugs — pass unchanged); it never resolves `undefined`.
 * Needs only the task id, so resuming a task submitted earlier is the same call.
 */
export async function pollTask<T>(options: PollTaskOptions<T>): Promise<T> {
  const { taskId, signal, clock = systemClock } = options;
  const schedule: PollSchedule = { ...defaultPollSchedule, ...options.schedule };
  const deadlineMs = options.deadlineMs ?? DEFAULT_TASK_DEADLINE_MS;
  checkOptions(schedule, deadlineMs);
  if (signal?.aborted) throw abortError(signal, taskId);

  // One signal for everything the poll waits on — sleeps and status requests alike. It aborts on the caller's
  // cancel or at the deadline, with the matching error as its reason, so both interrupt any wait at once. It is
  // the core's own cancellation, so this holds in Figma's main thread too, which has no AbortController.
  const stop = createCancellation();
  const onCancel = () => stop.cancel(abortError(signal, taskId));
  signal?.addEventListener("abort", onCancel, { once: true });
  const atMs = clock.now() + deadlineMs;
  let cancelDeadline = () => {};
  const expired = new Promise<never>((_, reject) => {
    cancelDeadline = clock.after(deadlineMs, () => {
      const error = timeoutError(taskId, deadlineMs);
      stop.cancel(error);
      reject(error);
    });
  });
  // Only raced while a status request is in flight; between polls the deadline is checked by time.
  expired.catch(() => undefined);
  const deadline = { atMs, expired, error: () => timeoutError(taskId, deadlineMs) };
  try {
    return await pollUntilSettled(options, { schedule, clock, deadline, stop: stop.signal });
  } finally {
    cancelDeadline();
    signal?.removeEventListener("abort", onCancel);
    stop.cancel();
  }
}

interface PollContext {
  schedule: PollSchedule;
  clock: Clock;
  deadline: { atMs: number; expired: Promise<never>; error: () => TaskError };
  stop: CancelSignal;
}

async function pollUntilSettled<T>(options: PollTaskOptions<T>, context: PollContext): Promise<T> {
  const { schedule, clock, deadline, stop } = context;
  const { taskId } = options;
  const toleratedFailures = options.toleratedFailures ?? DEFAULT_TOLERATED_FAILURES;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const watchStall = stallWatch(options.stallAfterMs ?? DEFAULT_STALL_AFTER_MS, clock.now());
  const samples: ProgressSample[] = [];
  let requestsSinceProgress = 0;
  let failures = 0;
  let delay = nextPollDelay(schedule, { requestsSinceProgress, samples, nowMs: clock.now() });

  for (;;) {
    await clock.sleep(Math.min(delay, deadline.atMs - clock.now()), stop);
    if (clock.now() >= deadline.atMs) throw deadline.error();
    requestsSinceProgress += 1;
    let task: T;
    try {
      task = await Promise.race([raceAbort(options.fetchStatus(stop), stop, taskId), deadline.expired]);
    } catch (error) {
      if (stop.aborted) throw abortError(stop, taskId);
      if (!isTransient(error)) throw withTaskId(error, taskId);
      failures += 1;
      if (failures > toleratedFailures) throw repeatedFailureError(error, taskId, failures);
      const retryAfterMs = Math.min((error.retryAfter ?? 0) * 1000, maxRetryAfterMs);
      delay = Math.max(nextPollDelay(schedule, { requestsSinceProgress, samples, nowMs: clock.now() }), retryAfterMs);
      continue;
    }
    failures = 0;

    const snapshot = options.interpret(task);
    options.onProgress?.({ taskId, status: snapshot.vendorStatus, percent: snapshot.percent });
    if (snapshot.state === "done") return task;
    if (snapshot.state === "failed") {
      const reason = snapshot.error ?? `status "${snapshot.vendorStatus}"`;
      throw new TaskError("TASK_FAILED", `Task ${taskId} failed: ${reason}. Submit a new task to try again.`, {
        taskId,
      });
    }

    const nowMs = clock.now();
    if (schedule.followPercent && snapshot.percent !== undefined) {
      if (samples.length > 0 && snapshot.percent !== samples[samples.length - 1]?.percent) requestsSinceProgress = 0;
      samples.push({ atMs: nowMs, percent: snapshot.percent });
      if (samples.length > schedule.rateSamples) samples.shift();
    }
    const stalledForMs = watchStall(snapshot.percent, nowMs);
    if (stalledForMs !== undefined) options.onStall?.({ taskId, percent: snapshot.percent, stalledForMs });
    delay = nextPollDelay(schedule, { requestsSinceProgress, samples, nowMs });
  }
}

/** Returns how long `percent` has been stuck, once per plateau, when that reaches `stallAfterMs`. */
function stallWatch(stallAfterMs: number, startMs: number) {
  let lastPercent: number | undefined;
  let movedAtMs = startMs;
  let reported = false;
  return (percent: number | undefined, nowMs: number): number | undefined => {
    if (percent !== lastPercent) {
      lastPercent = percent;
      movedAtMs = nowMs;
      reported = false;
      return undefined;
    }
    if (reported || nowMs - movedAtMs < stallAfterMs) return undefined;
    reported = true;
    return nowMs - movedAtMs;
  };
}

function isTransient(error: unknown): error is UpscaleError {
  return error instanceof UpscaleError && TRANSIENT_STATUS_ERRORS.has(error.code);
}

/**
 * The same failure, saying which task it concerns, so whoever catches it can resume that task instead of
 * submitting (and paying for) a new one. Errors that already name a task, and non-UpscaleErrors, pass as is.
 */
export function withTaskId(error: unknown, taskId: string): unknown {
  if (!(error instanceof UpscaleError) || error.taskId !== undefined) return error;
  return new TaskError(error.code, `Task ${taskId}: ${error.message}`, {
    cause: error,
    taskId,
    retryAfter: error.retryAfter,
  });
}

function repeatedFailureError(error: UpscaleError, taskId: string, failures: number): TaskError {
  return new TaskError(
    error.code,
    `${failures} status checks of task ${taskId} failed in a row (last: ${error.message}). ` +
      "The task may still finish: resume it by its id later rather than submitting it again.",
    { cause: error, taskId, retryAfter: error.retryAfter },
  );
}

function timeoutError(taskId: string, deadlineMs: number): TaskError {
  return new TaskError(
    "TIMEOUT",
    `Task ${taskId} did not finish within ${formatDuration(deadlineMs)}. It was not cancelled and may still ` +
      "finish: resume it by its id later rather than submitting it again.",
    { taskId },
  );
}

function formatDuration(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

function checkOptions(schedule: PollSchedule, deadlineMs: number): void {
  const sane =
    deadlineMs > 0 &&
    deadlineMs <= MAX_DEADLINE_MS &&
    schedule.minDelayMs > 0 &&
    schedule.minDelayMs <= schedule.firstDelayMs &&
    schedule.firstDelayMs <= schedule.maxDelayMs &&
    schedule.backoffFactor >= 1 &&
    schedule.rateSamples >= 2;
  if (!sane) {
    throw new InputError(
      "INVALID_REQUEST",
      "Invalid polling options: need 0 < deadlineMs ≤ 24 h, 0 < minDelayMs ≤ firstDelayMs ≤ maxDelayMs, " +
        "backoffFactor ≥ 1 and rateSamples ≥ 2.",
    );
  }
}
