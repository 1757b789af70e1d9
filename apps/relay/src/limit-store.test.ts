import { describe, expect, it } from "vitest";
import { limitStoreContract } from "../test/limit-store-contract.js";
import { memoryLimitStore } from "./limit-store.js";

// The Redis store runs the same contract against a real redis-server in test/redis-limit-store.test.ts.
describe("memory limit store", () => {
  limitStoreContract(async () => memoryLimitStore());

  it("counts requests per window and forgets expired windows", async () => {
    let now = 0;
    const store = memoryLimitStore(() => now);
    expect(await store.countRequest("w", 1000)).toBe(1);
    expect(await store.countRequest("w", 1000)).toBe(2);
    now = 1000;
    expect(await store.countRequest("w", 1000)).toBe(1);
  });

  it("forgets expired budgets and claims", async () => {
    let now = 0;
    const store = memoryLimitStore(() => now);
    await store.reserve("b", 10, 8, 1000);
    await store.hold("claim", "b", 8, 500);
    now = 500;
    expect(await store.settle("claim", 1)).toBe(false);
    now = 1000;
    expect((await store.reserve("b", 10, 0, 1000)).used).toBe(0);
  });
});
