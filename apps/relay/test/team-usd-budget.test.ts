import { createIdeogramV2Client } from "@upscale/core";
import { ApiError } from "@upscale/core/provider-kit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { NodeRelay } from "../src/node-server.js";
import { bearer, postV2, readGeneration, settledGeneration } from "./ideogram-v2-requests.js";
import { makePng } from "./png-fixture.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";
import { type RelayStack, startRelayStack } from "./relay-stack.js";

/**
 * Team mode's dollar budget for Ideogram v2: each billed upscale is quoted first (free), refused with 402 before it
 * is sent when the quote's upper bound does not fit what is left of the token's day, and charged its real cost once
 * the generation completes — on one instance, and on two sharing a real redis-server.
 *
 * The fake's prices (its README): `auto` costs $0.01 for an output up to 1 MP and is quoted up to $0.03 (it may
 * pick a dearer model); `topaz-standard-2` is quoted exactly, $0.01. Nano Banana Pro at 4K is quoted up to about
 * $0.67, more than any budget here: `spentToday` sends one to read, from the refusal, what the token has spent.
 */
const SCENARIO = { task: { durationMs: 300 }, ideogram: { generationMs: 200 } };
const TOKENS = Array.from({ length: 10 }, (_, i) => `token-usd-${i}-0123456789abcdef`);
const token = (() => {
  let next = 0;
  return () => TOKENS[next++] ?? "";
})();
let stack: RelayStack;
let redis: RedisServer;
let relay: NodeRelay;

const teamEnv = (extra: Record<string, string> = {}) => ({
  RELAY_TOKENS: TOKENS.join(","),
  GPTUNNEL_API_KEY: stack.fake.keys.gptunnel,
  IDEOGRAM_API_KEY: stack.fake.keys.ideogram,
  RELAY_RATE_PER_MINUTE: "1000",
  RELAY_DAILY_BUDGET_USD: "0.10",
  ...extra,
});

/** What the token has spent or holds today, as the relay's refusal of a too-dear upscale states it. */
async function spentToday(at: NodeRelay, secret: string): Promise<string> {
  const billedBefore = stack.fake.stats.count("upscale-v2");
  const probe = await postV2(at.url, "nano-banana-pro", bearer(secret), { fields: { resolution_tier: "4K" } });
  expect(probe.status).toBe(402);
  const body = await probe.json();
  expect(body.reject_reason).toBe("daily_limit");
  expect(stack.fake.stats.count("upscale-v2")).toBe(billedBefore);
  return /(\$[\d.]+) is spent or held today/.exec(body.detail)?.[1] ?? body.detail;
}

const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(2)}`;
const billedTotal = () => stack.fake.stats.billed.reduce((sum, generation) => sum + generation.usdMicros, 0);

async function submit(at: NodeRelay, secret: string, model = "auto"): Promise<string> {
  const response = await postV2(at.url, model, bearer(secret), { fields: { async: "true" } });
  expect(response.status).toBe(200);
  return (await response.json()).generation_id;
}

beforeAll(async () => {
  stack = await startRelayStack({ scenario: SCENARIO });
  redis = await startRedisServer();
  relay = await stack.startRelay(teamEnv());
});
afterAll(async () => {
  await Promise.allSettled([stack?.close(), redis?.stop()]);
});
beforeEach(() => {
  stack.fake.setScenario(SCENARIO);
  stack.fake.stats.reset();
});
afterEach(() => {
  for (const line of stack.logs) {
    for (const secret of [...TOKENS, stack.fake.keys.gptunnel, stack.fake.keys.ideogram])
      expect(line).not.toContain(secret);
  }
  expect(stack.fake.stats.keyLeaks).toBe(0);
});

describe("a token's daily budget in dollars, one instance", () => {
  it("never charges a quote", async () => {
    const secret = token();
    for (let i = 0; i < 5; i++) {
      const quote = await postV2(relay.url, "topaz-redefine", bearer(secret), { query: "?dry_run=true" });
      expect(quote.status).toBe(200);
      expect((await quote.json()).object).toBe("price_quote");
    }
    expect(await spentToday(relay, secret)).toBe("$0.00");
    expect(stack.fake.stats.count("upscale-v2")).toBe(0);
    expect(stack.fake.stats.billed).toEqual([]);
  });

  it("holds the quote's upper bound, then charges the real cost once the generation is read completed — once", async () => {
    const secret = token();
    const id = await submit(relay, secret);
    // The relay quoted it first: one free quote, then the billed call.
    expect(stack.fake.stats.log.filter((e) => e.server === "api").map((e) => e.endpoint)).toEqual([
      "quote",
      "upscale-v2",
    ]);
    expect(await spentToday(relay, secret)).toBe("$0.03");
    const generation = await settledGeneration(relay.url, id, bearer(secret));
    expect(generation.status).toBe("completed");
    expect(generation.usage_cost_usd_micros).toBe(10_000);
    expect(await spentToday(relay, secret)).toBe(usd(billedTotal()));
    expect(billedTotal()).toBe(10_000);
    // Read again, by another token of the team too: charged once, to the token that submitted it.
    for (const reader of [secret, secret, token()]) {
      expect((await readGeneration(relay.url, id, bearer(reader))).status).toBe(200);
    }
    expect(await spentToday(relay, secret)).toBe("$0.01");
  });

  it("refuses with 402 before any billed request reaches Ideogram, and takes calls again once costs are known", async () => {
    const secret = token();
    const ids = [await submit(relay, secret), await submit(relay, secret), await submit(relay, secret)];
    expect(stack.fake.stats.count("upscale-v2")).toBe(3);
    // $0.09 held; another may cost up to $0.03, which does not fit in $0.10.
    const client = createIdeogramV2Client({ apiKey: secret, style: "relay", baseUrl: `${relay.url}/ideogram` });
    const refused = await client.submitUpscale(makePng(16, 16)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe("INSUFFICIENT_BALANCE");
    expect((refused as ApiError).message).toContain(
      "daily budget of $0.10 for Ideogram is too small for this upscale: $0.09 is spent or held today",
    );
    expect(stack.fake.stats.count("upscale-v2")).toBe(3);
    expect(stack.fake.stats.count("quote")).toBe(4);

    for (const id of ids) await settledGeneration(relay.url, id, bearer(secret));
    expect(await spentToday(relay, secret)).toBe("$0.03");
    const { generationId } = await client.submitUpscale(makePng(16, 16));
    let generation = await client.generation(generationId);
    while (generation.status === "pending") {
      await new Promise((resolve) => setTimeout(resolve, 50));
      generation = await client.generation(generationId);
    }
    expect(generation.costUsdMicros).toBe(10_000);
    expect(await spentToday(relay, secret)).toBe("$0.04");
    expect(stack.fake.stats.count("upscale-v2")).toBe(4);
  });

  it("charges a synchronous upscale its real cost at once (the relay reads its generation, for free)", async () => {
    const secret = token();
    const response = await postV2(relay.url, "auto", bearer(secret));
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer.data[0].url.startsWith(`${relay.url}/images/`)).toBe(true);
    expect(stack.fake.stats.count("generation")).toBe(1);
    expect(await spentToday(relay, secret)).toBe("$0.01");
    expect(billedTotal()).toBe(10_000);
  });

  it("charges nothing for a failed generation, and what Ideogram billed for one its safety check withheld", async () => {
    const secret = token();
    stack.fake.setScenario({
      ...SCENARIO,
      faults: [
        { endpoint: "upscale-v2", on: { requests: [1] }, fault: { kind: "generation-fails", reason: "no" } },
        { endpoint: "upscale-v2", on: { requests: [2] }, fault: { kind: "unsafe", mode: "flag" } },
      ],
    });
    const failed = await settledGeneration(relay.url, await submit(relay, secret, "topaz-standard-2"), bearer(secret));
    expect(failed).toMatchObject({ status: "failed", failure_reason: "no" });
    expect(await spentToday(relay, secret)).toBe("$0.00");
    const withheld = await settledGeneration(
      relay.url,
      await submit(relay, secret, "topaz-standard-2"),
      bearer(secret),
    );
    expect(withheld.data[0]).toMatchObject({ is_image_safe: false, url: null });
    expect(stack.fake.stats.billed).toMatchObject([{ withheld: true, usdMicros: 10_000 }]);
    expect(await spentToday(relay, secret)).toBe("$0.01");
  });

  it("gives the amount back when Ideogram refuses the call, and passes a refused quote on without sending the call", async () => {
    const secret = token();
    stack.fake.setScenario({
      ...SCENARIO,
      faults: [{ endpoint: "upscale-v2", fault: { kind: "status", status: 402, retryAfter: 3 } }],
    });
    const refused = await postV2(relay.url, "auto", bearer(secret), { fields: { async: "true" } });
    expect(refused.status).toBe(402);
    expect(refused.headers.get("retry-after")).toBe("3");
    expect(await spentToday(relay, secret)).toBe("$0.00");

    stack.fake.stats.reset();
    // Topaz Wonder 4 offers no ×8: Ideogram's quote says so, and that is the client's answer.
    const invalid = await postV2(relay.url, "topaz-wonder-4", bearer(secret), { fields: { upscale_factor: "x8" } });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).detail).toMatch(/upscale_factor/);
    expect(stack.fake.stats.count("quote")).toBe(1);
    expect(stack.fake.stats.count("upscale-v2")).toBe(0);
  });

  it("with a budget of $0 quotes still work, and no billed call is sent", async () => {
    const closed = await stack.startRelay(teamEnv({ RELAY_DAILY_BUDGET_USD: "0" }));
    try {
      const secret = token();
      expect((await postV2(closed.url, "auto", bearer(secret), { query: "?dry_run=true" })).status).toBe(200);
      const refused = await postV2(closed.url, "topaz-standard-2", bearer(secret));
      expect(refused.status).toBe(402);
      expect((await refused.json()).detail).toContain("daily budget of $0.00");
      expect(stack.fake.stats.count("upscale-v2")).toBe(0);
    } finally {
      await closed.close();
    }
  });
});

describe("a token's daily budget in dollars, two instances sharing one Redis", () => {
  let a: NodeRelay;
  let b: NodeRelay;
  beforeAll(async () => {
    const env = teamEnv({ REDIS_URL: redis.url, RELAY_SIGNING_SECRET: "a-shared-secret-for-every-instance-0123" });
    a = await stack.startRelay(env);
    b = await stack.startRelay(env);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("lets exactly what fits through when ten billed calls race through both instances", async () => {
    const secret = token();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        postV2(i % 2 ? a.url : b.url, "auto", bearer(secret), { fields: { async: "true" } }).then(async (r) => ({
          status: r.status,
          id: (await r.json()).generation_id as string | undefined,
        })),
      ),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(3);
    expect(answers.filter((r) => r.status === 402)).toHaveLength(7);
    expect(stack.fake.stats.count("upscale-v2")).toBe(3);
    expect(await spentToday(b, secret)).toBe("$0.09");
    for (const [i, { id }] of answers.entries()) {
      if (id !== undefined) await settledGeneration((i % 2 ? b : a).url, id, bearer(secret));
    }
    expect(await spentToday(a, secret)).toBe(usd(billedTotal()));
    expect(billedTotal()).toBe(30_000);
  });

  it("charges a generation submitted through one instance once, when it is read completed through either", async () => {
    const secret = token();
    const id = await submit(a, secret);
    expect(await spentToday(b, secret)).toBe("$0.03");
    const generation = await settledGeneration(b.url, id, bearer(secret));
    // The link another instance signed works on this one (one RELAY_SIGNING_SECRET).
    expect((await fetch(generation.data[0].url.replace(b.url, a.url))).status).toBe(200);
    await Promise.all([a, b, a, b].map((at) => readGeneration(at.url, id, bearer(secret))));
    expect(await spentToday(a, secret)).toBe("$0.01");
    expect(billedTotal()).toBe(10_000);
  });
});
