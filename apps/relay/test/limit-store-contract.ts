import { expect, it } from "vitest";
import type { LimitStore } from "../src/limit-store.js";

/** What every limit store must do; run against the memory store and a real redis-server. */
export function limitStoreContract(open: () => Promise<LimitStore>): void {
  const withStore = (test: (store: LimitStore, key: (name: string) => string) => Promise<void>) => async () => {
    const store = await open();
    // Fresh keys per test: a shared Redis keeps what earlier tests left.
    const prefix = `contract:${Math.random().toString(36).slice(2)}:`;
    try {
      await test(store, (name) => `${prefix}${name}`);
    } finally {
      await store.close();
    }
  };

  it(
    "reserves amounts up to the budget, reports what is used, and takes releases back",
    withStore(async (store, key) => {
      expect(await store.reserve(key("b"), 10, 4, 60_000)).toEqual({ granted: true, used: 4 });
      expect(await store.reserve(key("b"), 10, 6, 60_000)).toEqual({ granted: true, used: 10 });
      expect(await store.reserve(key("b"), 10, 1, 60_000)).toEqual({ granted: false, used: 10 });
      await store.release(key("b"), 6);
      expect(await store.reserve(key("b"), 10, 7, 60_000)).toEqual({ granted: false, used: 4 });
      expect(await store.reserve(key("b"), 10, 6, 60_000)).toEqual({ granted: true, used: 10 });
      // A release never takes the counter below zero.
      await store.release(key("b"), 50);
      expect(await store.reserve(key("b"), 10, 0, 60_000)).toEqual({ granted: true, used: 0 });
    }),
  );

  it(
    "settles a held amount once, to the real cost, and ignores unknown or settled claims",
    withStore(async (store, key) => {
      await store.reserve(key("usd"), 100, 30, 60_000);
      await store.reserve(key("usd"), 100, 20, 60_000);
      await store.hold(key("claim-a"), key("usd"), 30, 60_000);
      await store.hold(key("claim-b"), key("usd"), 20, 60_000);
      expect(await store.settle(key("claim-a"), 12)).toBe(true);
      expect(await store.settle(key("claim-a"), 12)).toBe(false);
      expect((await store.reserve(key("usd"), 100, 0, 60_000)).used).toBe(32);
      // A failed generation costs nothing: its whole hold comes back.
      expect(await store.settle(key("claim-b"), 0)).toBe(true);
      expect((await store.reserve(key("usd"), 100, 0, 60_000)).used).toBe(12);
      expect(await store.settle(key("never-held"), 99)).toBe(false);
      expect((await store.reserve(key("usd"), 100, 0, 60_000)).used).toBe(12);
    }),
  );

  it(
    "lets exactly one of many concurrent settlements of a claim charge it",
    withStore(async (store, key) => {
      await store.reserve(key("usd"), 1000, 100, 60_000);
      await store.hold(key("claim"), key("usd"), 100, 60_000);
      const settled = await Promise.all(Array.from({ length: 8 }, () => store.settle(key("claim"), 40)));
      expect(settled.filter(Boolean)).toHaveLength(1);
      expect((await store.reserve(key("usd"), 1000, 0, 60_000)).used).toBe(40);
    }),
  );

  it(
    "never lets concurrent reservations past the budget together",
    withStore(async (store, key) => {
      const results = await Promise.all(Array.from({ length: 10 }, () => store.reserve(key("c"), 25, 10, 60_000)));
      expect(results.filter((r) => r.granted)).toHaveLength(2);
    }),
  );
}
