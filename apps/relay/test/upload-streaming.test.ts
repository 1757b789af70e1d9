import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRelayConfig } from "../src/index.js";
import { type NodeRelay, startNodeRelay } from "../src/node-server.js";

/**
 * The upload is streamed, not buffered: bytes reach the vendor while the client is still sending, and when the
 * vendor stops reading, backpressure reaches the client instead of the relay piling the upload up in memory.
 * (The limit is raised to 64 MB here so a 50 MB body can show it; the real one is Ideogram's 10 MB.)
 */
let relay: NodeRelay;
let upstreamRequest: IncomingMessage | undefined;
let upstreamBytes = 0;
const upstream = createServer((req) => {
  upstreamRequest = req;
  // Reads the first chunk, then stops reading for good: a vendor that has stalled.
  req.once("data", (chunk: Buffer) => {
    upstreamBytes += chunk.length;
    req.pause();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  relay = await startNodeRelay(
    { PORT: "0", RELAY_IDEOGRAM_URL: origin, RELAY_ALLOW_PRIVATE_UPSTREAMS: "1" },
    { log: () => {} },
    { limits: { ...loadRelayConfig({}).limits, uploadBytes: 64 * 1024 * 1024 } },
  );
});
afterAll(async () => {
  await relay.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

describe("upload streaming", () => {
  it("forwards bytes before the upload ends, and passes a stalled vendor's backpressure to the client", async () => {
    let pulled = 0;
    const total = 50 * 1024 * 1024;
    const chunk = new Uint8Array(64 * 1024);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const controller = new AbortController();
    const response = fetch(`${relay.url}/ideogram/upscale`, {
      method: "POST",
      headers: { authorization: "Bearer some-key", "content-type": "multipart/form-data; boundary=x" },
      body,
      duplex: "half",
      signal: controller.signal,
    } as RequestInit).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(upstreamBytes).toBeGreaterThan(0);
    expect(upstreamRequest?.headers["api-key"]).toBe("some-key");
    // Socket buffers on both hops hold some megabytes; a relay that buffered would have taken all 50.
    expect(pulled).toBeLessThan(25 * 1024 * 1024);
    controller.abort();
    await response;
  });
});
