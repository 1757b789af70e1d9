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
local amount = tonumber(ARGV[2])
if used + amount > tonumber(ARGV[1]) then return {0, used} end
used = redis.call('INCRBY', KEYS[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return {1, used}`;

const RELEASE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = math.min(used, tonumber(ARGV[1]))
if amount > 0 then redis.call('DECRBY', KEYS[1], string.format('%d', amount)) end
return 1`;

const HOLD = `
redis.call('HSET', KEYS[1], 'key', ARGV[1], 'amount', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

// The claim names its budget's key (which token, which day), so a generation read through any instance settles the
// budget of the token that submitted it. Deleting the claim in the same script makes the charge happen once.
const SETTLE = `
local key = redis.call('HGET', KEYS[1], 'key')
if not key then return 0 end
local held = tonumber(redis.call('HGET', KEYS[1], 'amount'))
local ttl = redis.call('PTTL', KEYS[1])
redis.call('DEL', KEYS[1])
local used = tonumber(redis.call('GET', key) or '0')
local settled = math.max(0, used + tonumber(ARGV[1]) - held)
redis.call('INCRBY', key, string.format('%d', settled - used))
if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, math.max(ttl, 1)) end
return 1`;

/** Counters shared by every relay instance that points at the same Redis (one server, not a Cluster). */
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
  const whole = (amount: number) => String(Math.round(amount));
  return {
    async countRequest(key, windowMs) {
      return Number(await client.eval(COUNT, { keys: [key], arguments: [String(windowMs)] }));
    },
    async reserve(key, budget, amount, ttlMs) {
      const [granted, used] = (await client.eval(RESERVE, {
        keys: [key],
        arguments: [whole(budget), whole(amount), String(ttlMs)],
      })) as [number, number];
      return { granted: Number(granted) === 1, used: Number(used) };
    },
    async release(key, amount) {
      await client.eval(RELEASE, { keys: [key], arguments: [whole(amount)] });
    },
    async hold(claim, key, amount, ttlMs) {
      await client.eval(HOLD, { keys: [claim], arguments: [key, whole(amount), String(ttlMs)] });
    },
    async settle(claim, cost) {
      return Number(await client.eval(SETTLE, { keys: [claim], arguments: [whole(cost)] })) === 1;
    },
    async close() {
      await client.close();
    },
  };
}
