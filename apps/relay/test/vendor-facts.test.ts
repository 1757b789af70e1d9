import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type NodeRelay, startNodeRelay } from "../src/node-server.js";
import { type LoopbackServer, startLoopbackServer } from "./loopback-server.js";

/**
 * The relay declares no vendor fact of its own: it reads them from `@upscale/core/vendor-facts`. Here those facts
 * are changed, and every place the relay uses one must follow — each check below would go the other way with the
 * real facts (24-hex task ids, raw `Authorization`, 10 MB, a free upsample, the link in `result`).
 */
vi.mock("@upscale/core/vendor-facts", async (importOriginal) => {
  const facts = await importOriginal<typeof import("@upscale/core/vendor-facts")>();
  return {
    ...facts,
    GPTUNNEL_TASK_ID_PATTERN: /^[0-9a-f]{20}$/,
    GPTUNNEL_AUTH: { header: "x-gptunnel-key", prefix: "Key " },
    IDEOGRAM_MAX_IMAGE_BYTES: 256 * 1024,
    GPTUNNEL_CALLS: { ...facts.GPTUNNEL_CALLS, upsample: { ...facts.GPTUNNEL_CALLS.upsample, billed: "yes" } },
    GPTUNNEL_RESULT_LINK_FIELD: "image",
  };
});

const TEAM_TOKEN = "token-facts-0123456789";
const SHORT_ID = "0123456789abcdef0123";
const LONG_ID = "6558a19c0bfe4600011437cd";
const VENDOR_LINK = "https://images.example/task/1.png";

let upstream: LoopbackServer;
let relay: NodeRelay;
let team: NodeRelay;

beforeAll(async () => {
  upstream = await startLoopbackServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: SHORT_ID, status: "done", image: VENDOR_LINK, result: VENDOR_LINK }));
  });
  const env = {
    PORT: "0",
    RELAY_GPTUNNEL_URL: upstream.origin,
    RELAY_IDEOGRAM_URL: upstream.origin,
    RELAY_ALLOW_PRIVATE_UPSTREAMS: "1",
  };
  const quiet = { log: () => {} };
  relay = await startNodeRelay(env, quiet);
  team = await startNodeRelay(
    { ...env, RELAY_TOKENS: TEAM_TOKEN, GPTUNNEL_API_KEY: "team-gptunnel-key", RELAY_DAILY_BUDGET: "1" },
    quiet,
  );
});
afterAll(async () => {
  await Promise.all([relay?.close(), team?.close()]);
  await upstream?.close();
});
beforeEach(() => {
  upstream.seen.length = 0;
});

describe("the relay follows changed vendor facts", () => {
  it("forwards the task ids the pattern allows, with the key in the vendor's header, and no others", async () => {
    const result = (taskId: string) =>
      fetch(`${relay.url}/v1/midjourney/result?taskId=${taskId}`, { headers: { "x-gptunnel-key": "Key client-key" } });

    expect((await result(SHORT_ID)).status).toBe(200);
    expect(upstream.seen.map((seen) => seen.url)).toEqual([`/v1/midjourney/result?taskId=${SHORT_ID}`]);
    expect(upstream.seen[0]?.headers["x-gptunnel-key"]).toBe("Key client-key");
    expect(upstream.seen[0]?.headers.authorization).toBeUndefined();

    expect((await result(LONG_ID)).status).toBe(400);
    expect(upstream.seen).toHaveLength(1);
  });

  it("refuses uploads over the size limit before anything is forwarded", async () => {
    const upload = (bytes: number) =>
      fetch(`${relay.url}/ideogram/upscale`, {
        method: "POST",
        headers: { authorization: "Bearer client-key", "content-type": "multipart/form-data; boundary=facts" },
        body: new Uint8Array(bytes),
      });

    const refused = await upload(400 * 1024);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/up to 0\.25 MB/);
    expect(upstream.seen).toEqual([]);

    expect((await upload(100 * 1024)).status).toBe(200);
    expect(upstream.seen.map((seen) => seen.bodyBytes)).toEqual([100 * 1024]);
  });

  it("counts the calls the facts bill against a team's daily budget", async () => {
    const upsample = () =>
      fetch(`${team.url}/v1/midjourney/upsample`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEAM_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ taskId: SHORT_ID, image: 1 }),
      });

    expect((await upsample()).status).toBe(200);
    expect((await upsample()).status).toBe(402);
    expect(upstream.seen).toHaveLength(1);
    expect(upstream.seen[0]?.headers["x-gptunnel-key"]).toBe("Key team-gptunnel-key");
  });

  it("replaces the link in the task's result field, and only there", async () => {
    const response = await fetch(`${relay.url}/v1/midjourney/result?taskId=${SHORT_ID}`, {
      headers: { "x-gptunnel-key": "Key client-key" },
    });
    const task = (await response.json()) as { image: string; result: string };
    expect(task.image).toMatch(new RegExp(`^${relay.url}/images/`));
    expect(task.result).toBe(VENDOR_LINK);
  });
});
