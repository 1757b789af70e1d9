import { hostname } from "node:os";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRelay, loadRelayConfig } from "../src/index.js";
import { dnsResolver } from "../src/node-server.js";
import { type LoopbackServer, rawRequest, startLoopbackServer } from "./loopback-server.js";
import { makePng } from "./png-fixture.js";
import { type RelayStack, startRelayStack } from "./relay-stack.js";

/**
 * Attack tests: each "not an open proxy" rule of the relay, against the real relay on loopback. `bystander` is a
 * host nobody should reach through the relay; every test ends by checking it saw nothing.
 */
const TASK_ID = "6558a19c0bfe4600011437cd";
const ALLOWED_UPSTREAM_PATHS = [
  "/upscale",
  ...["imagine", "result", "upsample", "variation"].map((op) => `/v1/midjourney/${op}`),
];
let stack: RelayStack;
let bystander: LoopbackServer;
const gptunnelKey = () => ({ authorization: stack.fake.keys.gptunnel });

beforeAll(async () => {
  bystander = await startLoopbackServer();
  stack = await startRelayStack();
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
});

describe("only the vendors' calls are forwarded", () => {
  it.each([
    ["GET", "/"],
    ["POST", "/upscale"],
    ["POST", "/v1/midjourney/inpaint"],
    ["POST", "/v1/midjourney/"],
    ["POST", "/v1/chat/completions"],
    ["POST", "/ideogram/upscale/"],
    ["GET", "/task/image/abc"],
    ["GET", "/ephemeral/abc.png"],
    ["GET", "/images/"],
    ["POST", "/v1/midjourney/imagine/extra"],
  ])("%s %s → 404, nothing forwarded", async (method, path) => {
    const response = await fetch(`${stack.relay.url}${path}`, { method, headers: gptunnelKey() });
    expect(response.status).toBe(404);
    expect(stack.fake.stats.log).toEqual([]);
  });

  it("answers 405 to a relay path with the wrong method", async () => {
    expect((await fetch(`${stack.relay.url}/ideogram/upscale`, { headers: gptunnelKey() })).status).toBe(405);
    expect((await fetch(`${stack.relay.url}/v1/midjourney/result`, { method: "POST" })).status).toBe(405);
    expect(stack.fake.stats.log).toEqual([]);
  });

  it.each([
    "GET /v1/midjourney/../../ephemeral/x.png",
    "GET /v1/midjourney/%2e%2e/%2e%2e/upscale",
    "POST /ideogram/upscale/..%2f..%2fv1%2fmidjourney%2fimagine",
    "POST /ideogram/%2e%2e/v1/midjourney/imagine",
    "GET /images/..%2f..%2fv1%2fmidjourney%2fresult",
    "GET /v1/midjourney/result/..;/..",
    "GET //127.0.0.1/v1/midjourney/result",
  ])("refuses the path trick %s", async (line) => {
    const { status } = await rawRequest(
      stack.relay.url,
      `${line} HTTP/1.1\r\nHost: relay\r\nAuthorization: ${stack.fake.keys.gptunnel}`,
    );
    expect(status).toBeGreaterThanOrEqual(400);
    // Dot segments are resolved before routing, as in any URL: a trick can at most land on an allowed call.
    for (const entry of stack.fake.stats.log) {
      expect(entry.server).toBe("api");
      expect(ALLOWED_UPSTREAM_PATHS).toContain(entry.path);
    }
    expect(stack.fake.stats.count("unknown")).toBe(0);
  });

  it("ignores an absolute URL in the request line: the upstream is always the configured vendor", async () => {
    const image = await rawRequest(stack.relay.url, `GET ${bystander.origin}/ephemeral/x.png HTTP/1.1\r\nHost: relay`);
    expect(image.status).toBe(404);
    const body = JSON.stringify({ prompt: "a fox" });
    const imagine = await rawRequest(
      stack.relay.url,
      `POST ${bystander.origin}/v1/midjourney/imagine HTTP/1.1\r\nHost: relay\r\n` +
        `Authorization: ${stack.fake.keys.gptunnel}\r\nContent-Type: application/json`,
      body,
    );
    expect(imagine.status).toBe(200);
    expect(stack.fake.stats.count("imagine", "POST")).toBe(1);
  });

  it("ignores the Host header for routing", async () => {
    const host = new URL(bystander.origin).host;
    const { status } = await rawRequest(
      stack.relay.url,
      `GET /v1/midjourney/result?taskId=${TASK_ID} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${stack.fake.keys.gptunnel}`,
    );
    expect(status).toBe(400); // the fake's answer for an unknown task: it went to the fake, not the bystander
    expect(stack.fake.stats.count("result", "GET")).toBe(1);
  });

  it("builds image links on RELAY_PUBLIC_URL when set, whatever Host the request names", async () => {
    const relay = await stack.startRelay({ RELAY_PUBLIC_URL: "https://relay.example/" });
    try {
      const form = new FormData();
      form.set("image_request", "{}");
      form.set("image_file", new Blob([makePng(4, 4)], { type: "image/png" }), "a.png");
      const answer = await fetch(`${relay.url}/ideogram/upscale`, {
        method: "POST",
        headers: { authorization: `Bearer ${stack.fake.keys.ideogram}`, host: "evil.example" },
        body: form,
      });
      expect((await answer.json()).data[0].url).toMatch(/^https:\/\/relay\.example\/images\//);
    } finally {
      await relay.close();
    }
  });

  it("sends only a well-formed task id upstream, and nothing else from the query", async () => {
    const vendor = await startLoopbackServer((_req, res) => res.writeHead(400).end("{}"));
    const relay = await stack.startRelay({ RELAY_GPTUNNEL_URL: vendor.origin });
    try {
      const bad = await fetch(`${relay.url}/v1/midjourney/result?taskId=${TASK_ID}%26admin%3D1`, {
        headers: gptunnelKey(),
      });
      expect(bad.status).toBe(400);
      expect(vendor.seen).toEqual([]);
      await fetch(`${relay.url}/v1/midjourney/result?taskId=${TASK_ID}&taskId=x&url=${bystander.origin}`, {
        headers: gptunnelKey(),
      });
      expect(vendor.seen.map((r) => r.url)).toEqual([`/v1/midjourney/result?taskId=${TASK_ID}`]);
    } finally {
      await relay.close();
      await vendor.close();
    }
  });
});

describe("image links: only those the relay handed out", () => {
  async function imageLink(relayUrl: string): Promise<string> {
    const grid = await (
      await fetch(`${relayUrl}/v1/midjourney/imagine`, {
        method: "POST",
        headers: { ...gptunnelKey(), "content-type": "application/json" },
        body: JSON.stringify({ prompt: "a fox" }),
      })
    ).json();
    for (;;) {
      const task = await (
        await fetch(`${relayUrl}/v1/midjourney/result?taskId=${grid.id}`, { headers: gptunnelKey() })
      ).json();
      if (task.status === "done") return task.result;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("refuses forged, tampered and foreign-signed links; accepts its own", async () => {
    const link = await imageLink(stack.relay.url);
    expect((await fetch(link)).status).toBe(200);
    const token = link.slice(link.lastIndexOf("/") + 1);
    const [, signature] = token.split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({ u: `${bystander.origin}/x.png`, v: "gptunnel", e: Date.now() + 60_000 }),
    ).toString("base64url");
    const other = await stack.startRelay({ RELAY_SIGNING_SECRET: "another-relay-secret-of-32-characters!" });
    try {
      const foreign = (await imageLink(other.url)).replace(other.url, stack.relay.url);
      for (const bad of [
        `${forgedPayload}.${signature}`,
        `${forgedPayload}.${"A".repeat(43)}`,
        "x",
        foreign.slice(foreign.lastIndexOf("/") + 1),
      ]) {
        expect((await fetch(`${stack.relay.url}/images/${bad}`)).status).toBe(403);
      }
    } finally {
      await other.close();
    }
  });

  it("lets a link expire (410) and shares links between instances with one RELAY_SIGNING_SECRET", async () => {
    const secret = { RELAY_SIGNING_SECRET: "a-shared-secret-for-every-instance-0123" };
    const first = await stack.startRelay(secret);
    const second = await stack.startRelay(secret);
    const short = await stack.startRelay({}, { imageLinkTtlMs: 1 });
    try {
      const link = await imageLink(first.url);
      expect((await fetch(link.replace(first.url, second.url))).status).toBe(200);
      const expiring = await imageLink(short.url);
      expect((await fetch(expiring)).status).toBe(410);
    } finally {
      await Promise.all([first.close(), second.close(), short.close()]);
    }
  });
});

describe("redirects, private hosts, sizes, deadlines", () => {
  it("does not follow an API redirect to another host", async () => {
    const vendor = await startLoopbackServer((_req, res) =>
      res.writeHead(302, { location: `${bystander.origin}/steal` }).end(),
    );
    const relay = await stack.startRelay({ RELAY_GPTUNNEL_URL: vendor.origin });
    try {
      const response = await fetch(`${relay.url}/v1/midjourney/imagine`, {
        method: "POST",
        headers: { ...gptunnelKey(), "content-type": "application/json" },
        body: "{}",
      });
      expect(response.status).toBe(502);
    } finally {
      await relay.close();
      await vendor.close();
    }
  });

  it("follows an image redirect on the same host only, and sends the key to no image host", async () => {
    const png = makePng(4, 4);
    const vendor = await startLoopbackServer((req, res) => {
      if (req.url?.startsWith("/v1/midjourney/result")) {
        const result = `${vendor.origin}/${new URL(req.url, "http://x").searchParams.get("taskId") === TASK_ID ? "same" : "cross"}`;
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ id: TASK_ID, status: "done", result }));
      } else if (req.url === "/same") res.writeHead(302, { location: "/image.png" }).end();
      else if (req.url === "/cross") res.writeHead(302, { location: `${bystander.origin}/image.png` }).end();
      else res.writeHead(200, { "content-type": "image/png" }).end(png);
    });
    // The image links point at another host than the vendor's API, as Ideogram's and the fake's do.
    const relay = await stack.startRelay(
      { RELAY_GPTUNNEL_URL: "http://127.0.0.1:9" },
      { gptunnelUrl: vendor.origin.replace("127.0.0.1", "localhost") },
    );
    try {
      const link = async (id: string) =>
        (await (await fetch(`${relay.url}/v1/midjourney/result?taskId=${id}`, { headers: gptunnelKey() })).json())
          .result;
      const same = await fetch(await link(TASK_ID), { headers: gptunnelKey() });
      expect(same.status).toBe(200);
      expect(new Uint8Array(await same.arrayBuffer())).toEqual(png);
      expect((await fetch(await link("0".repeat(24)), { headers: gptunnelKey() })).status).toBe(502);
      const imageRequests = vendor.seen.filter((r) => !r.url.startsWith("/v1/"));
      expect(imageRequests.map((r) => r.url)).toEqual(["/same", "/image.png", "/cross"]);
      for (const r of imageRequests) {
        expect(r.headers.authorization).toBeUndefined();
        expect(JSON.stringify(r.headers)).not.toContain(stack.fake.keys.gptunnel);
      }
    } finally {
      await relay.close();
      await vendor.close();
    }
  });

  it("passes on images (or untyped bytes) only, not pages", async () => {
    const png = makePng(4, 4);
    const types: Record<string, string> = { [TASK_ID]: "text/html", ["1".repeat(24)]: "application/octet-stream" };
    const vendor = await startLoopbackServer((req, res) => {
      const id = new URL(req.url ?? "/", "http://x").searchParams.get("taskId") ?? "";
      if (req.url?.startsWith("/v1/")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id, status: "done", result: `${vendor.origin}/file/${id}` }));
      } else {
        res.writeHead(200, { "content-type": types[req.url?.slice(6) ?? ""] ?? "image/png" }).end(png);
      }
    });
    const relay = await stack.startRelay({ RELAY_GPTUNNEL_URL: vendor.origin });
    try {
      const image = async (id: string) => {
        const task = await (
          await fetch(`${relay.url}/v1/midjourney/result?taskId=${id}`, { headers: gptunnelKey() })
        ).json();
        return (await fetch(task.result)).status;
      };
      expect(await image(TASK_ID)).toBe(502);
      expect(await image("1".repeat(24))).toBe(200);
    } finally {
      await relay.close();
      await vendor.close();
    }
  });

  it.each([
    "http://127.0.0.1:8080",
    "http://localhost",
    "http://[::1]",
    "http://10.1.2.3",
    "http://169.254.169.254",
    "http://[::ffff:127.0.0.1]",
    "https://relay.internal",
  ])("refuses the private upstream %s unless RELAY_ALLOW_PRIVATE_UPSTREAMS=1", (origin) => {
    expect(() => loadRelayConfig({ RELAY_GPTUNNEL_URL: origin })).toThrow(/private or loopback/);
    expect(loadRelayConfig({ RELAY_GPTUNNEL_URL: origin, RELAY_ALLOW_PRIVATE_UPSTREAMS: "1" }).gptunnelUrl).toBe(
      new URL(origin).origin,
    );
  });

  it("refuses image links to private addresses, literal or behind a name, when private upstreams are off", async () => {
    const machineName = hostname();
    // This machine's own name resolves to a loopback or private address (checked, not assumed).
    expect((await dnsResolver(machineName)).length).toBeGreaterThan(0);
    const fetched: string[] = [];
    const targets = [
      "http://169.254.169.254/latest/meta-data",
      `http://${machineName}:${new URL(bystander.origin).port}/x.png`,
    ];
    let next = 0;
    const relay = await createRelay(loadRelayConfig({ RELAY_GPTUNNEL_URL: "https://gptunnel.example" }), {
      resolveHost: dnsResolver,
      log: () => {},
      fetch: async (url) => {
        fetched.push(url);
        // The "vendor" names a private image host in its answer.
        return Response.json({ id: TASK_ID, status: "done", result: targets[next++] });
      },
    });
    for (let i = 0; i < targets.length; i++) {
      const task = await (
        await relay.fetch(
          new Request(`http://relay.test/v1/midjourney/result?taskId=${TASK_ID}`, { headers: gptunnelKey() }),
        )
      ).json();
      const image = await relay.fetch(new Request(task.result));
      expect(image.status).toBe(403);
    }
    expect(fetched).toEqual([
      `https://gptunnel.example/v1/midjourney/result?taskId=${TASK_ID}`,
      `https://gptunnel.example/v1/midjourney/result?taskId=${TASK_ID}`,
    ]);
    await relay.close();
  });

  it("refuses an upload declared over 10 MB before reading it, and cuts off an undeclared one while streaming", async () => {
    const declared = await rawRequest(
      stack.relay.url,
      `POST /ideogram/upscale HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer ${stack.fake.keys.ideogram}\r\n` +
        "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 11000000",
    );
    expect(declared.status).toBe(413);
    expect(stack.fake.stats.count("upscale")).toBe(0);

    // 50 MB offered chunk by chunk, without a length: the relay must stop pulling soon after 10 MB.
    let pulled = 0;
    const chunk = new Uint8Array(256 * 1024);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 50 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${stack.relay.url}/ideogram/upscale`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${stack.fake.keys.ideogram}`,
        "content-type": "multipart/form-data; boundary=x",
      },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await response.json()).detail).toMatch(/10 MB/);
    expect(pulled).toBeLessThan(20 * 1024 * 1024);
  });

  it("refuses an oversized JSON request, and an oversized vendor answer", async () => {
    const big = await fetch(`${stack.relay.url}/v1/midjourney/imagine`, {
      method: "POST",
      headers: { ...gptunnelKey(), "content-type": "application/json" },
      body: JSON.stringify({ prompt: "x".repeat(100_000) }),
    });
    expect(big.status).toBe(413);
    expect((await big.json()).error.message).toMatch(/over/);
    expect(stack.fake.stats.count("imagine")).toBe(0);

    const vendor = await startLoopbackServer((_req, res) =>
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ padding: "y".repeat(2_000_000) })),
    );
    const relay = await stack.startRelay({ RELAY_GPTUNNEL_URL: vendor.origin });
    try {
      expect(
        (await fetch(`${relay.url}/v1/midjourney/result?taskId=${TASK_ID}`, { headers: gptunnelKey() })).status,
      ).toBe(502);
    } finally {
      await relay.close();
      await vendor.close();
    }
  });

  it("refuses an image over the size limit", async () => {
    const relay = await stack.startRelay({}, { limits: { ...loadRelayConfig({}).limits, imageBytes: 100 } });
    try {
      const client = { authorization: `Bearer ${stack.fake.keys.ideogram}` };
      const form = new FormData();
      form.set("image_request", "{}");
      form.set("image_file", new Blob([makePng(20, 20)], { type: "image/png" }), "a.png");
      const answer = await (
        await fetch(`${relay.url}/ideogram/upscale`, { method: "POST", headers: client, body: form })
      ).json();
      expect((await fetch(answer.data[0].url)).status).toBe(502);
    } finally {
      await relay.close();
    }
  });

  it("gives every upstream call a deadline (504 in the vendor's shape)", async () => {
    const silent = await startLoopbackServer(() => {});
    const timeouts = { ideogramMs: 300, gptunnelMs: 300, imageMs: 300 };
    const relay = await stack.startRelay(
      { RELAY_GPTUNNEL_URL: silent.origin, RELAY_IDEOGRAM_URL: silent.origin },
      { timeouts },
    );
    try {
      const started = Date.now();
      const result = await fetch(`${relay.url}/v1/midjourney/result?taskId=${TASK_ID}`, { headers: gptunnelKey() });
      expect(result.status).toBe(504);
      expect((await result.json()).error.message).toMatch(/within 0.3 s/);
      const form = new FormData();
      form.set("image_file", new Blob([makePng(4, 4)], { type: "image/png" }), "a.png");
      const upscale = await fetch(`${relay.url}/ideogram/upscale`, {
        method: "POST",
        headers: { authorization: "Bearer some-key" },
        body: form,
      });
      expect(upscale.status).toBe(504);
      expect((await upscale.json()).detail).toMatch(/Ideogram/);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await relay.close();
      await silent.close();
    }
  });
});
