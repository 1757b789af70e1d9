import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIdeogramClient } from "../src/ideogram/ideogram-client.js";
import { createIdeogramV2Client } from "../src/ideogram/ideogram-v2-client.js";
import { createMidjourneyClient } from "../src/midjourney/midjourney-client.js";
import { waitForMidjourneyImage } from "../src/midjourney/wait-for-midjourney-image.js";
import { failure } from "./failure.js";
import { PNG_3X2 } from "./images.js";
import { closedPort, type LoopbackServer, sendJson, startLoopbackServer } from "./loopback-server.js";
import { midjourneyTask } from "./scripted-transport.js";

/**
 * The API key must never reach an error a program may log, a URL, or any host but the API's — on every
 * failure path, including a vendor that echoes the key back in its error message.
 */

const KEY = "sk-LEAKCHECK-9f8e7d6c5b4a";
const BASE64_KEY = Buffer.from(KEY).toString("base64");
/** The key as vendors and proxies have been seen to echo it: verbatim, re-cased, percent-encoded, base64. */
const ECHOED_FORMS = [
  KEY,
  KEY.toUpperCase(),
  KEY.toLowerCase(),
  encodeURIComponent(encodeURIComponent(KEY)),
  BASE64_KEY,
  Buffer.from(KEY).toString("base64url"),
  `Basic ${Buffer.from(`user:${KEY}`).toString("base64")}`,
];
/** What must never be visible: each echoed form, and the middle of the key's base64 at any alignment. */
const LEAK_MARKERS = [
  ...ECHOED_FORMS,
  BASE64_KEY.slice(4, -4),
  Buffer.from(`user:${KEY}`).toString("base64").slice(12, -4),
];
const TASK_ID = "6558a19c0bfe4600011437cd";
const STATUSES = [400, 401, 402, 403, 404, 408, 410, 413, 422, 429, 500, 502, 503];

let api: LoopbackServer;
let images: LoopbackServer;

/** Asserts that no form of the key is in `text`. */
function expectNoKey(text: string): void {
  for (const marker of LEAK_MARKERS) expect(text).not.toContain(marker);
}

/** Everything about an error a program could print or send somewhere. */
function everythingVisible(error: unknown): string {
  const fields = error as { message?: string; vendorMessage?: string; vendorType?: string };
  return [
    fields.message,
    fields.vendorMessage,
    fields.vendorType,
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ].join("\n");
}

beforeAll(async () => {
  images = await startLoopbackServer((_request, res) => {
    res.writeHead(200, { "content-type": "image/png" }).end(PNG_3X2);
  });
  // The path says what to answer: /status/<code>, /bad-json, /not-a-task, /reset, /slow, /redirect-out.
  api = await startLoopbackServer((request, res) => {
    const path = request.url.split("?")[0] ?? "";
    const echo = `Invalid API key: ${KEY} (also ${ECHOED_FORMS.join(", ")})`;
    const status = /\/status\/(\d+)\//.exec(path)?.[1];
    if (status !== undefined) {
      const body = { error: { message: echo, type: `type-${KEY}` }, detail: echo, reject_reason: KEY };
      return sendJson(res, Number(status), body, { "retry-after": "3600" });
    }
    if (path.includes("/bad-json/")) return void res.writeHead(200).end(`not json ${KEY}`);
    if (path.includes("/not-a-task/")) return sendJson(res, 200, { ...midjourneyTask(), id: KEY, data: KEY });
    if (path.includes("/task-error/")) {
      const error = path.includes("/object/") ? { message: echo, detail: [KEY] } : echo;
      return sendJson(res, 200, midjourneyTask({ status: "failed", error }));
    }
    if (path.includes("/reset/")) return void res.socket?.resetAndDestroy();
    if (path.includes("/slow/")) return; // never answers: the client's timeout fires
    if (path.includes("/redirect-out")) return void res.writeHead(302, { location: `${images.origin}/x.png` }).end();
    sendJson(res, 200, midjourneyTask());
  });
});

afterAll(async () => {
  await Promise.all([api.close(), images.close()]);
});

const scenarios = [...STATUSES.map((status) => `status/${status}`), "bad-json", "not-a-task", "reset", "slow"];
const fast = { retry: { maxRetries: 1, baseDelayMs: 1 }, timeoutMs: 200 };

describe.each(scenarios)("failure path %s", (scenario) => {
  it("Midjourney: the key is in no error text", async () => {
    const client = createMidjourneyClient({ apiKey: KEY, baseUrl: `${api.origin}/${scenario}`, ...fast });
    for (const call of [
      () => client.result(TASK_ID),
      () => client.imagine("a cat"),
      () => client.download(`${api.origin}/${scenario}/img`),
    ]) {
      expectNoKey(everythingVisible(await failure(call())));
    }
  });

  it("Ideogram (official and relay): the key is in no error text", async () => {
    for (const style of ["official", "relay"] as const) {
      const client = createIdeogramClient({ apiKey: KEY, style, baseUrl: `${api.origin}/${scenario}`, ...fast });
      expectNoKey(everythingVisible(await failure(client.upscale(PNG_3X2))));
    }
  });
});

/** The error, or the value when the call succeeds (a generation read from an answer that only looks like one). */
function visibleOutcome(promise: Promise<unknown>): Promise<string> {
  return promise.then((value) => JSON.stringify(value), everythingVisible);
}

describe.each(scenarios)("failure path %s, v2 and balance", (scenario) => {
  it("Ideogram v2 (official and relay): the key is in no error text", async () => {
    for (const style of ["official", "relay"] as const) {
      const client = createIdeogramV2Client({ apiKey: KEY, style, baseUrl: `${api.origin}/${scenario}`, ...fast });
      for (const call of [
        () => client.quoteUpscale(PNG_3X2),
        () => client.submitUpscale(PNG_3X2),
        () => client.generation("gen_0123456789abcdef"),
      ]) {
        expectNoKey(await visibleOutcome(call()));
      }
    }
  });

  it("GPTunnel balance: the key is in no error text", async () => {
    const client = createMidjourneyClient({ apiKey: KEY, baseUrl: `${api.origin}/${scenario}/v1/midjourney`, ...fast });
    expectNoKey(everythingVisible(await failure(client.balance())));
  });
});

describe("a vendor task error that echoes the key", () => {
  it.each(["text", "object"])("is redacted before it reaches a TASK_FAILED error (%s)", async (shape) => {
    const client = createMidjourneyClient({ apiKey: KEY, baseUrl: `${api.origin}/task-error/${shape}`, ...fast });
    const task = await client.result(TASK_ID);
    expectNoKey(JSON.stringify(task));
    const error = await failure(waitForMidjourneyImage(client, TASK_ID));
    expect(error).toMatchObject({ code: "TASK_FAILED", taskId: TASK_ID });
    expect((error as Error).message).toContain("Invalid API key: [REDACTED]");
    expectNoKey(everythingVisible(error));
  });
});

describe("no key outside the API", () => {
  it("is in no error text when the connection is refused", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}`;
    const mj = createMidjourneyClient({ apiKey: KEY, baseUrl, ...fast });
    const ideogram = createIdeogramClient({ apiKey: KEY, baseUrl, ...fast });
    expectNoKey(everythingVisible(await failure(mj.result(TASK_ID))));
    expectNoKey(everythingVisible(await failure(ideogram.upscale(PNG_3X2))));
  });

  it("is never in a URL the clients request", () => {
    expect(api.requests.length).toBeGreaterThan(50);
    for (const request of api.requests) expect(request.url).not.toContain(KEY);
  });

  it("is never sent to the image host, directly or through the API's redirect", async () => {
    // Default timeouts: these downloads must succeed even on a busy machine.
    const client = createMidjourneyClient({ apiKey: KEY, baseUrl: api.origin });
    await client.download(`${images.origin}/direct.png`);
    await client.download(`${api.origin}/redirect-out`);
    expect(images.requests).toHaveLength(2);
    for (const request of images.requests) {
      expect(JSON.stringify(request.headers)).not.toContain(KEY);
      expect(request.url).not.toContain(KEY);
    }
  });
});
