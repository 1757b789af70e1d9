import { type FakeApis, GRID_SIZE, type Scenario, startFakeApis } from "@upscale/fake-apis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createCancellation,
  createMidjourneyClient,
  createTaskLedger,
  fetchTransport,
  type MidjourneyClient,
  memoryLedgerStorage,
  resumeMidjourneyTask,
  type TaskLedger,
  waitForMidjourneyImage,
} from "../../src/index.js";
import { imagineAndWait, upsampleAndWait, variationAndWait } from "../../src/midjourney/midjourney-flows.js";
import { canResumeTask } from "../../src/outcome/resumable.js";
import type { UpscaleProgress } from "../../src/provider-kit.js";
import { failure } from "../failure.js";
import { decodePng } from "./png-pixels.js";
import { ScaledClock } from "./scaled-clock.js";

/**
 * The Midjourney flows an app calls, over real HTTP against the fake GPTunnel: what is submitted (and so paid
 * for) how often, what the ledger holds at each point, and that a cancelled or interrupted task is resumed
 * without paying again.
 */

const SPEED_UP = 10;
const QUICK_TASK: Scenario = { task: { durationMs: 200 } };
const UNKNOWN_TASK = "0123456789abcdef01234567";

let fake: FakeApis;
let client: MidjourneyClient;
let clock: ScaledClock;
let storage: ReturnType<typeof memoryLedgerStorage>;
let ledger: TaskLedger;

beforeAll(async () => {
  fake = await startFakeApis({ scenario: QUICK_TASK });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.setScenario(QUICK_TASK);
  fake.stats.reset();
  clock = new ScaledClock(SPEED_UP);
  client = createMidjourneyClient({
    apiKey: fake.keys.gptunnel,
    baseUrl: fake.gptunnelUrl,
    transport: fetchTransport(),
    clock,
    retry: { baseDelayMs: 50, maxDelayMs: 400 },
  });
  storage = memoryLedgerStorage();
  ledger = createTaskLedger(storage);
});

async function finishedGrid(): Promise<string> {
  const task = await client.imagine("a grid to build on");
  await waitForMidjourneyImage(client, task.id, { clock });
  fake.stats.reset();
  return task.id;
}

describe("imagineAndWait", () => {
  it("submits once, records the task while it runs and settles it once the image is saved", async () => {
    const stages: UpscaleProgress["stage"][] = [];
    const { task, image, settle } = await imagineAndWait(client, "a red fox in the snow", {
      clock,
      ledger,
      label: "a red fox in the snow",
      target: "/out/fox.png",
      settleWhenKept: true,
      onProgress: ({ stage }) => stages.push(stage),
    });
    // Downloaded, not saved yet: still in the ledger until the app settles it.
    const pendingWhileSaving = await ledger.pending();
    await settle?.();
    expect(fake.stats.count("imagine", "POST")).toBe(1);
    expect(pendingWhileSaving).toEqual([
      {
        taskId: task.id,
        kind: "imagine",
        createdAt: expect.any(Number),
        label: "a red fox in the snow",
        target: "/out/fox.png",
      },
    ]);
    expect(await storage.load()).toEqual([]);
    expect(stages[0]).toBe("submitting");
    expect(stages).toContain("waiting");
    expect(stages[stages.length - 1]).toBe("downloading");
    expect(decodePng(image.bytes)).toMatchObject({ width: GRID_SIZE, height: GRID_SIZE });
  });

  it("sends nothing when cancelled before it starts", async () => {
    const cancellation = createCancellation();
    cancellation.cancel();
    const error = await failure(imagineAndWait(client, "never sent", { clock, ledger, signal: cancellation.signal }));
    expect(error).toMatchObject({ code: "ABORTED", taskId: undefined });
    expect(fake.stats.count("imagine", "POST")).toBe(0);
  });

  it("lets a submission cancelled in flight finish, keeps its id in the ledger, and resumes it without paying again", async () => {
    fake.setScenario({ ...QUICK_TASK, faults: [{ endpoint: "imagine", fault: { kind: "latency", ms: 300 } }] });
    const cancellation = createCancellation();
    const pending = imagineAndWait(client, "cancelled while submitting", {
      clock,
      ledger,
      signal: cancellation.signal,
      onProgress: ({ stage }) => {
        if (stage === "submitting") setTimeout(() => cancellation.cancel(), 50);
      },
    });
    const error = await failure(pending);
    expect(error.code).toBe("ABORTED");
    expect(error.taskId).toMatch(/^[0-9a-f]{24}$/);
    expect(canResumeTask(error)).toBe(true);
    expect((await storage.load()).map((entry) => entry.taskId)).toEqual([error.taskId]);

    const { image } = await resumeMidjourneyTask(client, error.taskId as string, { clock, ledger });
    expect(image.width).toBe(GRID_SIZE);
    expect(fake.stats.count("imagine", "POST")).toBe(1);
    expect(await storage.load()).toEqual([]);
  });

  it("keeps the task pending while the app has not saved its image (it never settles a failed save)", async () => {
    await imagineAndWait(client, "saved nowhere", { clock, ledger, settleWhenKept: true });
    expect(await storage.load()).toHaveLength(1);
  });

  it("settles the task once downloaded when the app does not ask to settle it itself", async () => {
    const result = await imagineAndWait(client, "settled at once", { clock, ledger });
    expect(result.settle).toBeUndefined();
    expect(await storage.load()).toEqual([]);
  });

  it("settles a task that failed for good: there is nothing to resume", async () => {
    fake.setScenario({ ...QUICK_TASK, faults: [{ endpoint: "imagine", fault: { kind: "task-fails" } }] });
    const error = await failure(imagineAndWait(client, "doomed", { clock, ledger }));
    expect(error.code).toBe("TASK_FAILED");
    expect(canResumeTask(error)).toBe(false);
    expect(await storage.load()).toEqual([]);
  });
});

describe("upsampleAndWait", () => {
  it("records the upsample with its grid and quadrant, then settles it", async () => {
    const gridId = await finishedGrid();
    const { task, image, settle } = await upsampleAndWait(client, gridId, 3, { clock, ledger, settleWhenKept: true });
    const entries = await ledger.pending();
    await settle?.();
    expect(entries).toEqual([
      { taskId: task.id, kind: "upsample", parentId: gridId, index: 3, createdAt: expect.any(Number) },
    ]);
    expect(image.width).toBe(GRID_SIZE);
    expect(await storage.load()).toEqual([]);
  });
});

describe("variationAndWait", () => {
  it("looks at the parent for free, then submits one variation and waits for it", async () => {
    const gridId = await finishedGrid();
    const { task, image } = await variationAndWait(client, gridId, 2, { clock, ledger });
    expect(fake.stats.count("variation", "POST")).toBe(1);
    expect(task.id).not.toBe(gridId);
    expect(image.width).toBe(GRID_SIZE);
  });

  it("refuses, without paying, a parent still running, one that failed, and a grid without an index", async () => {
    const running = await client.imagine("still running");
    fake.stats.reset();
    const notFinished = await failure(variationAndWait(client, running.id, 1, { clock, ledger }));
    expect(notFinished).toMatchObject({ code: "INVALID_REQUEST", taskId: running.id });
    expect(notFinished.message).toContain("is not finished");

    const gridId = await finishedGrid();
    const noIndex = await failure(variationAndWait(client, gridId, undefined, { clock, ledger }));
    expect(noIndex).toMatchObject({ name: "InputError", code: "INVALID_REQUEST" });

    fake.setScenario({ ...QUICK_TASK, faults: [{ endpoint: "imagine", fault: { kind: "task-fails" } }] });
    const failed = await client.imagine("fails");
    await waitForMidjourneyImage(client, failed.id, { clock }).catch(() => undefined);
    fake.stats.reset();
    const ofFailed = await failure(variationAndWait(client, failed.id, 1, { clock, ledger }));
    expect(ofFailed).toMatchObject({ code: "TASK_FAILED", taskId: failed.id });

    expect(fake.stats.count("variation", "POST")).toBe(0);
    expect(await storage.load()).toEqual([]);
  });

  it("asks for a mode when the parent is an upsampled image", async () => {
    const gridId = await finishedGrid();
    const { task: upsampled } = await upsampleAndWait(client, gridId, 1, { clock });
    const error = await failure(variationAndWait(client, upsampled.id, undefined, { clock }));
    expect(error.message).toContain("choose the variation mode, high or low");
    const { image } = await variationAndWait(client, upsampled.id, undefined, { clock, mode: "low" });
    expect(image.width).toBeGreaterThan(0);
    expect(fake.stats.count("variation", "POST")).toBe(1);
  });
});

describe("resumeMidjourneyTask", () => {
  it("settles a ledger entry for a task GPTunnel does not know, so no one is told to resume it again", async () => {
    await ledger.add({ taskId: UNKNOWN_TASK, kind: "imagine", createdAt: 0 });
    const error = await failure(resumeMidjourneyTask(client, UNKNOWN_TASK, { clock, ledger }));
    expect(error).toMatchObject({ code: "INVALID_REQUEST", taskId: UNKNOWN_TASK });
    expect(canResumeTask(error)).toBe(false);
    expect(await storage.load()).toEqual([]);
    expect(fake.stats.count("imagine", "POST")).toBe(0);
  });

  it("leaves a task pending when the wait is cut short by the deadline", async () => {
    fake.setScenario({ task: { durationMs: 60_000 } });
    const task = await client.imagine("slow");
    await ledger.add({ taskId: task.id, kind: "imagine", createdAt: 0 });
    const error = await failure(resumeMidjourneyTask(client, task.id, { clock, ledger, deadlineMs: 3_000 }));
    expect(error.code).toBe("TIMEOUT");
    expect(canResumeTask(error)).toBe(true);
    expect((await storage.load()).map((entry) => entry.taskId)).toEqual([task.id]);
  });
});
