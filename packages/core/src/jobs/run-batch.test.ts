import { describe, expect, it } from "vitest";
import { createCancellation } from "../runtime/cancellation.js";
import { runBatch, wasNotStarted } from "./run-batch.js";

/** A worker whose calls stay pending until the test releases them, recording how many overlap. */
function controllableWorker() {
  const pending = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  let inFlight = 0;
  let maxInFlight = 0;
  const worker = (item: number) =>
    new Promise<string>((resolve, reject) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const done = () => inFlight--;
      pending.set(item, {
        resolve: (v) => {
          done();
          resolve(v);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
    });
  const tick = () => new Promise((r) => setImmediate(r));
  return { worker, pending, tick, maxInFlight: () => maxInFlight };
}

describe("runBatch", () => {
  it("keeps at most `concurrency` in flight, continues past failures, returns results in order", async () => {
    const { worker, pending, tick, maxInFlight } = controllableWorker();
    const settledOrder: number[] = [];
    const run = runBatch([0, 1, 2, 3, 4], worker, {
      concurrency: 2,
      onSettled: (item) => settledOrder.push(item),
    });
    await tick();
    expect([...pending.keys()]).toEqual([0, 1]);
    pending.get(1)?.reject(new Error("boom"));
    await tick();
    expect([...pending.keys()]).toEqual([0, 1, 2]);
    for (const item of [2, 0, 3, 4]) {
      pending.get(item)?.resolve(`ok ${item}`);
      await tick();
    }
    const results = await run;
    expect(maxInFlight()).toBe(2);
    expect(settledOrder).toEqual([1, 2, 0, 3, 4]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([
      "ok 0",
      "boom",
      "ok 2",
      "ok 3",
      "ok 4",
    ]);
  });

  it("starts nothing more once cancelled and settles the rest as ABORTED, marked not started", async () => {
    const { worker, pending, tick } = controllableWorker();
    const cancellation = createCancellation();
    const run = runBatch([0, 1, 2], worker, { concurrency: 1, signal: cancellation.signal });
    await tick();
    cancellation.cancel("user pressed stop");
    pending.get(0)?.reject(new Error("aborted by its own signal"));
    const results = await run;
    expect(pending.size).toBe(1);
    expect(results.map((r) => r.status === "rejected" && (r.reason as { code?: string }).code)).toEqual([
      undefined,
      "ABORTED",
      "ABORTED",
    ]);
    expect(results.map(wasNotStarted)).toEqual([false, true, true]);
    expect((results[1] as PromiseRejectedResult).reason).not.toBe((results[2] as PromiseRejectedResult).reason);
    expect(((results[1] as PromiseRejectedResult).reason as Error).cause).toBe("user pressed stop");
  });

  it("accepts a real AbortSignal", async () => {
    const results = await runBatch([1, 2], async (n) => n * 2, { concurrency: 2, signal: AbortSignal.abort() });
    expect(results.every(wasNotStarted)).toBe(true);
  });

  it("tells a done or failed item from one not started", async () => {
    const [done, failed] = await runBatch([0, 1], async (n) => (n === 0 ? "ok" : Promise.reject(new Error("x"))), {
      concurrency: 2,
    });
    expect([
      wasNotStarted(done as PromiseSettledResult<string>),
      wasNotStarted(failed as PromiseSettledResult<string>),
    ]).toEqual([false, false]);
    expect(wasNotStarted({ status: "rejected", reason: "a string" })).toBe(false);
  });

  it("runs one at a time when concurrency is not a positive number", async () => {
    const { worker, pending, tick } = controllableWorker();
    const run = runBatch([0, 1], worker, { concurrency: Number.NaN });
    await tick();
    expect([...pending.keys()]).toEqual([0]);
    pending.get(0)?.resolve("a");
    await tick();
    pending.get(1)?.resolve("b");
    expect((await run).map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
  });

  it("handles an empty list", async () => {
    expect(await runBatch([], async () => 1, { concurrency: 3 })).toEqual([]);
  });
});
