import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { failure } from "../../test/failure.js";
import {
  doneTask,
  fakeMidjourneyClient,
  midjourneyTask,
  PARENT_ID,
  SMALL_PNG,
  UPSAMPLE_ID,
} from "../../test/fake-vendor-clients.js";
import { createTaskLedger, type LedgerStorage, memoryLedgerStorage } from "../jobs/task-ledger.js";
import { ApiError } from "../outcome/errors.js";
import { canResumeTask } from "../outcome/resumable.js";
import { imagineAndWait, taskImageName, upsampleAndWait } from "./midjourney-flows.js";

/** What the integration suite cannot stage against the fake: a ledger whose storage fails, a link that expires. */

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const brokenStorage: LedgerStorage = {
  load: async () => [],
  save: async () => {
    throw new Error("storage unavailable");
  },
};

describe("the Midjourney flows", () => {
  it("say no task can be resumed from an error that names none, or from one that is not the core's", () => {
    expect(canResumeTask(new ApiError("AUTH", "Rejected.", { status: 401 }))).toBe(false);
    expect(canResumeTask(new ApiError("AUTH", "Rejected.", { status: 401, taskId: UPSAMPLE_ID }))).toBe(true);
    expect(canResumeTask(new Error("disk full"))).toBe(false);
  });

  it("name a task's image after its id", () => {
    expect(taskImageName(UPSAMPLE_ID)).toBe(`midjourney-${UPSAMPLE_ID}.png`);
  });

  it("go on when the ledger cannot save, reporting each failure", async () => {
    const client = fakeMidjourneyClient({
      upsample: () => midjourneyTask(),
      result: () => doneTask(),
      download: () => SMALL_PNG,
    });
    const ledgerErrors: unknown[] = [];
    const pending = upsampleAndWait(client, PARENT_ID, 2, {
      ledger: createTaskLedger(brokenStorage),
      onLedgerError: (error) => ledgerErrors.push(error),
    });
    await vi.advanceTimersByTimeAsync(5_000);
    const { image } = await pending;
    expect(image).toEqual(SMALL_PNG);
    expect(ledgerErrors.map((error) => (error as Error).message)).toEqual([
      "storage unavailable",
      "storage unavailable",
    ]);
  });

  it("go on quietly when the ledger cannot save and nobody listens", async () => {
    const client = fakeMidjourneyClient({
      upsample: () => midjourneyTask(),
      result: () => doneTask(),
      download: () => SMALL_PNG,
    });
    const pending = upsampleAndWait(client, PARENT_ID, 2, { ledger: createTaskLedger(brokenStorage) });
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await pending).image).toEqual(SMALL_PNG);
  });

  it("keep a task whose image link expired: resuming fetches a fresh link for free", async () => {
    const client = fakeMidjourneyClient({
      upsample: () => midjourneyTask(),
      result: () => doneTask(),
      download: () => new ApiError("NOT_FOUND", "The image link has expired.", { status: 410 }),
    });
    const storage = memoryLedgerStorage();
    const pending = failure(upsampleAndWait(client, PARENT_ID, 2, { ledger: createTaskLedger(storage) }));
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await pending;
    expect(error.code).toBe("NOT_FOUND");
    expect(error.taskId).toBe(UPSAMPLE_ID);
    expect(error.message).toContain("Resume the task for a fresh link");
    expect(canResumeTask(error)).toBe(true);
    expect((await storage.load()).map((entry) => entry.taskId)).toEqual([UPSAMPLE_ID]);
  });

  it("record an upsample under the grid the client named when the vendor gives no parent", async () => {
    const client = fakeMidjourneyClient({
      upsample: () => midjourneyTask({ parentId: null }),
      result: () => doneTask(),
      download: () => SMALL_PNG,
    });
    const storage = memoryLedgerStorage();
    const ledger = createTaskLedger(storage);
    const pending = upsampleAndWait(client, PARENT_ID, 4, { ledger, settleWhenKept: true });
    await vi.advanceTimersByTimeAsync(5_000);
    const { settle } = await pending;
    expect((await ledger.pending())[0]?.parentId).toBe(PARENT_ID);
    await settle?.();
    expect(await ledger.pending()).toEqual([]);
  });

  it("record a paid submission that failed but named its task, so it can be resumed", async () => {
    const named = new ApiError("BAD_RESPONSE", "GPTunnel named the task: resume it by its id.", {
      status: 200,
      taskId: UPSAMPLE_ID,
    });
    const client = fakeMidjourneyClient({ imagine: () => named });
    const storage = memoryLedgerStorage();
    const error = await failure(imagineAndWait(client, "a fox", { ledger: createTaskLedger(storage), label: "a fox" }));
    expect(error).toBe(named);
    expect(await storage.load()).toEqual([
      { taskId: UPSAMPLE_ID, kind: "imagine", createdAt: expect.any(Number), label: "a fox" },
    ]);
    expect(client.calls.map((call) => [call.method, call.signal])).toEqual([["imagine", undefined]]);
  });

  it("record nothing for a failed submission without a task id", async () => {
    const client = fakeMidjourneyClient({
      imagine: () => new ApiError("INSUFFICIENT_BALANCE", "Top up.", { status: 402 }),
    });
    const storage = memoryLedgerStorage();
    expect((await failure(imagineAndWait(client, "a fox", { ledger: createTaskLedger(storage) }))).code).toBe(
      "INSUFFICIENT_BALANCE",
    );
    expect(await storage.load()).toEqual([]);
  });
});
