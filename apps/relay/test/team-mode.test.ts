import { createIdeogramClient, createMidjourneyClient, waitForMidjourneyImage } from "@upscale/core";
import { ApiError } from "@upscale/core/provider-kit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NodeRelay } from "../src/node-server.js";
import { rawRequest, startLoopbackServer } from "./loopback-server.js";
import { makePng } from "./png-fixture.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";
import { type RelayStack, startRelayStack } from "./relay-stack.js";

/**
 * Team mode: the relay holds the vendor keys, clients use relay tokens with a per-minute rate and a daily budget
 * of paid calls. First one instance with its memory store, then two instances sharing a real redis-server.
 */
const TOKENS = ["token-alice-0123456789", "token-bob-0123456789ab", "token-carol-0123456789", "token-dave-0123456789a"];
const [ALICE = "", BOB = "", CAROL = "", DAVE = ""] = TOKENS;
let stack: RelayStack;
let redis: RedisServer;

const teamEnv = (fake: RelayStack["fake"], extra: Record<string, string> = {}) => ({
  RELAY_TOKENS: TOKENS.join(","),
  GPTUNNEL_API_KEY: fake.keys.gptunnel,
  IDEOGRAM_API_KEY: fake.keys.ideogram,
  RELAY_RATE_PER_MINUTE: "1000",
  RELAY_DAILY_BUDGET: "2",
  ...extra,
});

const imagine = (relay: NodeRelay, token: string) =>
  fetch(`${relay.url}/v1/midjourney/imagine`, {
    method: "POST",
    headers: { authorization: token, "content-type": "application/json" },
    body: JSON.stringify({ prompt: "a fox" }),
  });

beforeAll(async () => {
  stack = await startRelayStack({ env: {} });
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.allSettled([stack?.close(), redis?.stop()]);
});
afterEach(() => {
  for (const line of stack.logs) {
    for (const secret of [...TOKENS, stack.fake.keys.gptunnel, stack.fake.keys.ideogram])
      expect(line).not.toContain(secret);
  }
  expect(stack.fake.stats.keyLeaks).toBe(0);
});

describe("team mode, one instance", () => {
  let relay: NodeRelay;
  beforeAll(async () => {
    relay = await stack.startRelay(teamEnv(stack.fake, { RELAY_DAILY_BUDGET: "2" }));
  });

  it("refuses a missing or unknown token, and never forwards a vendor key sent instead of one", async () => {
    stack.fake.stats.reset();
    for (const authorization of [undefined, "not-a-token-at-all", stack.fake.keys.gptunnel]) {
      const response = await fetch(`${relay.url}/v1/midjourney/result?taskId=${"a".repeat(24)}`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.status).toBe(401);
      expect((await response.json()).error.type).toBe("unauthorized_request_error");
    }
    const ideogram = await fetch(`${relay.url}/ideogram/upscale`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${stack.fake.keys.ideogram}`,
        "content-type": "multipart/form-data; boundary=x",
      },
      body: "--x--",
    });
    expect(ideogram.status).toBe(401);
    expect(typeof (await ideogram.json()).detail).toBe("string");
    expect(stack.fake.stats.log).toEqual([]);
  });

  it("authenticates every request before looking at anything else: no valid token, only 401", async () => {
    stack.fake.stats.reset();
    // Each request is wrong in some other way too; with a valid token the relay says how (second column).
    const requests: [string, string, Record<string, string>, number][] = [
      ["GET", "/v1/midjourney/result?taskId=not-a-task-id", {}, 400],
      ["GET", "/v1/midjourney/result", {}, 400],
      ["POST", "/ideogram/upscale", { "content-type": "text/plain" }, 400],
      [
        "POST",
        "/ideogram/upscale",
        { "content-type": "multipart/form-data; boundary=x", "content-length": "11000000" },
        413,
      ],
      ["POST", "/v1/midjourney/imagine", { "content-type": "application/json", "content-length": "100000" }, 413],
      ["GET", "/ideogram/upscale", {}, 405],
      ["POST", "/v1/midjourney/result", {}, 405],
      ["GET", "/admin", {}, 404],
    ];
    const send = (method: string, path: string, headers: Record<string, string>, auth: Record<string, string>) =>
      rawRequest(
        relay.url,
        [`${method} ${path} HTTP/1.1`, "Host: relay"]
          .concat(Object.entries({ ...headers, ...auth }).map(([name, value]) => `${name}: ${value}`))
          .join("\r\n"),
      );
    const tokenIn = (path: string, token: string) =>
      path.startsWith("/v1/") ? { authorization: token } : { authorization: `Bearer ${token}` };
    for (const [method, path, headers, withToken] of requests) {
      for (const auth of [{}, tokenIn(path, "not-a-relay-token-0123"), tokenIn(path, stack.fake.keys.gptunnel)]) {
        const { status, text } = await send(method, path, headers, auth);
        expect({ method, path, status }).toEqual({ method, path, status: 401 });
        expect(text).toMatch(/relay token/);
      }
      expect((await send(method, path, headers, tokenIn(path, CAROL))).status).toBe(withToken);
    }
    expect(stack.fake.stats.log).toEqual([]);
  });

  it("runs the core's clients with a relay token; the relay sends the team's keys", async () => {
    const ideogram = createIdeogramClient({ apiKey: ALICE, style: "relay", baseUrl: `${relay.url}/ideogram` });
    const upscaled = await ideogram.upscale(makePng(16, 16));
    expect((await ideogram.download(upscaled.image.url)).width).toBe(32);

    const midjourney = createMidjourneyClient({ apiKey: ALICE, baseUrl: `${relay.url}/v1/midjourney` });
    // Budget 2: the upscale and this imagine. The many status reads while waiting are not paid calls.
    const grid = await midjourney.imagine("a lighthouse");
    await waitForMidjourneyImage(midjourney, grid.id);
    const quadrant = await midjourney.upsample(grid.id, 1); // free, as the core marks it
    await waitForMidjourneyImage(midjourney, quadrant.id);
    expect(stack.fake.stats.count("result", "GET")).toBeGreaterThanOrEqual(2);

    const refused = await midjourney.imagine("one too many").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe("INSUFFICIENT_BALANCE");
    expect((refused as ApiError).message).toContain("daily budget of 2 paid calls");
    expect(stack.fake.stats.count("imagine", "POST")).toBe(1);
    const ideogramRefused = await ideogram.upscale(makePng(8, 8)).catch((error: unknown) => error);
    expect((ideogramRefused as ApiError).code).toBe("INSUFFICIENT_BALANCE");
  });

  it("gives the budget back when the vendor refuses a paid call", async () => {
    stack.fake.setScenario({
      faults: [{ endpoint: "imagine", on: { requests: [1] }, fault: { kind: "status", status: 402 } }],
    });
    try {
      expect((await imagine(relay, BOB)).status).toBe(402); // the vendor's own refusal, passed through
      expect((await imagine(relay, BOB)).status).toBe(200);
      expect((await imagine(relay, BOB)).status).toBe(200);
      expect((await imagine(relay, BOB)).status).toBe(402);
    } finally {
      stack.fake.setScenario({ task: { durationMs: 300 } });
    }
  });

  it("limits the request rate per token with a 429 and Retry-After", async () => {
    const limited = await stack.startRelay(
      teamEnv(stack.fake, { RELAY_RATE_PER_MINUTE: "3" }),
      {},
      { now: () => 1_800_000_030_000 },
    );
    try {
      const read = () =>
        fetch(`${limited.url}/v1/midjourney/result?taskId=${"a".repeat(24)}`, { headers: { authorization: CAROL } });
      for (let i = 0; i < 3; i++) expect((await read()).status).not.toBe(429);
      const refused = await read();
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("30");
      expect((await refused.json()).error.message).toMatch(/3 a minute/);
      // Another token has its own allowance.
      const other = await fetch(`${limited.url}/v1/midjourney/result?taskId=${"a".repeat(24)}`, {
        headers: { authorization: DAVE },
      });
      expect(other.status).not.toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe("team mode, what the vendor says back", () => {
  it("cuts the team's key out of a vendor answer that echoes it", async () => {
    const vendor = await startLoopbackServer((req, res) =>
      res.writeHead(401, { "content-type": "application/json" }).end(
        JSON.stringify({
          error: { message: `Key ${req.headers.authorization} is not valid`, type: "unauthorized_request_error" },
        }),
      ),
    );
    const relay = await stack.startRelay(teamEnv(stack.fake, { RELAY_GPTUNNEL_URL: vendor.origin }));
    try {
      const response = await imagine(relay, ALICE);
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(text).toContain("Key [redacted] is not valid");
      expect(text).not.toContain(stack.fake.keys.gptunnel);
      expect(vendor.seen[0]?.headers.authorization).toBe(stack.fake.keys.gptunnel);
    } finally {
      await relay.close();
      await vendor.close();
    }
  });
});

describe("team mode, two instances sharing one Redis", () => {
  it("refuses with 503 instead of forwarding unmetered when Redis is gone", async () => {
    const own = await startRedisServer();
    const relay = await stack.startRelay(teamEnv(stack.fake, { REDIS_URL: own.url }));
    try {
      expect((await imagine(relay, DAVE)).status).toBe(200);
      await own.stop();
      stack.fake.stats.reset();
      const refused = await imagine(relay, DAVE);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("5");
      expect((await refused.json()).error.message).toMatch(/limit store/);
      expect(stack.fake.stats.count("imagine")).toBe(0);
    } finally {
      await relay.close();
      await own.stop();
    }
  });

  it("holds the daily budget across instances, also under concurrent requests", async () => {
    const env = teamEnv(stack.fake, { RELAY_DAILY_BUDGET: "3", REDIS_URL: redis.url });
    const a = await stack.startRelay(env);
    const b = await stack.startRelay(env);
    try {
      expect(a.banner.join("\n")).toContain("limits in Redis");
      expect((await imagine(a, ALICE)).status).toBe(200);
      expect((await imagine(b, ALICE)).status).toBe(200);
      expect((await imagine(a, ALICE)).status).toBe(200);
      expect((await imagine(b, ALICE)).status).toBe(402);
      // Ten at once, five through each instance: exactly the budget gets through.
      const statuses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => imagine(i % 2 ? a : b, BOB).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(3);
      expect(statuses.filter((s) => s === 402)).toHaveLength(7);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("holds the request rate across instances", async () => {
    const env = teamEnv(stack.fake, { RELAY_RATE_PER_MINUTE: "4", REDIS_URL: redis.url });
    const clock = { now: () => 1_800_000_000_000 };
    const a = await stack.startRelay(env, {}, clock);
    const b = await stack.startRelay(env, {}, clock);
    try {
      const read = (relay: NodeRelay) =>
        fetch(`${relay.url}/v1/midjourney/result?taskId=${"a".repeat(24)}`, { headers: { authorization: CAROL } }).then(
          (r) => r.status,
        );
      const statuses = [await read(a), await read(b), await read(a), await read(b), await read(a), await read(b)];
      expect(statuses.map((s) => s === 429)).toEqual([false, false, false, false, true, true]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
