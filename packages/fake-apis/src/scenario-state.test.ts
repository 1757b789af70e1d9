import { describe, expect, it } from "vitest";
import type { FaultRule, Scenario } from "./scenario.js";
import { ScenarioState } from "./scenario-state.js";

const status503: FaultRule["fault"] = { kind: "status", status: 503 };

function hits(state: ScenarioState, endpoint: "result" | "imagine", n: number): boolean[] {
  return Array.from({ length: n }, () => state.plan(endpoint).response !== undefined);
}

describe("ScenarioState.plan", () => {
  it("numbers requests per endpoint from 1", () => {
    const state = new ScenarioState({ faults: [{ endpoint: "result", on: { requests: [2, 4] }, fault: status503 }] });
    state.plan("imagine");
    expect(hits(state, "result", 5)).toEqual([false, true, false, true, false]);
  });

  it('numbers "*" rules across every endpoint', () => {
    const state = new ScenarioState({ faults: [{ endpoint: "*", on: { requests: [2] }, fault: status503 }] });
    expect(state.plan("imagine").response).toBeUndefined();
    expect(state.plan("result").response).toEqual(status503);
  });

  it("gives the same faults for the same seed and request order, and others for another seed", () => {
    const scenario = (seed: number): Scenario => ({
      seed,
      faults: [{ endpoint: "result", on: { probability: 0.3 }, fault: status503 }],
    });
    const a = hits(new ScenarioState(scenario(7)), "result", 200);
    expect(hits(new ScenarioState(scenario(7)), "result", 200)).toEqual(a);
    expect(hits(new ScenarioState(scenario(8)), "result", 200)).not.toEqual(a);
    const share = a.filter(Boolean).length / a.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.45);
  });

  it("adds latencies, keeps the first response fault, and lists every match", () => {
    const state = new ScenarioState({
      faults: [
        { endpoint: "imagine", fault: { kind: "latency", ms: 10 } },
        { endpoint: "*", fault: { kind: "latency", ms: 5 } },
        { endpoint: "imagine", fault: { kind: "truncated" } },
        { endpoint: "imagine", fault: status503 },
        { endpoint: "*", fault: { kind: "never-finish" } },
      ],
    });
    expect(state.plan("imagine")).toEqual({
      latencyMs: 15,
      response: { kind: "truncated" },
      task: { kind: "never-finish" },
      faults: ["latency", "latency", "truncated", "status", "never-finish"],
    });
    expect(state.plan("result").task).toBeUndefined();
  });

  it("starts numbering, the generator and the balance afresh on set()", () => {
    const state = new ScenarioState({
      balance: 1,
      faults: [{ endpoint: "result", on: { requests: [1] }, fault: status503 }],
    });
    expect(hits(state, "result", 2)).toEqual([true, false]);
    expect(state.charge(1)).toBe(true);
    expect(state.charge(1)).toBe(false);
    state.set({ balance: 1, faults: [{ endpoint: "result", on: { requests: [1] }, fault: status503 }] });
    expect(hits(state, "result", 1)).toEqual([true]);
    expect(state.charge(1)).toBe(true);
  });
});

describe("Ideogram funds", () => {
  it("sets funds aside, gives them back, and keeps the day's spend under its limit", () => {
    const state = new ScenarioState({ ideogram: { fundsUsdMicros: 100, dailyLimitUsdMicros: 80 } });
    expect(state.reserveIdeogram(60)).toBe("ok");
    expect(state.reserveIdeogram(30)).toBe("daily_limit");
    state.refundIdeogram(60);
    expect(state.reserveIdeogram(80)).toBe("ok");
    expect(state.reserveIdeogram(30)).toBe("insufficient_funds");
    state.set({});
    expect(state.reserveIdeogram(1e12)).toBe("ok");
  });
});

describe("scenario validation", () => {
  it.each<[string, Scenario, RegExp]>([
    [
      "a task fault on a non-task endpoint",
      { faults: [{ endpoint: "result", fault: { kind: "never-finish" } }] },
      /"imagine", "upsample", "variation", "upscale-v2"/,
    ],
    [
      "unsafe outside upscale",
      { faults: [{ endpoint: "imagine", fault: { kind: "unsafe", mode: "flag" } }] },
      /"upscale", "upscale-v2"/,
    ],
    [
      "a generation fault outside upscale-v2",
      { faults: [{ endpoint: "upscale", fault: { kind: "generation-fails" } }] },
      /"upscale-v2"/,
    ],
    [
      "a probability above 1",
      { faults: [{ endpoint: "result", on: { probability: 2 }, fault: status503 }] },
      /probability/,
    ],
    [
      "request number 0",
      { faults: [{ endpoint: "result", on: { requests: [0] }, fault: status503 }] },
      /request numbers/,
    ],
    ["status 42", { faults: [{ endpoint: "result", fault: { kind: "status", status: 42 } }] }, /HTTP status/],
    ["a negative balance", { balance: -1 }, /balance/],
    ["a negative duration", { task: { durationMs: -5 } }, /durationMs/],
    ["a negative generation time", { ideogram: { generationMs: -1 } }, /generationMs/],
    ["negative funds", { ideogram: { fundsUsdMicros: -1 } }, /fundsUsdMicros/],
    ["a negative daily limit", { ideogram: { dailyLimitUsdMicros: -1 } }, /dailyLimitUsdMicros/],
    ["a negative credit limit", { account: { creditLimit: -1 } }, /creditLimit/],
    ["a balance that is no number", { account: { balance: Number.NaN } }, /account.balance/],
    [
      "an unknown orientation mode (from a JSON file)",
      { upscaler: { orientation: "rotate" } } as unknown as Scenario,
      /upscaler.orientation must be "ignore" or "apply", got "rotate"/,
    ],
    ["an unknown alpha mode", { upscaler: { alpha: "lose" } } as unknown as Scenario, /upscaler.alpha/],
  ])("rejects %s, saying what to change", (_, scenario, message) => {
    expect(() => new ScenarioState(scenario)).toThrow(message);
  });
});
