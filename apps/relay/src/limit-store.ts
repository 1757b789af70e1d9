/**
 * Where team-mode counters live. The relay keeps no state of its own: one instance uses the memory store, several
 * behind a load balancer share a Redis store. Both make each check-and-count a single atomic step, so concurrent
 * requests cannot slip past a limit together. Amounts are whole numbers (paid calls, or USD micros).
 */
export interface LimitStore {
  /** Counts one request in the window `key`; returns the count including this one. The window expires after `windowMs`. */
  countRequest(key: string, windowMs: number): Promise<number>;
  /**
   * Takes `amount` of the budget `key` if the total stays within `budget`; the counter expires after `ttlMs`.
   * `used` is the total taken afterwards (unchanged when refused).
   */
  reserve(key: string, budget: number, amount: number, ttlMs: number): Promise<{ granted: boolean; used: number }>;
  /** Gives back `amount` taken by `reserve` (the vendor refused the call, so nothing was charged). */
  release(key: string, amount: number): Promise<void>;
  /** Notes that `amount` taken from the budget `key` is held for `claim` (a generation) until it is settled. */
  hold(claim: string, key: string, amount: number, ttlMs: number): Promise<void>;
  /**
   * Settles `claim` once: its budget is charged `cost` instead of the amount held. False when there is no such claim
   * (settled already, by this instance or another, or never held), and then nothing changes.
   */
  settle(claim: string, cost: number): Promise<boolean>;
  close(): Promise<void>;
}

interface Entry {
  value: number;
  expiresAt: number;
}

interface Claim {
  key: string;
  amount: number;
  expiresAt: number;
}

/** Counters in this process; expired ones are dropped as they are met. */
export function memoryLimitStore(now: () => number = Date.now): LimitStore {
  const counters = new Map<string, Entry>();
  const claims = new Map<string, Claim>();
  const live = <T extends { expiresAt: number }>(map: Map<string, T>, key: string) => {
    const entry = map.get(key);
    if (entry !== undefined && entry.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = () => {
    for (const key of counters.keys()) live(counters, key);
    for (const key of claims.keys()) live(claims, key);
  };
  const counter = (key: string, ttlMs: number) => {
    if (counters.size + claims.size > 10_000) sweep();
    const entry = live(counters, key) ?? { value: 0, expiresAt: now() + ttlMs };
    counters.set(key, entry);
    return entry;
  };
  return {
    async countRequest(key, windowMs) {
      const entry = counter(key, windowMs);
      entry.value += 1;
      return entry.value;
    },
    async reserve(key, budget, amount, ttlMs) {
      const entry = counter(key, ttlMs);
      if (entry.value + amount > budget) return { granted: false, used: entry.value };
      entry.value += amount;
      return { granted: true, used: entry.value };
    },
    async release(key, amount) {
      const entry = live(counters, key);
      if (entry !== undefined) entry.value = Math.max(0, entry.value - amount);
    },
    async hold(claim, key, amount, ttlMs) {
      claims.set(claim, { key, amount, expiresAt: now() + ttlMs });
    },
    async settle(claim, cost) {
      const held = live(claims, claim);
      if (held === undefined) return false;
      claims.delete(claim);
      const entry = counter(held.key, Math.max(1, held.expiresAt - now()));
      entry.value = Math.max(0, entry.value + cost - held.amount);
      return true;
    },
    async close() {
      counters.clear();
      claims.clear();
    },
  };
}
