import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  doneTask,
  fakeMidjourneyClient,
  midjourneyTask,
  SMALL_PNG,
  UPSAMPLE_ID,
} from "../../test/fake-vendor-clients.js";
import type { UpscaleProgress } from "../jobs/provider.js";
import { ApiError, NetworkError, TaskError } from "../outcome/errors.js";
import { waitForMidjourneyImage } from "./wait-for-midjourney-image.js";

const FINAL_URL = `https://gptunnel.ru/task/image/${UPSAMPLE_ID}?cache=100`;
const INTERMEDIATE_URL = `https://gptunnel.ru/task/image/${UPSAMPLE_ID}/result`;

/** Runs on at 10 %/s, linking an intermediate image from 30 % on, done at 10 s. */
function progressingTask(_: string, elapsedMs: number) {
  if (elapsedMs >= 10_000) return doneTask();
  const percent = Math.floor(elapsedMs / 100);
  return midjourneyTask({ status: "progress", percent, result: percent >= 30 ? INTERMEDIATE_URL : null });
}

function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("waitForMidjourneyImage", () => {
  it("resumes by id: polls /result until done, then downloads the final image — never submits", async () => {
    const client = fakeMidjourneyClient({ result: progressingTask, download: () => SMALL_PNG });
    const progress: UpscaleProgress[] = [];
    const result = outcome(waitForMidjourneyImage(client, UPSAMPLE_ID, { onProgress: (p) => progress.push(p) }));
    await vi.advanceTimersByTimeAsync(15_000);

    expect(await result).toEqual({ value: { task: doneTask(), image: SMALL_PNG } });
    expect(client.calls.map((c) => [c.method, c.atMs])).toEqual([
      ["result", 1000],
      ["result", 2500],
      ["result", 7500],
      ["result", 10_000],
      ["download", 10_000],
    ]);
    expect(client.calls.every((c) => c.method === "download" || c.args[0] === UPSAMPLE_ID)).toBe(true);
    // The intermediate link seen at 25 % and 75 % was not downloaded.
    expect(client.calls.at(-1)?.args).toEqual([FINAL_URL]);
    expect(progress).toEqual([
      { stage: "waiting", status: "progress", percent: 10, taskId: UPSAMPLE_ID },
      { stage: "waiting", status: "progress", percent: 25, taskId: UPSAMPLE_ID },
      { stage: "waiting", status: "progress", percent: 75, taskId: UPSAMPLE_ID },
      { stage: "waiting", status: "done", percent: 100, taskId: UPSAMPLE_ID },
      { stage: "downloading", taskId: UPSAMPLE_ID },
    ]);
  });

  it.each(["not-a-task", `${UPSAMPLE_ID}0`, "../../etc/passwd", "sk-live-0123456789abcdef"])(
    "rejects %j as a task id before any request, without repeating it",
    async (taskId) => {
      const client = fakeMidjourneyClient({ result: () => doneTask() });
      const { error } = await outcome(waitForMidjourneyImage(client, taskId));
      expect(error).toMatchObject({ code: "INVALID_REQUEST" });
      expect((error as Error).message).not.toContain(taskId);
      expect(client.calls).toEqual([]);
    },
  );

  it("rejects an empty task id before any request", async () => {
    const client = fakeMidjourneyClient({ result: () => doneTask() });
    await expect(waitForMidjourneyImage(client, "")).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    expect(client.calls).toEqual([]);
  });

  it("rejects a failed task with TASK_FAILED, the task id and GPTunnel's text, without downloading", async () => {
    const client = fakeMidjourneyClient({
      result: () => midjourneyTask({ status: "failed", error: "Midjourney rejected the job" }),
      download: () => SMALL_PNG,
    });
    const result = outcome(waitForMidjourneyImage(client, UPSAMPLE_ID));
    await vi.advanceTimersByTimeAsync(1000);
    const { error } = await result;
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ code: "TASK_FAILED", taskId: UPSAMPLE_ID });
    expect((error as Error).message).toContain("Midjourney rejected the job");
    expect(client.calls.map((c) => c.method)).toEqual(["result"]);
  });

  it("reports a done task without an image link as BAD_RESPONSE with the task id", async () => {
    const client = fakeMidjourneyClient({ result: () => doneTask({ result: null }) });
    const result = outcome(waitForMidjourneyImage(client, UPSAMPLE_ID));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await result).error).toMatchObject({ code: "BAD_RESPONSE", taskId: UPSAMPLE_ID });
  });

  it("times out at the deadline with the task id and leaves the task to be resumed", async () => {
    const client = fakeMidjourneyClient({ result: () => midjourneyTask({ status: "queued" }) });
    const result = outcome(waitForMidjourneyImage(client, UPSAMPLE_ID, { deadlineMs: 30_000 }));
    await vi.advanceTimersByTimeAsync(30_000);
    const { error } = await result;
    expect(error).toMatchObject({ code: "TIMEOUT", taskId: UPSAMPLE_ID });
    expect((error as Error).message).toContain("resume it by its id");
  });

  it("adds the task id to a download failure, so the caller can resume instead of submitting again", async () => {
    const cause = new NetworkError("Connection reset while downloading.", { mayHaveReachedServer: true });
    const client = fakeMidjourneyClient({ result: () => doneTask(), download: () => cause });
    const result = outcome(waitForMidjourneyImage(client, UPSAMPLE_ID));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await result).error).toMatchObject({ code: "NETWORK", taskId: UPSAMPLE_ID, cause });
  });

  it("stops at once on a status error that retrying cannot fix", async () => {
    const client = fakeMidjourneyClient({ result: () => new ApiError("AUTH", "Bad key.", { status: 401 }) });
    const result = outcome(waitForMidjourneyImage(client, UPSAMPLE_ID));
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await result).error).toMatchObject({ code: "AUTH", taskId: UPSAMPLE_ID });
    expect(client.calls).toHaveLength(1);
  });

  it("cancels at once during a download the transport never finishes, with the task id", async () => {
    const controller = new AbortController();
    const client = fakeMidjourneyClient({ result: () => doneTask(), download: () => "hang" });
    const result = outcome(waitForMidjourneyImage(client, UPSAMPLE_ID, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.calls.map((c) => c.method)).toEqual(["result", "download"]);
    controller.abort();
    expect((await result).error).toMatchObject({ code: "ABORTED", taskId: UPSAMPLE_ID });
    expect(client.calls[1]?.signal?.aborted).toBe(true);
  });

  it("cancels at once while waiting between polls, with the task id", async () => {
    const controller = new AbortController();
    const client = fakeMidjourneyClient({ result: () => midjourneyTask() });
    const result = outcome(waitForMidjourneyImage(client, UPSAMPLE_ID, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(3000);
    controller.abort();
    expect((await result).error).toMatchObject({ code: "ABORTED", taskId: UPSAMPLE_ID });
    expect(client.calls).toHaveLength(2);
  });

  it("passes stall reports on", async () => {
    const stalls: unknown[] = [];
    const client = fakeMidjourneyClient({ result: () => midjourneyTask({ status: "progress", percent: 50 }) });
    const result = outcome(waitForMidjourneyImage(client, UPSAMPLE_ID, { onStall: (s) => stalls.push(s) }));
    await vi.advanceTimersByTimeAsync(70_000);
    // 50 % since the first poll at 1 s; the first poll 60 s later is at 63.125 s (every 5 s from 13.125 s).
    expect(stalls).toEqual([{ taskId: UPSAMPLE_ID, percent: 50, stalledForMs: 62_125 }]);
    await vi.advanceTimersByTimeAsync(600_000);
    expect((await result).error).toMatchObject({ code: "TIMEOUT" });
  });
});
