import { createIdeogramV2Client, createMidjourneyClient } from "@upscale/core";
import { readImageInfo } from "@upscale/core/provider-kit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadRelayConfig } from "../src/index.js";
import { bearer, postV2, readGeneration, settledGeneration, v2Form } from "./ideogram-v2-requests.js";
import { type LoopbackServer, rawRequest, startLoopbackServer } from "./loopback-server.js";
import { makePng } from "./png-fixture.js";
import { type RelayStack, startRelayStack } from "./relay-stack.js";

/**
 * Ideogram's v2 upscale, its quotes and generations, and GPTunnel's balance, through the relay in pass-through mode
 * in front of the fake vendors: each route, and each "not an open proxy" rule for them. `bystander` is a host nobody
 * should reach through the relay.
 */
const SCENARIO = { task: { durationMs: 300 }, ideogram: { generationMs: 200 } };
const ALLOWED_UPSTREAM_PATHS = [
  "/upscale",
  "/v1/balance",
  ...["imagine", "result", "upsample", "variation"].map((op) => `/v1/midjourney/${op}`),
];
let stack: RelayStack;
let bystander: LoopbackServer;
const ideogramKey = () => bearer(stack.fake.keys.ideogram);
const official = () => ({ "api-key": stack.fake.keys.ideogram });

beforeAll(async () => {
  bystander = await startLoopbackServer();
  stack = await startRelayStack({ scenario: SCENARIO });
});
afterAll(async () => {
  await stack.close();
  await bystander.close();
});
beforeEach(() => {
  stack.fake.stats.reset();
});
afterEach(() => {
  expect(bystander.seen).toEqual([]);
  expect(stack.fake.stats.keyLeaks).toBe(0);
  for (const line of stack.logs) {
    expect(line).not.toContain(stack.fake.keys.ideogram);
    expect(line).not.toContain(stack.fake.keys.gptunnel);
  }
});

/** Every request the fake saw went to one of Ideogram's v2 paths or an allowed v1 path. */
function expectOnlyAllowedUpstreamPaths() {
  for (const entry of stack.fake.stats.log) {
    const v2 = /^\/v2\/(image\/upscale\/[a-z0-9-]+|generations\/[A-Za-z0-9_-]+)$/.test(entry.path);
    expect(v2 || ALLOWED_UPSTREAM_PATHS.includes(entry.path) || entry.server === "images").toBe(true);
  }
  expect(stack.fake.stats.count("unknown")).toBe(0);
}

describe("Ideogram v2 through the relay (pass-through)", () => {
  it("quotes for free: the fake's own quote, unchanged, and nothing billed", async () => {
    const direct = await fetch(`${stack.fake.ideogramUrl}/v2/image/upscale/topaz-bloom-2?dry_run=true`, {
      method: "POST",
      headers: official(),
      body: v2Form({ upscale_factor: "x4" }),
    });
    const relayed = await postV2(stack.relay.url, "topaz-bloom-2", ideogramKey(), {
      query: "?dry_run=true",
      fields: { upscale_factor: "x4" },
    });
    expect(relayed.status).toBe(200);
    const quote = await relayed.json();
    expect(quote).toEqual(await direct.json());
    expect(quote).toMatchObject({ object: "price_quote", qualifier: "exact" });
    expect(stack.fake.stats.count("quote")).toBe(2);
    expect(stack.fake.stats.count("upscale-v2")).toBe(0);
    expect(stack.fake.stats.billed).toEqual([]);
  });

  it("upscales synchronously: the result link is the relay's own, and the image comes through it", async () => {
    const response = await postV2(stack.relay.url, "topaz-standard-2", ideogramKey(), {
      fields: { upscale_factor: "x4" },
    });
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(typeof answer.generation_id).toBe("string");
    const link: string = answer.data[0].url;
    expect(link.startsWith(`${stack.relay.url}/images/`)).toBe(true);
    expect(link).not.toContain(new URL(stack.fake.imagesUrl).host);
    const image = await fetch(link);
    expect(image.status).toBe(200);
    expect(readImageInfo(new Uint8Array(await image.arrayBuffer()))).toMatchObject({ width: 64, height: 64 });
    // Pass-through forwards the call as it is: the relay asked for no quote of its own.
    expect(stack.fake.stats.count("quote")).toBe(0);
    expect(stack.fake.stats.billed).toHaveLength(1);
  });

  it("submits asynchronously; the generation, read through the relay, completes with its cost and relay links", async () => {
    const submitted = await postV2(stack.relay.url, "topaz-wonder-4", ideogramKey(), { fields: { async: "true" } });
    expect(submitted.status).toBe(200);
    const { generation_id: id } = await submitted.json();
    const generation = await settledGeneration(stack.relay.url, id, ideogramKey());
    expect(generation.status).toBe("completed");
    expect(generation.usage_cost_usd_micros).toBe(stack.fake.stats.billed[0]?.usdMicros);
    const link: string = generation.data[0].url;
    expect(link.startsWith(`${stack.relay.url}/images/`)).toBe(true);
    const image = await fetch(link);
    expect(readImageInfo(new Uint8Array(await image.arrayBuffer()))).toMatchObject({ width: 32, height: 32 });
    // The id never appears in the access log (a path segment could carry anything a client put there).
    const reads = stack.logs.filter((line) => line.includes("/ideogram/v2/generations/"));
    expect(reads.length).toBeGreaterThan(0);
    for (const line of reads) expect(line).toContain("/ideogram/v2/generations/… 200");
    for (const line of stack.logs) expect(line).not.toContain(id);
  });

  it("is driven by @upscale/core's v2 client configured with the relay's base URL alone", async () => {
    const client = createIdeogramV2Client({
      apiKey: stack.fake.keys.ideogram,
      style: "relay",
      baseUrl: `${stack.relay.url}/ideogram`,
    });
    const input = makePng(24, 16);
    const quote = await client.quoteUpscale(input, { model: "topaz-text-refine", factor: 4 });
    expect(quote.qualifier).toBe("exact");
    const { generationId } = await client.submitUpscale(input, { model: "topaz-text-refine", factor: 4 });
    let generation = await client.generation(generationId);
    while (generation.status === "pending") {
      await new Promise((resolve) => setTimeout(resolve, 50));
      generation = await client.generation(generationId);
    }
    expect(generation.costUsdMicros).toBe(quote.usdMicros);
    const url = generation.images[0]?.url ?? "";
    expect(url.startsWith(`${stack.relay.url}/images/`)).toBe(true);
    const image = await client.download(url);
    expect({ w: image.width, h: image.height }).toEqual({ w: 96, h: 64 });
    expect(stack.fake.stats.count("upscale-v2", "POST")).toBe(1);
  });

  it("passes the vendor's status, error body and Retry-After through unchanged", async () => {
    stack.fake.setScenario({
      ...SCENARIO,
      faults: [{ endpoint: "upscale-v2", fault: { kind: "status", status: 429, retryAfter: 7 } }],
    });
    try {
      const direct = await fetch(`${stack.fake.ideogramUrl}/v2/image/upscale/auto`, {
        method: "POST",
        headers: official(),
        body: v2Form(),
      });
      const relayed = await postV2(stack.relay.url, "auto", ideogramKey());
      expect(relayed.status).toBe(429);
      expect(relayed.headers.get("retry-after")).toBe("7");
      expect(await relayed.text()).toBe(await direct.text());
      const unknownDirect = await fetch(`${stack.fake.ideogramUrl}/v2/generations/AAAAAAAAAAAAAAAA`, {
        headers: official(),
      });
      const unknown = await readGeneration(stack.relay.url, "AAAAAAAAAAAAAAAA", ideogramKey());
      expect(unknown.status).toBe(unknownDirect.status);
      expect(await unknown.text()).toBe(await unknownDirect.text());
    } finally {
      stack.fake.setScenario(SCENARIO);
    }
  });

  it("passes GPTunnel's balance through, with the wallet query and nothing else from the query", async () => {
    const client = createMidjourneyClient({
      apiKey: stack.fake.keys.gptunnel,
      baseUrl: `${stack.relay.url}/v1/midjourney`,
    });
    stack.fake.setScenario({ ...SCENARIO, account: { balance: -51.5, creditLimit: 15000, walletBalance: 7 } });
    try {
      expect(await client.balance()).toEqual({ balance: -51.5, creditLimit: 15000 });
      expect((await client.balance({ useWalletBalance: true })).balance).toBe(7);
      const headers = { authorization: stack.fake.keys.gptunnel };
      for (const query of ["?useWalletBalance=true&x=1", "?url=http://bystander", "?useWalletBalance=yes"]) {
        const refused = await fetch(`${stack.relay.url}/v1/balance${query}`, { headers });
        expect(refused.status).toBe(400);
        expect((await refused.json()).error.type).toBe("invalid_request_error");
      }
      expect(stack.fake.stats.count("balance")).toBe(2);
    } finally {
      stack.fake.setScenario(SCENARIO);
    }
  });
});

describe("Ideogram v2 and the balance: not an open proxy", () => {
  it.each(["topaz-standard-3", "AUTO", "legacy", "auto%2F..%2F..%2F..%2Fupscale", "nano-banana-pro.png"])(
    "refuses the model %s with 404, and Ideogram never hears of it",
    async (model) => {
      const response = await postV2(stack.relay.url, model, ideogramKey());
      expect(response.status).toBe(404);
      expect((await response.json()).detail).toMatch(/topaz-standard-2/);
      expect(stack.fake.stats.log).toEqual([]);
    },
  );

  it("refuses any query but dry_run, and a malformed generation id, before anything is forwarded", async () => {
    for (const query of ["?dry_run=true&x=1", "?dry_run=maybe", "?dry_run=true&dry_run=true", "?async=true"]) {
      const response = await postV2(stack.relay.url, "auto", ideogramKey(), { query });
      expect(response.status).toBe(400);
      expect((await response.json()).detail).toMatch(/dry_run=true/);
    }
    for (const id of ["short", "x".repeat(129), "abc%2E%2E%2Fdef1234", "abcdefgh%20123"]) {
      expect((await readGeneration(stack.relay.url, id, ideogramKey())).status).toBe(400);
    }
    expect(stack.fake.stats.log).toEqual([]);
  });

  it.each([
    "POST /ideogram/v2/image/upscale/auto/extra",
    "POST /v2/image/upscale/auto",
    "GET /v2/generations/AAAAAAAAAAAAAAAA",
    "GET /ideogram/v2/generations/AAAAAAAAAAAAAAAA/..%2f..%2f..%2f..%2fv1%2fbalance",
    "GET /ideogram/v2/generations/..%2f..%2f..%2fv1%2fbalance",
    "POST /ideogram/v2/image/upscale/auto/../../../upscale",
    "GET /v1/balance/../midjourney/result",
    `GET /v1/balance/..%2f..%2fv2%2fgenerations%2fAAAAAAAAAAAAAAAA`,
  ])("refuses the path trick %s", async (line) => {
    const { status } = await rawRequest(
      stack.relay.url,
      `${line} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer ${stack.fake.keys.ideogram}\r\n` +
        "Content-Type: multipart/form-data; boundary=x",
      "--x--",
    );
    expect(status).toBeGreaterThanOrEqual(400);
    expectOnlyAllowedUpstreamPaths();
  });

  it("answers preflights for the allow-listed models, generations and balance only, null origin included", async () => {
    const preflight = (path: string) =>
      fetch(`${stack.relay.url}${path}`, {
        method: "OPTIONS",
        headers: {
          origin: "null",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      });
    for (const path of ["/ideogram/v2/image/upscale/auto", "/ideogram/v2/generations/AAAAAAAA", "/v1/balance"]) {
      const response = await preflight(path);
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    }
    expect((await preflight("/ideogram/v2/image/upscale/topaz-standard-3")).status).toBe(404);
    const quote = await fetch(`${stack.relay.url}/ideogram/v2/image/upscale/auto?dry_run=true`, {
      method: "POST",
      headers: { origin: "null", ...ideogramKey() },
      body: v2Form(),
    });
    expect(quote.status).toBe(200);
    expect(quote.headers.get("access-control-allow-origin")).toBe("*");
    expect(quote.headers.get("access-control-expose-headers")).toBe("Retry-After");
  });

  it("takes v2 images over v1's 10 MB (v2 allows 50 MB), and refuses an upload declared over 50 MB unread", async () => {
    // ≈ 12 MB of uncompressed noise: too large for the legacy call, fine for v2 (quoted, so nothing is rendered).
    const big = makePng(2000, 2000, { noise: true });
    expect(big.byteLength).toBeGreaterThan(11 * 1024 * 1024);
    const form = () => {
      const body = new FormData();
      body.set("image", new Blob([big], { type: "image/png" }), "big.png");
      return body;
    };
    const quote = await fetch(`${stack.relay.url}/ideogram/v2/image/upscale/auto?dry_run=true`, {
      method: "POST",
      headers: ideogramKey(),
      body: form(),
    });
    expect(quote.status).toBe(200);
    const legacy = new FormData();
    legacy.set("image_request", "{}");
    legacy.set("image_file", new Blob([big], { type: "image/png" }), "big.png");
    const refused = await fetch(`${stack.relay.url}/ideogram/upscale`, {
      method: "POST",
      headers: ideogramKey(),
      body: legacy,
    });
    expect(refused.status).toBe(413);

    stack.fake.stats.reset();
    const declared = await rawRequest(
      stack.relay.url,
      `POST /ideogram/v2/image/upscale/auto HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer ${stack.fake.keys.ideogram}\r\n` +
        "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 53000000",
    );
    expect(declared.status).toBe(413);
    expect(declared.text).toMatch(/up to 50 MB/);
    expect(stack.fake.stats.log).toEqual([]);
  });

  it("cuts off an undeclared upload the moment it passes the limit, quote or not", async () => {
    const limits = { ...loadRelayConfig({}).limits, uploadV2Bytes: 256 * 1024 };
    const relay = await stack.startRelay({}, { limits });
    try {
      for (const query of ["", "?dry_run=true"]) {
        let pulled = 0;
        const chunk = new Uint8Array(64 * 1024);
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulled >= 32 * 1024 * 1024) return controller.close();
            pulled += chunk.byteLength;
            controller.enqueue(chunk);
          },
        });
        const response = await fetch(`${relay.url}/ideogram/v2/image/upscale/auto${query}`, {
          method: "POST",
          headers: { ...ideogramKey(), "content-type": "multipart/form-data; boundary=x" },
          body,
          duplex: "half",
        } as RequestInit);
        expect(response.status).toBe(413);
        expect(pulled).toBeLessThan(16 * 1024 * 1024);
      }
      expect(stack.fake.stats.billed).toEqual([]);
    } finally {
      await relay.close();
    }
  });
});
