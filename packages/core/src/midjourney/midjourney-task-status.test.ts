import { describe, expect, it } from "vitest";
import { doneTask, midjourneyTask } from "../../test/fake-vendor-clients.js";
import type { MidjourneyTask } from "./midjourney-schemas.js";
import { interpretMidjourneyTask } from "./midjourney-task-status.js";

// The two upsample responses printed in GPTunnel's docs (seeds/gptunnel-midjourney-upsample.txt).
const SEED_IDLE = midjourneyTask();
const SEED_DONE = doneTask();

const task = (changes: Partial<MidjourneyTask>): MidjourneyTask => ({ ...SEED_IDLE, ...changes });

describe("interpretMidjourneyTask", () => {
  it("reads the documented idle task as running at 0 %", () => {
    expect(interpretMidjourneyTask(SEED_IDLE)).toEqual({
      state: "running",
      percent: 0,
      vendorStatus: "idle",
      error: undefined,
    });
  });

  it("reads the documented done task as done at 100 %", () => {
    expect(interpretMidjourneyTask(SEED_DONE)).toMatchObject({ state: "done", percent: 100, vendorStatus: "done" });
  });

  it("treats an undocumented status as still running, keeping the vendor's string", () => {
    expect(interpretMidjourneyTask(task({ status: "processing", percent: 46 }))).toEqual({
      state: "running",
      percent: 46,
      vendorStatus: "processing",
      error: undefined,
    });
  });

  it.each(["failed", "FAILED", " error ", "cancelled", "canceled"])("treats status %j as failed", (status) => {
    expect(interpretMidjourneyTask(task({ status })).state).toBe("failed");
  });

  it("treats any non-null error as failed, even with status done, and passes on the vendor's text", () => {
    const snapshot = interpretMidjourneyTask(task({ status: "done", percent: 100, error: "Banned prompt detected" }));
    expect(snapshot).toMatchObject({ state: "failed", error: "Banned prompt detected" });
  });

  it("takes the message out of an error object, and serialises any other shape", () => {
    expect(interpretMidjourneyTask(task({ error: { message: "Queue full", code: 7 } })).error).toBe("Queue full");
    expect(interpretMidjourneyTask(task({ error: { code: 7 } })).error).toBe('{"code":7}');
  });

  it("shortens a huge error text", () => {
    const snapshot = interpretMidjourneyTask(task({ error: "x".repeat(5000) }));
    expect(snapshot.error).toHaveLength(301);
    expect(snapshot.error?.endsWith("…")).toBe(true);
  });

  it("does not count an empty error string as a failure", () => {
    expect(interpretMidjourneyTask(task({ status: "done", percent: 100, error: "" })).state).toBe("done");
  });
});
