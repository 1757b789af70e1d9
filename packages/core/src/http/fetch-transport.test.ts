import { afterEach, describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { closedPort, type LoopbackServer, sendJson, startLoopbackServer } from "../../test/loopback-server.js";
import { NetworkError } from "../outcome/errors.js";
import { createCancellation } from "../runtime/cancellation.js";
import { fetchTransport } from "./fetch-transport.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("fetchTransport against a real server", () => {
  it("sends method, headers and a binary body; returns status, lower-cased headers and the body bytes", async () => {
    server = await startLoopbackServer((_request, res) => {
      res.setHeader("X-Custom-Header", "Yes");
      sendJson(res, 201, { ok: true });
    });
    const body = new Uint8Array([0, 1, 2, 255, 13, 10]);
    const response = await fetchTransport()({
      url: `${server.origin}/upload?x=1`,
      method: "POST",
      headers: { "Content-Type": "application/octet-stream", "Api-Key": "k" },
      body,
    });
    expect(response.status).toBe(201);
    expect(response.headers["x-custom-header"]).toBe("Yes");
    expect(response.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(new TextDecoder().decode(response.body))).toEqual({ ok: true });
    const [received] = server.requests;
    expect(received?.method).toBe("POST");
    expect(received?.url).toBe("/upload?x=1");
    expect(received?.headers["api-key"]).toBe("k");
    expect(new Uint8Array(received?.body ?? [])).toEqual(body);
  });

  it("returns a redirect instead of following it, so no header travels on by itself", async () => {
    server = await startLoopbackServer((_request, res) => {
      res.writeHead(302, { location: "http://elsewhere.invalid/x" }).end();
    });
    const response = await fetchTransport()({ url: `${server.origin}/`, method: "GET", headers: {} });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe("http://elsewhere.invalid/x");
    expect(server.requests).toHaveLength(1);
  });

  it("follows redirects itself when the request carries no credentials", async () => {
    server = await startLoopbackServer((request, res) => {
      if (request.url === "/moved") res.writeHead(302, { location: "/image" }).end();
      else res.writeHead(200, { "content-type": "text/plain" }).end("here");
    });
    const response = await fetchTransport()({
      url: `${server.origin}/moved`,
      method: "GET",
      headers: {},
      followRedirects: true,
    });
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(response.body)).toBe("here");
    expect(server.requests.map((received) => received.url)).toEqual(["/moved", "/image"]);
  });

  it("reports a refused connection as certainly not sent", async () => {
    const port = await closedPort();
    const error = await failure(fetchTransport()({ url: `http://127.0.0.1:${port}/`, method: "POST", headers: {} }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).mayHaveReachedServer).toBe(false);
    expect(error.message).toBe(`Could not connect to 127.0.0.1:${port} (ECONNREFUSED).`);
  });

  it("reports a connection reset after sending as possibly received", async () => {
    server = await startLoopbackServer((_request, res) => {
      // The server has read the whole request, then drops the connection without answering.
      res.socket?.resetAndDestroy();
    });
    const error = await failure(
      fetchTransport()({ url: `${server.origin}/`, method: "POST", headers: {}, body: "work" }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).mayHaveReachedServer).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("reports a body cut short as a broken connection that may have been processed", async () => {
    server = await startLoopbackServer((_request, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("partial");
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const error = await failure(fetchTransport()({ url: `${server.origin}/`, method: "GET", headers: {} }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).mayHaveReachedServer).toBe(true);
    expect(error.message).toContain("broke before the whole response arrived");
  });

  it("rejects with ABORTED when the signal aborts while waiting for the answer", async () => {
    server = await startLoopbackServer(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const pending = fetchTransport()({
      url: `${server.origin}/`,
      method: "GET",
      headers: {},
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    expect((await failure(pending)).code).toBe("ABORTED");
  });

  it("rejects with ABORTED when the signal aborts while the body is streaming", async () => {
    const controller = new AbortController();
    server = await startLoopbackServer((_request, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("partial", () => setTimeout(() => controller.abort(), 20));
    });
    const error = await failure(
      fetchTransport()({ url: `${server.origin}/`, method: "GET", headers: {}, signal: controller.signal }),
    );
    expect(error.code).toBe("ABORTED");
  });
});

describe("fetchTransport with the core's own cancellation", () => {
  it("aborts the real request when a createCancellation signal is cancelled", async () => {
    let closed: Promise<void> | undefined;
    server = await startLoopbackServer((_request, res) => {
      // Never answers; the connection closing proves fetch itself was aborted, not just raced.
      closed = new Promise((resolve) => res.once("close", () => resolve()));
    });
    const cancellation = createCancellation();
    const pending = fetchTransport()({
      url: `${server.origin}/`,
      method: "GET",
      headers: {},
      signal: cancellation.signal,
    });
    setTimeout(() => cancellation.cancel(), 20);
    expect((await failure(pending)).code).toBe("ABORTED");
    await closed;
  });

  it("does not send at all with a signal cancelled beforehand", async () => {
    server = await startLoopbackServer((_request, res) => sendJson(res, 200, {}));
    const cancellation = createCancellation();
    cancellation.cancel();
    const request = { url: `${server.origin}/`, method: "GET" as const, headers: {}, signal: cancellation.signal };
    expect((await failure(fetchTransport()(request))).code).toBe("ABORTED");
    expect(server.requests).toHaveLength(0);
  });

  it("forwards nothing once the answer has arrived", async () => {
    server = await startLoopbackServer((_request, res) => sendJson(res, 200, { ok: true }));
    const cancellation = createCancellation();
    const request = { url: `${server.origin}/`, method: "GET" as const, headers: {}, signal: cancellation.signal };
    expect((await fetchTransport()(request)).status).toBe(200);
    expect(() => cancellation.cancel()).not.toThrow();
  });
});

describe("fetchTransport with an injected fetch", () => {
  it("finds the system error code down the cause chain", async () => {
    const failingFetch = async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }) });
    };
    const error = await failure(
      fetchTransport(failingFetch)({ url: "https://nowhere.invalid/", method: "GET", headers: {} }),
    );
    expect((error as NetworkError).mayHaveReachedServer).toBe(false);
    expect(error.message).toBe("Could not connect to nowhere.invalid (ENOTFOUND).");
  });

  it("assumes an error without a code (a browser's 'Failed to fetch') may have reached the server", async () => {
    const failingFetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    const error = await failure(
      fetchTransport(failingFetch)({ url: "https://api.test/", method: "POST", headers: {} }),
    );
    expect((error as NetworkError).mayHaveReachedServer).toBe(true);
    expect(error.message).toBe("The connection to api.test failed.");
  });

  it("reports a request it could not even address", async () => {
    const error = await failure(fetchTransport()({ url: "not a url", method: "GET", headers: {} }));
    expect((error as NetworkError).mayHaveReachedServer).toBe(false);
    expect(error.message).toBe("Could not connect to the server (ERR_INVALID_URL).");
  });

  it("says clearly when there is no fetch at all", () => {
    expect(() => fetchTransport(null as unknown as typeof fetch)).toThrow(/No fetch is available/);
  });
});
