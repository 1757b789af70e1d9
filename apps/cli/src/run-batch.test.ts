import { describe, expect, it } from "vitest";
import { runBatch } from "./run-batch.js";

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

  it("starts nothing more once aborted and settles the rest as ABORTED", async () => {
    const { worker, pending, tick } = controllableWorker();
    const controller = new AbortController();
    const run = runBatch([0, 1, 2], worker, { concurrency: 1, signal: controller.signal });
    await tick();
    controller.abort();
    pending.get(0)?.reject(new Error("aborted by its own signal"));
    const results = await run;
    expect(pending.size).toBe(1);
    expect(results.map((r) => r.status === "rejected" && (r.reason as { code?: string }).code)).toEqual([
      undefined,
      "ABORTED",
      "ABORTED",
    ]);
  });

  it("handles an empty list", async () => {
    expect(await runBatch([], async () => 1, { concurrency: 3 })).toEqual([]);
  });
});
