import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { NodeRelay } from "../src/node-server.js";
import { type RelayStack, startRelayStack } from "./relay-stack.js";

/** CORS as browsers check it; the Chromium test (null-origin-page) shows a real browser agreeing. */
let stack: RelayStack;
let listed: NodeRelay;

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type",
    },
  });

beforeAll(async () => {
  stack = await startRelayStack();
  listed = await stack.startRelay({ RELAY_ALLOWED_ORIGINS: "null, https://www.figma.com" });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => {
  stack.fake.stats.reset();
});

describe("CORS", () => {
  it("answers preflights for any origin by default, null included", async () => {
    const response = await preflight(`${stack.relay.url}/ideogram/upscale`, "null");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(stack.fake.stats.log).toEqual([]);
  });

  it("names the origin back when a list is configured, `null` for sandboxed iframes", async () => {
    for (const origin of ["null", "https://www.figma.com"]) {
      const response = await preflight(`${listed.url}/v1/midjourney/imagine`, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("vary")).toContain("Origin");
    }
  });

  it("refuses an origin not on the list, before anything is forwarded", async () => {
    const refused = await preflight(`${listed.url}/v1/midjourney/imagine`, "https://evil.example");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    // A simple request needs no preflight, so the relay itself must refuse to do the work.
    const simple = await fetch(`${listed.url}/v1/midjourney/imagine`, {
      method: "POST",
      headers: {
        origin: "https://evil.example",
        authorization: stack.fake.keys.gptunnel,
        "content-type": "text/plain",
      },
      body: JSON.stringify({ prompt: "a fox" }),
    });
    expect(simple.status).toBe(403);
    expect(stack.fake.stats.log).toEqual([]);
  });

  it("exposes Retry-After, so a page can back off as the vendor asks", async () => {
    stack.fake.setScenario({
      faults: [{ endpoint: "imagine", fault: { kind: "status", status: 429, retryAfter: 3 } }],
    });
    try {
      const response = await fetch(`${stack.relay.url}/v1/midjourney/imagine`, {
        method: "POST",
        headers: { origin: "null", authorization: stack.fake.keys.gptunnel, "content-type": "application/json" },
        body: JSON.stringify({ prompt: "a fox" }),
      });
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("3");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-expose-headers")).toBe("Retry-After");
    } finally {
      stack.fake.setScenario({ task: { durationMs: 300 } });
    }
  });

  it("answers no preflight for a path it does not relay", async () => {
    expect((await preflight(`${stack.relay.url}/admin`, "null")).status).toBe(404);
  });
});
