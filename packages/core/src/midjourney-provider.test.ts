import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  doneTask,
  fakeMidjourneyClient,
  midjourneyTask,
  PARENT_ID,
  SMALL_PNG,
  UPSAMPLE_ID,
} from "../test/fake-vendor-clients.js";
import { ApiError } from "./errors.js";
import { createMidjourneyProvider } from "./midjourney-provider.js";
import type { UpscaleProgress } from "./provider.js";
import { upscale } from "./upscale.js";

const SOURCE = { midjourneyTask: PARENT_ID, index: 2 } as const;

function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** Upsample answers with the new idle task; /result reports 40 % at first, done from 3 s on. */
function upsamplingClient(download: () => typeof SMALL_PNG | Error | "hang" = () => SMALL_PNG) {
  return fakeMidjourneyClient({
    upsample: () => midjourneyTask(),
    result: (_, elapsedMs) => (elapsedMs >= 3000 ? doneTask() : midjourneyTask({ status: "running", percent: 40 })),
    download,
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("createMidjourneyProvider", () => {
  it("upsamples the chosen image, waits for the new task and returns its image with taskId and parentId", async () => {
    const client = upsamplingClient();
    const provider = createMidjourneyProvider({ client });
    const result = outcome(provider.upscale(SOURCE, {}));
    await vi.advanceTimersByTimeAsync(10_000);

    expect(await result).toEqual({
      value: { ...SMALL_PNG, provider: "midjourney", meta: { taskId: UPSAMPLE_ID, parentId: PARENT_ID } },
    });
    expect(client.calls.map((c) => [c.method, ...c.args])).toEqual([
      ["upsample", PARENT_ID, 2],
      ["result", UPSAMPLE_ID],
      ["result", UPSAMPLE_ID],
      ["result", UPSAMPLE_ID],
      ["download", `https://gptunnel.ru/task/image/${UPSAMPLE_ID}?cache=100`],
    ]);
    expect(provider).toMatchObject({ id: "midjourney", accepts: ["midjourneyTask"] });
  });

  it("falls back to the grid's id for parentId when GPTunnel leaves it out", async () => {
    const client = fakeMidjourneyClient({
      upsample: () => midjourneyTask({ parentId: null }),
      result: () => doneTask({ parentId: null }),
      download: () => SMALL_PNG,
    });
    const result = outcome(createMidjourneyProvider({ client }).upscale(SOURCE, {}));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await result).value?.meta).toEqual({ taskId: UPSAMPLE_ID, parentId: PARENT_ID });
  });

  it("reports submitting → waiting (with the new task id before any poll) → downloading", async () => {
    const client = upsamplingClient();
    const progress: (UpscaleProgress & { callsSoFar: number })[] = [];
    const provider = createMidjourneyProvider({ client });
    const result = outcome(
      provider.upscale(SOURCE, { onProgress: (p) => progress.push({ ...p, callsSoFar: client.calls.length }) }),
    );
    await vi.advanceTimersByTimeAsync(10_000);
    await result;

    expect(progress).toEqual([
      { stage: "submitting", callsSoFar: 0 },
      { stage: "waiting", taskId: UPSAMPLE_ID, status: "idle", percent: 0, callsSoFar: 1 },
      { stage: "waiting", taskId: UPSAMPLE_ID, status: "running", percent: 40, callsSoFar: 2 },
      { stage: "waiting", taskId: UPSAMPLE_ID, status: "running", percent: 40, callsSoFar: 3 },
      { stage: "waiting", taskId: UPSAMPLE_ID, status: "done", percent: 100, callsSoFar: 4 },
      { stage: "downloading", taskId: UPSAMPLE_ID, callsSoFar: 4 },
    ]);
  });

  it("works through upscale(), which checks the image and reports done with the task id", async () => {
    const progress: UpscaleProgress[] = [];
    const provider = createMidjourneyProvider({ client: upsamplingClient() });
    const result = outcome(upscale(SOURCE, { provider, onProgress: (p) => progress.push(p) }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await result).value).toMatchObject({ mimeType: "image/png", width: 3, height: 2 });
    expect(progress.at(-1)).toEqual({ stage: "done", percent: 100, taskId: UPSAMPLE_ID });
  });

  it("says what it can do: 2× upsamples of tasks, up to 4 at once, possibly charged", () => {
    expect(createMidjourneyProvider({ client: upsamplingClient() }).capabilities).toEqual({
      scales: [2],
      nominalScale: 2,
      maxInFlight: 4,
      inputTypes: [],
      charges: true,
    });
  });

  it("refuses a scale it cannot honour before sending anything", async () => {
    const client = upsamplingClient();
    await expect(createMidjourneyProvider({ client }).upscale(SOURCE, { scale: 4 })).rejects.toMatchObject({
      name: "InputError",
      code: "INVALID_REQUEST",
    });
    expect(client.calls).toEqual([]);
  });

  it("rejects image bytes before sending anything", async () => {
    const client = upsamplingClient();
    const provider = createMidjourneyProvider({ client });
    await expect(provider.upscale({ bytes: SMALL_PNG.bytes }, {})).rejects.toMatchObject({
      code: "INVALID_REQUEST",
    });
    expect(client.calls).toEqual([]);
  });

  it("passes an upsample error on without polling", async () => {
    const refusal = new ApiError("INSUFFICIENT_BALANCE", "Top up your GPTunnel balance.", { status: 402 });
    const client = fakeMidjourneyClient({ upsample: () => refusal });
    const provider = createMidjourneyProvider({ client });
    const result = outcome(provider.upscale(SOURCE, {}));
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await result).error).toBe(refusal);
    expect(client.calls.map((c) => c.method)).toEqual(["upsample"]);
  });

  it("rejects a failed upsample task with TASK_FAILED and its id", async () => {
    const client = fakeMidjourneyClient({
      upsample: () => midjourneyTask(),
      result: () => midjourneyTask({ status: "failed", error: "Image index out of range" }),
    });
    const result = outcome(createMidjourneyProvider({ client }).upscale(SOURCE, {}));
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await result).error).toMatchObject({ code: "TASK_FAILED", taskId: UPSAMPLE_ID });
  });

  it("gives up at its deadline with TIMEOUT and the task id", async () => {
    const client = fakeMidjourneyClient({ upsample: () => midjourneyTask(), result: () => midjourneyTask() });
    const result = outcome(createMidjourneyProvider({ client, deadlineMs: 20_000 }).upscale(SOURCE, {}));
    await vi.advanceTimersByTimeAsync(20_000);
    expect((await result).error).toMatchObject({ code: "TIMEOUT", taskId: UPSAMPLE_ID });
  });
});

describe("createMidjourneyProvider cancellation", () => {
  it("while submitting: rejects at once with ABORTED and stops there", async () => {
    const controller = new AbortController();
    const client = fakeMidjourneyClient({ upsample: () => "hang", result: () => doneTask() });
    const result = outcome(createMidjourneyProvider({ client }).upscale(SOURCE, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(5000);
    controller.abort();
    const { error } = await result;
    expect(error).toMatchObject({ code: "ABORTED", taskId: undefined });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(client.calls.map((c) => c.method)).toEqual(["upsample"]);
    expect(client.calls[0]?.signal?.aborted).toBe(true);
  });

  it("while waiting: rejects at once with ABORTED and the new task id", async () => {
    const controller = new AbortController();
    const client = upsamplingClient();
    const result = outcome(createMidjourneyProvider({ client }).upscale(SOURCE, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1500);
    controller.abort();
    expect((await result).error).toMatchObject({ code: "ABORTED", taskId: UPSAMPLE_ID });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(client.calls.map((c) => c.method)).toEqual(["upsample", "result"]);
  });

  it("while downloading: rejects at once with ABORTED and the task id", async () => {
    const controller = new AbortController();
    const client = upsamplingClient(() => "hang");
    const result = outcome(createMidjourneyProvider({ client }).upscale(SOURCE, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(5000);
    expect(client.calls.at(-1)?.method).toBe("download");
    controller.abort();
    expect((await result).error).toMatchObject({ code: "ABORTED", taskId: UPSAMPLE_ID });
  });
});
