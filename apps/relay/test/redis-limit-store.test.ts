import { afterAll, beforeAll, describe } from "vitest";
import { redisLimitStore } from "../src/redis-limit-store.js";
import { limitStoreContract } from "./limit-store-contract.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";

/** The Redis store's Lua scripts against a real redis-server: the same contract as the memory store. */
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

describe("Redis limit store", () => {
  limitStoreContract(() => redisLimitStore(redis.url));
});
