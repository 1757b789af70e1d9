import { describe, expect, it } from "vitest";
import { memoryLimitStore } from "./limit-store.js";

// The Redis store runs the same contract against a real redis-server in test/team-mode.test.ts.
describe("memory limit store", () => {
  it("counts requests per window and forgets expired windows", async () => {
    let now = 0;
    const store = memoryLimitStore(() => now);
    expect(await store.countRequest("w", 1000)).toBe(1);
    expect(await store.countRequest("w", 1000)).toBe(2);
    now = 1000;
    expect(await store.countRequest("w", 1000)).toBe(1);
  });

  it("reserves up to the budget and takes releases back", async () => {
    const store = memoryLimitStore();
    expect(await store.reserve("b", 2, 60_000)).toBe(true);
    expect(await store.reserve("b", 2, 60_000)).toBe(true);
    expect(await store.reserve("b", 2, 60_000)).toBe(false);
    await store.release("b");
    expect(await store.reserve("b", 2, 60_000)).toBe(true);
    await store.close();
  });
});
