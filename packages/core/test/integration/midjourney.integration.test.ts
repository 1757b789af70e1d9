import {
  type FakeApis,
  GRID_SIZE,
  quadrantOrigin,
  type RequestLogEntry,
  type Scenario,
  startFakeApis,
} from "@upscale/fake-apis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createMidjourneyClient,
  fetchTransport,
  type MidjourneyClient,
  type MidjourneyImageIndex,
  waitForMidjourneyImage,
} from "../../src/index.js";
import { type MidjourneyFlowOptions, upsampleAndWait } from "../../src/midjourney/midjourney-flows.js";
import { ApiError, NetworkError, TaskError, type UpscaleProgress } from "../../src/provider-kit.js";
import { failure } from "../failure.js";
import { expectNoKeyIn } from "./error-checks.js";
import { decodePng } from "./png-pixels.js";
import { ScaledClock } from "./scaled-clock.js";

/**
 * The Midjourney path end to end, over real HTTP against the fake GPTunnel: client, poller and the upsample
 * flow, including the faults that decide whether a paid task is submitted twice.
 */

/** The poller's waits run this much faster than wall time; the fake's tasks still age in wall time. */
const SPEED_UP = 10;
/** Wall-clock task length for most tests: long enough to be seen running, short enough to keep the suite fast. */
const QUICK_TASK: Scenario = { task: { durationMs: 200 } };
const WRONG_KEY = "wrong-gptunnel-key-123";

let fake: FakeApis;
/** Every response on both servers since the start, whatever the tests reset in `fake.stats`. */
const everyRequest: RequestLogEntry[] = [];
/** A finished grid, from which each test upsamples its own quadrant (re-sending one returns the same task). */
let grid: { id: string; quadrantsLeft: (1 | 2 | 3 | 4)[] } | undefined;

beforeAll(async () => {
  fake = await startFakeApis({ scenario: QUICK_TASK, onRequest: (entry) => everyRequest.push(entry) });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  expect(everyRequest.filter((entry) => entry.server === "images" && entry.keyPresent)).toEqual([]);
  expect(fake.stats.keyLeaks).toBe(0);
});

function setup(apiKey = fake.keys.gptunnel) {
  const clock = new ScaledClock(SPEED_UP);
  const client = createMidjourneyClient({
    apiKey,
    baseUrl: fake.gptunnelUrl,
    transport: fetchTransport(),
    clock,
    retry: { baseDelayMs: 50, maxDelayMs: 400 },
  });
  return { clock, client, upsample: upsampler(client, clock) };
}

/** Upsamples one quadrant through the flow the apps use: the image, with its own task id and its grid's. */
function upsampler(client: MidjourneyClient, clock: ScaledClock, deadlineMs?: number) {
  return async (gridId: string, index: MidjourneyImageIndex, options: MidjourneyFlowOptions = {}) => {
    const { task, image } = await upsampleAndWait(client, gridId, index, { clock, deadlineMs, ...options });
    return { ...image, meta: { taskId: task.id, parentId: task.parentId } };
  };
}

/** A quadrant of a finished grid nobody upsampled yet; then `scenario` is set and the stats start afresh. */
async function freshQuadrant(client: MidjourneyClient, scenario: Scenario) {
  fake.setScenario(QUICK_TASK);
  if (grid === undefined || grid.quadrantsLeft.length === 0) {
    const task = await client.imagine(`a grid for upsampling #${everyRequest.length}`);
    await waitForMidjourneyImage(client, task.id, { clock: new ScaledClock(SPEED_UP) });
    grid = { id: task.id, quadrantsLeft: [1, 2, 3, 4] };
  }
  const index = grid.quadrantsLeft.shift() as 1 | 2 | 3 | 4;
  fake.setScenario(scenario);
  fake.stats.reset();
  return { gridId: grid.id, index };
}

/** Progress events, and the id of the upsample task as soon as the flow reports it. */
function progressLog(onEvent?: (event: UpscaleProgress) => void) {
  const events: UpscaleProgress[] = [];
  return {
    events,
    taskId: () => events.find((event) => event.stage === "waiting")?.taskId,
    onProgress: (event: UpscaleProgress) => {
      events.push(event);
      onEvent?.(event);
    },
  };
}

const statuses = (endpoint: RequestLogEntry["endpoint"]) =>
  fake.stats.log.filter((entry) => entry.endpoint === endpoint).map((entry) => entry.status);

function colourDistance(a: number[], b: number[]): number {
  return Math.max(...a.slice(0, 3).map((value, i) => Math.abs(value - (b[i] as number))));
}

describe("imagine, wait, upsample", () => {
  it("imagines a grid, waits for it and downloads a real PNG of the grid's size", async () => {
    const { client, clock } = setup();
    fake.setScenario(QUICK_TASK);
    fake.stats.reset();
    const task = await client.imagine("a red fox in the snow");
    expect(task).toMatchObject({ type: "imagine", status: "idle", result: null });

    const { task: done, image } = await waitForMidjourneyImage(client, task.id, { clock });
    expect(done).toMatchObject({ id: task.id, status: "done", percent: 100 });
    expect(image).toMatchObject({ mimeType: "image/png", width: GRID_SIZE, height: GRID_SIZE });
    const png = decodePng(image.bytes);
    expect([png.width, png.height]).toEqual([GRID_SIZE, GRID_SIZE]);
    expect(fake.stats.count("imagine", "POST")).toBe(1);
    expect(fake.stats.count("image", "GET")).toBe(1);
  });

  it("upsamples the chosen quadrant: twice its size, and that quadrant's picture", async () => {
    const { client, upsample, clock } = setup();
    const { gridId, index } = await freshQuadrant(client, QUICK_TASK);
    const gridImage = (await waitForMidjourneyImage(client, gridId, { clock })).image;

    const result = await upsample(gridId, index);
    const quadrant = GRID_SIZE / 2;
    expect(result).toMatchObject({ mimeType: "image/png", width: 2 * quadrant });
    expect(result.height).toBe(2 * quadrant);
    expect(result.meta).toEqual({ taskId: expect.stringMatching(/^[0-9a-f]{24}$/), parentId: gridId });
    expect(result.meta.taskId).not.toBe(gridId);

    // Each quadrant has its own background colour, so the upsample's corner names the quadrant it came from.
    const upsampled = decodePng(result.bytes);
    expect([upsampled.width, upsampled.height]).toEqual([result.width, result.height]);
    const gridPng = decodePng(gridImage.bytes);
    const corner = upsampled.pixel(0, 0);
    for (const other of [1, 2, 3, 4] as const) {
      const { left, top } = quadrantOrigin(other);
      const distance = colourDistance(corner, gridPng.pixel(left, top));
      if (other === index) expect(distance).toBeLessThanOrEqual(3);
      else expect(distance).toBeGreaterThan(20);
    }
    expect(fake.stats.count("upsample", "POST")).toBe(1);
  });

  it("reports the new task id at once and a rising percent until done", async () => {
    const { client, upsample } = setup();
    const { gridId, index } = await freshQuadrant(client, { task: { durationMs: 1_000 } });
    const progress = progressLog();

    const result = await upsample(gridId, index, { onProgress: progress.onProgress });
    const stages = progress.events.map((event) => event.stage);
    expect(stages[0]).toBe("submitting");
    expect(stages.at(-1)).toBe("downloading");
    const waiting = progress.events.filter((event) => event.stage === "waiting");
    expect(waiting.every((event) => event.taskId === result.meta.taskId)).toBe(true);
    const percents = waiting.map((event) => event.percent ?? -1);
    expect(percents[0]).toBe(0);
    expect(percents.at(-1)).toBe(100);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.some((percent) => percent > 0 && percent < 100)).toBe(true);
    expect(progress.events.at(-1)).toEqual({ stage: "downloading", taskId: result.meta.taskId });
  });

  it("keeps polling through a status string it does not know until the task is done", async () => {
    const { client, upsample } = setup();
    const unknown = "rendering-on-gpu-7";
    const { gridId, index } = await freshQuadrant(client, {
      task: { durationMs: 1_000 },
      faults: [{ endpoint: "upsample", fault: { kind: "unknown-status", status: unknown } }],
    });
    const progress = progressLog();

    const result = await upsample(gridId, index, { onProgress: progress.onProgress });
    expect(result.width).toBe(GRID_SIZE);
    const seen = progress.events.filter((event) => event.stage === "waiting").map((event) => event.status);
    expect(seen).toContain(unknown);
    expect(seen.at(-1)).toBe("done");
    expect(statuses("result").filter((status) => status === 200).length).toBeGreaterThan(1);
  });
});

describe("no paid task is submitted twice", () => {
  it("retries failed status reads (503) but sends /upsample exactly once", async () => {
    const { client, upsample } = setup();
    const { gridId, index } = await freshQuadrant(client, {
      ...QUICK_TASK,
      faults: [{ endpoint: "result", on: { requests: [1, 2] }, fault: { kind: "status", status: 503 } }],
    });

    const result = await upsample(gridId, index);
    expect(result.width).toBe(GRID_SIZE);
    expect(fake.stats.count("upsample", "POST")).toBe(1);
    expect(statuses("result").slice(0, 3)).toEqual([503, 503, 200]);
  });

  it("re-sends /upsample after a connection reset, and gets the same single task back", async () => {
    const { client, upsample } = setup();
    const { gridId, index } = await freshQuadrant(client, {
      ...QUICK_TASK,
      faults: [{ endpoint: "upsample", on: { requests: [1] }, fault: { kind: "reset" } }],
    });

    const result = await upsample(gridId, index);
    const upsamples = fake.stats.log.filter((entry) => entry.endpoint === "upsample");
    expect(upsamples.map((entry) => entry.faults)).toEqual([["reset"], []]);
    // The fake answers a repeated upsample with the task it already has: still the one the flow waited for.
    const again = await client.upsample(gridId, index);
    expect(again).toMatchObject({ id: result.meta.taskId, status: "done" });
    expect(again.usage?.total_cost).toBe(0);
  });

  it("does not re-send /imagine when the connection breaks after GPTunnel took it, and says it may be charged", async () => {
    const { client } = setup();
    fake.setScenario({
      ...QUICK_TASK,
      faults: [{ endpoint: "imagine", on: { requests: [1] }, fault: { kind: "reset" } }],
    });
    fake.stats.reset();

    const error = await failure(client.imagine("a paid grid"));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "NETWORK", mayHaveReachedServer: true });
    expect((error as Error).message).toMatch(/may have reached GPTunnel and been charged/);
    expect(fake.stats.count("imagine", "POST")).toBe(1);
    expectNoKeyIn(error, [fake.keys.gptunnel]);
  });
});

describe("failures carry a code, and a task id once a task exists", () => {
  it("a wrong key is AUTH, on every call, and is not retried", async () => {
    const { client, upsample } = setup(WRONG_KEY);
    fake.setScenario(QUICK_TASK);
    fake.stats.reset();
    const someTask = "6558a19c0bfe4600011437cd";
    for (const call of [() => client.imagine("a cat"), () => client.result(someTask), () => upsample(someTask, 1)]) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: "AUTH", status: 401 });
      expect((error as Error).message).toContain("then pass it as the client's apiKey option.");
      expect((error as Error).message).not.toMatch(/_API_KEY/);
      expectNoKeyIn(error, [WRONG_KEY, fake.keys.gptunnel]);
    }
    expect(fake.stats.log.map((entry) => `${entry.endpoint} ${entry.status}`)).toEqual([
      "imagine 401",
      "result 401",
      "upsample 401",
    ]);
  });

  it("an empty balance is INSUFFICIENT_BALANCE for imagine and variation, each sent once", async () => {
    const { client } = setup();
    const { gridId } = await freshQuadrant(client, { balance: 0 });
    for (const call of [() => client.imagine("one more grid"), () => client.variation({ taskId: gridId, image: 1 })]) {
      const error = await failure(call());
      expect(error).toMatchObject({ code: "INSUFFICIENT_BALANCE", status: 402 });
      expect((error as Error).message).toMatch(/Top up your GPTunnel balance/);
      expectNoKeyIn(error, [fake.keys.gptunnel]);
    }
    expect(fake.stats.count("imagine", "POST")).toBe(1);
    expect(fake.stats.count("variation", "POST")).toBe(1);
  });

  it("a task that fails is TASK_FAILED with its id and the vendor's reason", async () => {
    const { client, upsample } = setup();
    const { gridId, index } = await freshQuadrant(client, {
      ...QUICK_TASK,
      faults: [{ endpoint: "upsample", fault: { kind: "task-fails" } }],
    });
    const progress = progressLog();

    const error = await failure(upsample(gridId, index, { ...progress }));
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ code: "TASK_FAILED", taskId: progress.taskId() });
    expect(progress.taskId()).toMatch(/^[0-9a-f]{24}$/);
    expect((error as Error).message).toMatch(/Midjourney could not complete this task/);
    expect(fake.stats.count("image")).toBe(0);
  });

  it("a task past its deadline is TIMEOUT with its id; resuming by id then finishes it without a new submission", async () => {
    const { client, clock } = setup();
    // The poller's deadline (2 s on its clock, 0.2 s of wall time) passes long before the 1 s task is done.
    const upsample = upsampler(client, clock, 2_000);
    const { gridId, index } = await freshQuadrant(client, { task: { durationMs: 1_000 } });
    const progress = progressLog();

    const error = await failure(upsample(gridId, index, { ...progress }));
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ code: "TIMEOUT", taskId: progress.taskId() });
    expect((error as Error).message).toMatch(/resume it by its id/);

    const resumed = await waitForMidjourneyImage(client, (error as TaskError).taskId as string, { clock });
    expect(resumed.task).toMatchObject({ id: progress.taskId(), parentId: gridId, status: "done" });
    expect(resumed.image).toMatchObject({ width: GRID_SIZE, height: GRID_SIZE });
    expect(fake.stats.count("upsample", "POST")).toBe(1);
    expect(fake.stats.count("imagine")).toBe(0);
  });

  it("cancelling while polling rejects ABORTED with the task id, although the task would never finish", async () => {
    const { client, upsample } = setup();
    const { gridId, index } = await freshQuadrant(client, {
      ...QUICK_TASK,
      faults: [{ endpoint: "upsample", fault: { kind: "never-finish" } }],
    });
    const controller = new AbortController();
    // Cancel once a status read has shown the task running: mid-poll, with the default 10-minute deadline.
    const progress = progressLog((event) => {
      if (event.stage === "waiting" && (event.percent ?? 0) > 0) controller.abort();
    });

    const error = await failure(upsample(gridId, index, { signal: controller.signal, ...progress }));
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ code: "ABORTED", taskId: progress.taskId() });
    expect((error as Error).message).toMatch(/resume it by its id/);
    expect(fake.stats.count("upsample", "POST")).toBe(1);
  });

  it("honours Retry-After on a 429 from /result, then finishes", async () => {
    const { client, upsample, clock } = setup();
    const retryAfterSeconds = 6; // beyond every poll pause (≤ 5 s) and backoff (≤ 0.4 s): only Retry-After asks it
    const { gridId, index } = await freshQuadrant(client, {
      ...QUICK_TASK,
      faults: [
        {
          endpoint: "result",
          on: { requests: [1] },
          fault: { kind: "status", status: 429, retryAfter: retryAfterSeconds },
        },
      ],
    });

    const result = await upsample(gridId, index);
    expect(result.width).toBe(GRID_SIZE);
    expect(statuses("result").slice(0, 2)).toEqual([429, 200]);
    expect(clock.sleeps.filter((ms) => ms === retryAfterSeconds * 1000)).toHaveLength(1);
    expect(fake.stats.count("upsample", "POST")).toBe(1);
  });
});
