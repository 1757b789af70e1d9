import { createClient } from "redis";
import type { LimitStore } from "./limit-store.js";

// Lua runs atomically in Redis: check and count cannot interleave across relay instances.
// PTTL < 0 instead of PEXPIRE's NX flag keeps Redis 6 working.
const COUNT = `
local value = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return value`;

const RESERVE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

const RELEASE = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 1`;

/** Counters shared by every relay instance that points at the same Redis. */
export async function redisLimitStore(url: string): Promise<LimitStore> {
  const client = createClient({
    url,
    // A relay without its limit store must fail requests, not queue them until Redis returns.
    disableOfflineQueue: true,
    socket: { connectTimeout: 5_000, reconnectStrategy: (retries) => Math.min(retries * 200, 2_000) },
  });
  // Without a listener, a dropped connection would crash the process; requests fail while it reconnects.
  client.on("error", () => {});
  await client.connect();
  return {
    async countRequest(key, windowMs) {
      return Number(await client.eval(COUNT, { keys: [key], arguments: [String(windowMs)] }));
    },
    async reserve(key, budget, ttlMs) {
      return Number(await client.eval(RESERVE, { keys: [key], arguments: [String(budget), String(ttlMs)] })) === 1;
    },
    async release(key) {
      await client.eval(RELEASE, { keys: [key] });
    },
    async close() {
      await client.close();
    },
  };
}
