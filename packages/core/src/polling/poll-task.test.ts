import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, NetworkError, TaskError, UpscaleError } from "../outcome/errors.js";
import { type CancelSignal, createCancellation } from "../runtime/cancellation.js";
import { type PollTaskOptions, pollTask, type TaskSnapshot, withTaskId } from "./poll-task.js";

/** A minimal vendor task shape: the poller is generic, so the tests use their own. */
interface FakeTask {
  status: string;
  percent?: number;
  error?: string;
}

const TASK_ID = "6558a19c0bfe4600011437cd";

function interpret(task: FakeTask): TaskSnapshot {
  const state = task.status === "done" ? "done" : task.status === "failed" ? "failed" : "running";
  return { state, percent: task.percent, vendorStatus: task.status, error: task.error };
}

/**
 * A status endpoint answering `respond(elapsedMs)`; records when each request was made (fake time since the
 * poll started) and the signal it was given.
 */
function statusApi(respond: (elapsedMs: number, request: number) => FakeTask | Error | "hang") {
  const startedAt = Date.now();
  const requestTimes: number[] = [];
  const signals: (CancelSignal | undefined)[] = [];
  const fetchStatus = (signal: CancelSignal | undefined): Promise<FakeTask> => {
    const elapsed = Date.now() - startedAt;
    requestTimes.push(elapsed);
    signals.push(signal);
    const answer = respond(elapsed, requestTimes.length);
    if (answer === "hang") return new Promise(() => {});
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return { fetchStatus, requestTimes, signals };
}

function poll(api: ReturnType<typeof statusApi>, options: Partial<PollTaskOptions<FakeTask>> = {}) {
  return pollTask<FakeTask>({ taskId: TASK_ID, fetchStatus: api.fetchStatus, interpret, ...options });
}

/** Settles a promise into a value so a rejection during timer advancement is never "unhandled". */
function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

const running = (percent?: number): FakeTask => ({ status: "running", percent });
const DONE: FakeTask = { status: "done", percent: 100 };

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("pollTask schedule", () => {
  it("without percent polls at 1 s, then ×1.5 up to a 5 s cap, and resolves with the finished task", async () => {
    const api = statusApi((t) => (t >= 20_000 ? DONE : running()));
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await result).toEqual({ value: DONE });
    expect(api.requestTimes).toEqual([1000, 2500, 4750, 8125, 13_125, 18_125, 23_125]);
  });

  it("with percent aims just past the predicted finish instead of waiting out the backoff", async () => {
    // 10 %/s, done at 10 s. After 10 % at 1 s and 25 % at 2.5 s the finish is far: wait the 5 s cap. At 7.5 s
    // (75 %) it predicts 100 % at 10 s and polls then — once, instead of at 12.5 s.
    const api = statusApi((t) => (t >= 10_000 ? DONE : running(t / 100)));
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await result).toEqual({ value: DONE });
    expect(api.requestTimes).toEqual([1000, 2500, 7500, 10_000]);
  });

  it("polls again after the minimum pause when the predicted finish was early", async () => {
    // 10 %/s until 9.9 s, but the task only reports done at 12 s: it sits at 99 % meanwhile.
    const api = statusApi((t) => (t >= 12_000 ? DONE : running(Math.min(t / 100, 99))));
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await result).toEqual({ value: DONE });
    // At 10 s it is 99 %: 1 point to go looks close, so the next polls come after the 0.5 s minimum. Once the
    // last four reports show no movement there is no rate to go by: the backoff, restarted when progress stopped
    // (1 s × 1.5³ after three requests without progress), never a hot loop.
    expect(api.requestTimes).toEqual([1000, 2500, 7500, 10_000, 10_500, 11_000, 11_500, 14_875]);
  });

  it("keeps polling an unknown status at the capped backoff — no hot loop — until the deadline", async () => {
    const api = statusApi(() => ({ status: "in-the-queue-somewhere", percent: 0 }));
    const result = outcome(poll(api, { deadlineMs: 60_000 }));
    await vi.advanceTimersByTimeAsync(120_000);
    const { error } = await result;
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ code: "TIMEOUT", taskId: TASK_ID });
    expect((error as Error).message).toContain("within 60 s");
    expect((error as Error).message).toContain("resume it by its id");
    // 1, 2.5, 4.75, 8.125, then every 5 s up to 58.125 s: 14 requests in a minute, none after the deadline.
    expect(api.requestTimes).toHaveLength(14);
    expect(api.requestTimes.at(-1)).toBe(58_125);
  });

  it("uses the default 10 minute deadline", async () => {
    const api = statusApi(() => running());
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(599_999);
    expect(api.requestTimes.at(-1)).toBeLessThan(600_000);
    await vi.advanceTimersByTimeAsync(1);
    const { error } = await result;
    expect(error).toMatchObject({ code: "TIMEOUT", taskId: TASK_ID });
    expect((error as Error).message).toContain("10 min");
  });

  it("times out during a status request that never answers", async () => {
    const api = statusApi((_, request) => (request === 1 ? running(5) : "hang"));
    const result = outcome(poll(api, { deadlineMs: 30_000 }));
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await result).error).toMatchObject({ code: "TIMEOUT", taskId: TASK_ID });
    expect(api.requestTimes).toEqual([1000, 2500]);
    expect(api.signals[1]?.aborted).toBe(true);
  });

  it("leaves no timer behind once settled", async () => {
    const api = statusApi(() => DONE);
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(1000);
    expect(await result).toEqual({ value: DONE });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("pollTask outcomes", () => {
  it("rejects a failed task with TASK_FAILED, the task id and the vendor's error text, and stops polling", async () => {
    const api = statusApi((t) =>
      t >= 2000 ? { status: "failed", error: "Job action restricted by moderation" } : running(10),
    );
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(60_000);
    const { error } = await result;
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ code: "TASK_FAILED", taskId: TASK_ID });
    expect((error as Error).message).toContain("Job action restricted by moderation");
    expect(api.requestTimes).toEqual([1000, 2500]);
  });

  it("names the vendor status when a failed task has no error text", async () => {
    const api = statusApi(() => ({ status: "failed" }));
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await result).error).toMatchObject({ message: expect.stringContaining('status "failed"') });
  });

  it("reports every status read through onProgress", async () => {
    const seen: unknown[] = [];
    const api = statusApi((t) => (t >= 4000 ? DONE : t >= 2000 ? running(40) : { status: "idle", percent: 0 }));
    const result = outcome(poll(api, { onProgress: (p) => seen.push(p) }));
    await vi.advanceTimersByTimeAsync(10_000);
    await result;
    expect(seen).toEqual([
      { taskId: TASK_ID, status: "idle", percent: 0 },
      { taskId: TASK_ID, status: "running", percent: 40 },
      { taskId: TASK_ID, status: "done", percent: 100 },
    ]);
  });

  it("reports a stall once per plateau when percent stops moving for stallAfterMs", async () => {
    const stalls: unknown[] = [];
    // 30 % from 2.5 s to 40 s, then 60 % from 40 s to 70 s, then done.
    const percentAt = (t: number) => (t < 2500 ? 10 : t < 40_000 ? 30 : 60);
    const api = statusApi((t) => (t >= 70_000 ? DONE : running(percentAt(t))));
    const result = outcome(poll(api, { stallAfterMs: 18_000, onStall: (info) => stalls.push(info) }));
    await vi.advanceTimersByTimeAsync(80_000);
    expect((await result).value).toEqual(DONE);
    // 30 % is first seen at 2.5 s; polls at 7.5, 12.5, 17.5 (the rate still counts the 10 %), then the backoff
    // restarts: 20.875 s is the first poll 18 s later. 60 % is first seen at 40.875 s; polls at 45.875, 50.875,
    // 55.875, 59.25 s.
    expect(stalls).toEqual([
      { taskId: TASK_ID, percent: 30, stalledForMs: 18_375 },
      { taskId: TASK_ID, percent: 60, stalledForMs: 18_375 },
    ]);
  });
});

describe("pollTask status failures", () => {
  const networkError = () => new NetworkError("Connection reset.", { mayHaveReachedServer: true });

  it("tolerates three consecutive transient failures", async () => {
    const api = statusApi((_, request) =>
      request === 1
        ? networkError()
        : request === 2
          ? new ApiError("SERVER_ERROR", "Bad gateway.", { status: 502 })
          : request === 3
            ? new ApiError("RATE_LIMITED", "Slow down.", { status: 429 })
            : DONE,
    );
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await result).toEqual({ value: DONE });
    expect(api.requestTimes).toEqual([1000, 2500, 4750, 8125]);
  });

  it("gives up on the fourth consecutive transient failure, with the task id and how to resume", async () => {
    const api = statusApi(() => networkError());
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(60_000);
    const { error } = await result;
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ code: "NETWORK", taskId: TASK_ID });
    expect((error as Error).message).toContain("resume it by its id");
    expect((error as Error).cause).toBeInstanceOf(NetworkError);
    expect(api.requestTimes).toHaveLength(4);
  });

  it("re-reads a garbled status answer instead of abandoning the task", async () => {
    const api = statusApi((_, request) =>
      request === 1 ? new ApiError("BAD_RESPONSE", "Unexpected answer.", { status: 200 }) : DONE,
    );
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await result).toEqual({ value: DONE });
    expect(api.requestTimes).toHaveLength(2);
  });

  it("counts only consecutive failures: a good read resets the count", async () => {
    const api = statusApi((_, request) => (request === 10 ? DONE : request % 3 === 0 ? running(0) : networkError()));
    const result = outcome(poll(api, { toleratedFailures: 2 }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toEqual({ value: DONE });
    expect(api.requestTimes).toHaveLength(10);
  });

  it.each([
    ["AUTH", 401],
    ["NOT_FOUND", 404],
    ["INSUFFICIENT_BALANCE", 402],
  ] as const)("stops at once on %s, keeping the error's code and adding the task id", async (code, status) => {
    const cause = new ApiError(code, "The vendor said no.", { status });
    const api = statusApi(() => cause);
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(60_000);
    const { error } = await result;
    expect(error).toMatchObject({ code, taskId: TASK_ID, cause });
    expect(api.requestTimes).toEqual([1000]);
  });

  it("passes on a non-UpscaleError (a bug, not a vendor failure) untouched", async () => {
    const bug = new TypeError("x is not a function");
    const api = statusApi(() => bug);
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await result).error).toBe(bug);
  });

  it("waits as long as Retry-After asks before the next status request", async () => {
    const api = statusApi((_, request) =>
      request === 1 ? new ApiError("RATE_LIMITED", "Slow down.", { status: 429, retryAfter: 20 }) : DONE,
    );
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await result).toEqual({ value: DONE });
    expect(api.requestTimes).toEqual([1000, 21_000]);
  });

  it("caps Retry-After at 60 s", async () => {
    const api = statusApi((_, request) =>
      request === 1 ? new ApiError("RATE_LIMITED", "Slow down.", { status: 429, retryAfter: 3600 }) : DONE,
    );
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(await result).toEqual({ value: DONE });
    expect(api.requestTimes).toEqual([1000, 61_000]);
  });

  it("never polls sooner than the schedule when Retry-After is shorter", async () => {
    const api = statusApi((_, request) =>
      request === 4
        ? new ApiError("SERVER_ERROR", "Busy.", { status: 503, retryAfter: 1 })
        : request > 4
          ? DONE
          : running(),
    );
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await result).toEqual({ value: DONE });
    expect(api.requestTimes).toEqual([1000, 2500, 4750, 8125, 13_125]);
  });
});

describe("pollTask cancellation", () => {
  it("rejects at once when aborted during a 5 s sleep, and makes no further request", async () => {
    const controller = new AbortController();
    const api = statusApi(() => running());
    const result = outcome(poll(api, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(13_125 + 1);
    expect(api.requestTimes.at(-1)).toBe(13_125);
    controller.abort();
    // No timer advances: the rejection must not wait for the sleep to end.
    const { error } = await result;
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ code: "ABORTED", taskId: TASK_ID });
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.requestTimes).toHaveLength(5);
  });

  it("rejects at once when aborted during a status request the transport never finishes", async () => {
    const controller = new AbortController();
    const api = statusApi(() => "hang");
    const result = outcome(poll(api, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.requestTimes).toEqual([1000]);
    controller.abort();
    expect((await result).error).toMatchObject({ code: "ABORTED", taskId: TASK_ID });
    // The request was offered the signal too, for transports that can close the socket.
    expect(api.signals[0]?.aborted).toBe(true);
  });

  it("rejects without any request when the signal is already aborted", async () => {
    const api = statusApi(() => DONE);
    const { error } = await outcome(poll(api, { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ code: "ABORTED", taskId: TASK_ID });
    expect(api.requestTimes).toEqual([]);
  });

  it("keeps an UpscaleError given as the abort reason", async () => {
    const controller = new AbortController();
    const reason = new UpscaleError("ABORTED", "The user closed the window.");
    const api = statusApi(() => running());
    const result = outcome(poll(api, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1500);
    controller.abort(reason);
    expect((await result).error).toBe(reason);
  });
});

describe("pollTask without AbortController (Figma's main thread)", () => {
  beforeEach(() => {
    vi.stubGlobal("AbortController", undefined);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("polls to the end as usual", async () => {
    const api = statusApi((t) => (t >= 4000 ? DONE : running()));
    const result = outcome(poll(api));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await result).toEqual({ value: DONE });
    expect(api.requestTimes).toEqual([1000, 2500, 4750]);
    // The poll's own stop signal needs no AbortController: every status request still gets one (aborted by now,
    // since the poll has ended).
    expect(api.signals.filter((signal) => signal !== undefined)).toHaveLength(3);
  });

  it("is cancelled at once by createCancellation while a status request hangs", async () => {
    const api = statusApi(() => "hang");
    const cancellation = createCancellation();
    const result = outcome(poll(api, { signal: cancellation.signal }));
    await vi.advanceTimersByTimeAsync(1500);
    expect(api.requestTimes).toEqual([1000]);
    cancellation.cancel();
    const { error } = await result;
    expect(error).toMatchObject({ name: "TaskError", code: "ABORTED", taskId: TASK_ID });
    expect(api.signals[0]?.aborted).toBe(true);
  });

  it("keeps the deadline between polls, leaving no timer behind", async () => {
    const api = statusApi(() => running());
    const result = outcome(poll(api, { deadlineMs: 10_000 }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await result).error).toMatchObject({ code: "TIMEOUT", taskId: TASK_ID });
    // The sleep after 8.125 s is cut to the deadline instead of running to 13.125 s.
    expect(api.requestTimes).toEqual([1000, 2500, 4750, 8125]);
    expect(vi.getTimerCount()).toBe(0);
  });
  it("ends a status request that never answers at the deadline, leaving no timer behind", async () => {
    const api = statusApi(() => "hang");
    const result = outcome(poll(api, { deadlineMs: 10_000 }));
    await vi.advanceTimersByTimeAsync(10_000);
    const { error } = await result;
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ code: "TIMEOUT", taskId: TASK_ID });
    expect(api.requestTimes).toEqual([1000]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("pollTask options", () => {
  it.each([
    { deadlineMs: 0 },
    { deadlineMs: Number.POSITIVE_INFINITY },
    { schedule: { minDelayMs: 0 } },
    { schedule: { firstDelayMs: 10_000 } },
    { schedule: { backoffFactor: 0.5 } },
    { schedule: { rateSamples: 1 } },
  ])("rejects nonsense that could hang or poll hot: %o", async (options) => {
    const api = statusApi(() => DONE);
    await expect(poll(api, options)).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    expect(api.requestTimes).toEqual([]);
  });

  it("can poll at a fixed interval", async () => {
    const api = statusApi((t) => (t >= 7000 ? DONE : running(t / 100)));
    const schedule = { firstDelayMs: 2000, minDelayMs: 2000, maxDelayMs: 2000, backoffFactor: 1, followPercent: false };
    const result = outcome(poll(api, { schedule }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await result).toEqual({ value: DONE });
    expect(api.requestTimes).toEqual([2000, 4000, 6000, 8000]);
  });

  it("ignores percent entirely when followPercent is off: plain backoff, never restarted", async () => {
    const api = statusApi((t) => (t >= 9000 ? DONE : running(t / 100)));
    const result = outcome(poll(api, { schedule: { followPercent: false } }));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await result).toEqual({ value: DONE });
    expect(api.requestTimes).toEqual([1000, 2500, 4750, 8125, 13_125]);
  });
});

describe("withTaskId", () => {
  it("adds the task id to an UpscaleError, keeping code, retryAfter and the original as cause", () => {
    const cause = new ApiError("RATE_LIMITED", "Slow down.", { status: 429, retryAfter: 3 });
    const wrapped = withTaskId(cause, TASK_ID);
    expect(wrapped).toBeInstanceOf(TaskError);
    expect(wrapped).toMatchObject({ code: "RATE_LIMITED", taskId: TASK_ID, retryAfter: 3, cause });
    expect((wrapped as Error).message).toBe(`Task ${TASK_ID}: Slow down.`);
  });

  it("leaves an error that already names a task alone", () => {
    const error = new TaskError("TIMEOUT", "Late.", { taskId: "another" });
    expect(withTaskId(error, TASK_ID)).toBe(error);
  });
});
