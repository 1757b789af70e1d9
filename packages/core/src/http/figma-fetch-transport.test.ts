import { afterEach, describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { type LoopbackServer, sendJson, startLoopbackServer } from "../../test/loopback-server.js";
import { midjourneyTask } from "../../test/scripted-transport.js";
import { createMidjourneyClient } from "../midjourney/midjourney-client.js";
import type { NetworkError } from "../outcome/errors.js";
import { createCancellation } from "../runtime/cancellation.js";
import { type FigmaFetch, figmaFetchTransport } from "./figma-fetch-transport.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TASK_ID = "6558a19c0bfe4600011437cd";

/**
 * Figma's main-thread fetch over real HTTP: it takes only what Figma's does (a URL string, plain-object headers,
 * a Uint8Array or string body, `redirect`), refuses a `signal` or `Headers`, and answers with `headersObject`
 * (names as the server sent them) and no `headers.get`.
 */
const figmaFetch: FigmaFetch = async (url, init) => {
  if (typeof url !== "string") throw new TypeError("Figma's fetch takes a URL string.");
  if ("signal" in init) throw new TypeError("Figma's fetch has no signal.");
  if (Object.getPrototypeOf(init.headers) !== Object.prototype) throw new TypeError("Headers must be a plain object.");
  const response = await fetch(url, { ...init, body: init.body as BodyInit | undefined });
  const headersObject: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headersObject[name.replace(/^./, (c) => c.toUpperCase())] = value;
  });
  return { status: response.status, headersObject, arrayBuffer: () => response.arrayBuffer() };
};

describe("figmaFetchTransport", () => {
  it("sends method, plain headers and a binary body; returns status, lower-cased headers and the bytes", async () => {
    server = await startLoopbackServer((_request, res) => sendJson(res, 201, { ok: true }, { "X-Custom": "Yes" }));
    const body = new Uint8Array([0, 1, 2, 255, 13, 10]);
    const response = await figmaFetchTransport(figmaFetch)({
      url: `${server.origin}/upload`,
      method: "POST",
      headers: { "Content-Type": "application/octet-stream", "Api-Key": "k" },
      body,
    });
    expect(response.status).toBe(201);
    expect(response.headers["x-custom"]).toBe("Yes");
    expect(response.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(new TextDecoder().decode(response.body))).toEqual({ ok: true });
    expect(server.requests[0]?.headers["api-key"]).toBe("k");
    expect(new Uint8Array(server.requests[0]?.body ?? [])).toEqual(body);
  });

  it("asks for redirects back unless the request carries no credentials", async () => {
    const seen: (string | undefined)[] = [];
    const recording: FigmaFetch = async (_url, init) => {
      seen.push(init.redirect);
      expect("body" in init).toBe(false);
      return { status: 200, headersObject: {}, arrayBuffer: async () => new ArrayBuffer(0) };
    };
    const transport = figmaFetchTransport(recording);
    await transport({ url: "https://api.test/a", method: "GET", headers: {} });
    await transport({ url: "https://cdn.test/b", method: "GET", headers: {}, followRedirects: true });
    expect(seen).toEqual(["manual", "follow"]);
  });

  it("carries a client's calls, key and all", async () => {
    server = await startLoopbackServer((_request, res) => sendJson(res, 200, midjourneyTask()));
    const client = createMidjourneyClient({
      apiKey: "figma-test-key",
      baseUrl: server.origin,
      transport: figmaFetchTransport(figmaFetch),
    });
    expect((await client.result(TASK_ID)).status).toBe("idle");
    expect(server.requests[0]?.headers.authorization).toBe("figma-test-key");
  });

  it("can still be cancelled with createCancellation: the pipeline races the signal itself", async () => {
    server = await startLoopbackServer(() => {
      // Never answers.
    });
    const client = createMidjourneyClient({
      apiKey: "figma-test-key",
      baseUrl: server.origin,
      transport: figmaFetchTransport(figmaFetch),
    });
    const cancellation = createCancellation();
    const pending = client.result(TASK_ID, { signal: cancellation.signal });
    setTimeout(() => cancellation.cancel(), 20);
    expect((await failure(pending)).code).toBe("ABORTED");
  });

  it("sends nothing when the signal was cancelled beforehand", async () => {
    let calls = 0;
    const counting: FigmaFetch = async () => {
      calls += 1;
      return { status: 200, headersObject: {}, arrayBuffer: async () => new ArrayBuffer(0) };
    };
    const cancellation = createCancellation();
    cancellation.cancel();
    const request = { url: "https://api.test/", method: "GET" as const, headers: {}, signal: cancellation.signal };
    expect((await failure(figmaFetchTransport(counting)(request))).code).toBe("ABORTED");
    expect(calls).toBe(0);
  });

  it("reports a refused request (CORS, allowedDomains) as one that may have been sent, in Figma's words", async () => {
    const refusing: FigmaFetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    const error = await failure(
      figmaFetchTransport(refusing)({ url: "https://api.test/x", method: "POST", headers: {} }),
    );
    expect(error.code).toBe("NETWORK");
    expect((error as NetworkError).mayHaveReachedServer).toBe(true);
    expect(error.message).toBe("The connection to api.test failed (Failed to fetch).");
  });

  it("reports a body that breaks off", async () => {
    const breaking: FigmaFetch = async () => ({
      status: 200,
      headersObject: {},
      arrayBuffer: async () => {
        throw "stream closed";
      },
    });
    const error = await failure(
      figmaFetchTransport(breaking)({ url: "https://api.test/x", method: "GET", headers: {} }),
    );
    expect((error as NetworkError).mayHaveReachedServer).toBe(true);
    expect(error.message).toBe("The connection to api.test broke before the whole response arrived (stream closed).");
  });

  it("refuses an opaque redirect instead of treating status 0 as an answer", async () => {
    const opaque: FigmaFetch = async () => ({
      status: 0,
      headersObject: {},
      arrayBuffer: async () => new ArrayBuffer(0),
    });
    const error = await failure(figmaFetchTransport(opaque)({ url: "https://api.test/x", method: "GET", headers: {} }));
    expect(error.message).toBe(
      "api.test answered with a redirect this platform does not show, so it was not followed.",
    );
  });

  it("tolerates a missing headersObject and drops non-string header values", async () => {
    const sparse = (async () => ({
      status: 204,
      arrayBuffer: async () => new ArrayBuffer(0),
    })) as unknown as FigmaFetch;
    const odd: FigmaFetch = async () => ({
      status: 200,
      headersObject: { "X-A": "1", "X-B": 2 as unknown as string },
      arrayBuffer: async () => new ArrayBuffer(0),
    });
    const request = { url: "https://api.test/x", method: "GET" as const, headers: {} };
    expect((await figmaFetchTransport(sparse)(request)).headers).toEqual({});
    expect((await figmaFetchTransport(odd)(request)).headers).toEqual({ "x-a": "1" });
  });

  it("says clearly when it was not given a fetch", () => {
    expect(() => figmaFetchTransport(undefined as unknown as FigmaFetch)).toThrow(/needs Figma's fetch/);
  });
});
