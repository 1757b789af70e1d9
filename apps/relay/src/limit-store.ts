/**
 * Where team-mode counters live. The relay keeps no state of its own: one instance uses the memory store, several
 * behind a load balancer share a Redis store. Both make each check-and-count a single atomic step, so concurrent
 * requests cannot slip past a limit together.
 */
export interface LimitStore {
  /** Counts one request in the window `key`; returns the count including this one. The window expires after `windowMs`. */
  countRequest(key: string, windowMs: number): Promise<number>;
  /** Takes one unit of the budget `key` if fewer than `budget` are used; the counter expires after `ttlMs`. */
  reserve(key: string, budget: number, ttlMs: number): Promise<boolean>;
  /** Gives back one unit taken by `reserve` (the vendor refused the call, so nothing was charged). */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Counters in this process; expired ones are dropped as they are met. */
export function memoryLimitStore(now: () => number = Date.now): LimitStore {
  const counters = new Map<string, { value: number; expiresAt: number }>();
  const live = (key: string) => {
    const entry = counters.get(key);
    if (entry !== undefined && entry.expiresAt <= now()) {
      counters.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = () => {
    for (const key of counters.keys()) live(key);
  };
  return {
    async countRequest(key, windowMs) {
      if (counters.size > 10_000) sweep();
      const entry = live(key) ?? { value: 0, expiresAt: now() + windowMs };
      entry.value += 1;
      counters.set(key, entry);
      return entry.value;
    },
    async reserve(key, budget, ttlMs) {
      const entry = live(key) ?? { value: 0, expiresAt: now() + ttlMs };
      if (entry.value >= budget) return false;
      entry.value += 1;
      counters.set(key, entry);
      return true;
    },
    async release(key) {
      const entry = live(key);
      if (entry !== undefined && entry.value > 0) entry.value -= 1;
    },
    async close() {
      counters.clear();
    },
  };
}
