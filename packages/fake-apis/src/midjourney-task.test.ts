import { describe, expect, it } from "vitest";
import { NEVER_FINISH_PERCENT, type TaskTimeline, taskObject, taskPhase } from "./midjourney-task.js";

const timeline = (outcome: TaskTimeline["outcome"] = { kind: "done" }): TaskTimeline => ({
  createdAt: 1_000,
  durationMs: 1_000,
  runningStatus: "generating",
  outcome,
});

describe("taskPhase", () => {
  it("is idle with 0 % when created, as the documented creation response", () => {
    expect(taskPhase(timeline(), 1_000)).toEqual({ status: "idle", percent: 0, done: false, error: null });
  });

  it("reports the configured running status with percent rising, then done at 100 %", () => {
    const percents = [1_200, 1_500, 1_900].map((now) => taskPhase(timeline(), now));
    expect(percents.map((p) => p.status)).toEqual(["generating", "generating", "generating"]);
    expect(percents.map((p) => p.percent)).toEqual([20, 50, 90]);
    expect(taskPhase(timeline(), 2_000)).toEqual({ status: "done", percent: 100, done: true, error: null });
  });

  it("never finishes: percent stalls below 100 however long one waits", () => {
    const stalled = taskPhase(timeline({ kind: "never-finish" }), 1_000_000);
    expect(stalled).toMatchObject({ status: "generating", percent: NEVER_FINISH_PERCENT, done: false });
    expect(NEVER_FINISH_PERCENT).toBeLessThan(100);
  });

  it("fails halfway with the configured status and error object, and stays failed", () => {
    const outcome = { kind: "fails", status: "failed", error: { message: "banned prompt" } } as const;
    expect(taskPhase(timeline(outcome), 1_400).status).toBe("generating");
    for (const now of [1_500, 5_000]) {
      expect(taskPhase(timeline(outcome), now)).toEqual({
        status: "failed",
        percent: 50,
        done: false,
        error: { message: "banned prompt" },
      });
    }
  });
});

describe("taskObject", () => {
  const task = { id: "6558a19c0bfe4600011437cd", parentId: null, type: "imagine" as const, generationsCharged: 1 };

  it("hides the result and the actions until the task is done", () => {
    const running = taskObject(task, taskPhase(timeline(), 1_500), "http://img/x");
    expect(running).toMatchObject({ result: null, actions: [], percent: 50 });
    const done = taskObject(task, taskPhase(timeline(), 2_000), "http://img/x");
    expect(done.result).toBe("http://img/x");
    expect(done.actions).toContain("upsamle_1");
  });

  it("lists the seed's upsample actions for a finished upsample, and counts charged generations as cost", () => {
    const upsample = { ...task, type: "upsample" as const, generationsCharged: 0 };
    const done = taskObject(upsample, taskPhase(timeline(), 2_000), "http://img/y");
    expect(done.actions).toEqual(expect.arrayContaining(["high_variation", "low_variation", "pan_down"]));
    expect(done.usage.total_cost).toBe(0);
    expect(taskObject(task, taskPhase(timeline(), 2_000), null).usage.total_cost).toBe(1);
  });
});
