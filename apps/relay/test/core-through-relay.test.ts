import { createIdeogramClient, createMidjourneyClient, waitForMidjourneyImage } from "@upscale/core";
import { readImageInfo } from "@upscale/core/provider-kit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makePng } from "./png-fixture.js";
import { type RelayStack, startRelayStack } from "./relay-stack.js";

/**
 * `@upscale/core`'s own clients, configured only with the relay's base URL (and Ideogram's relay auth style),
 * against the fake vendors behind the relay: the relay must be indistinguishable from a vendor.
 */
let stack: RelayStack;

beforeAll(async () => {
  stack = await startRelayStack();
});
afterAll(async () => {
  await stack.close();
});
afterEach(() => {
  // No key ever reached the image host, and no log line holds one.
  expect(stack.fake.stats.keyLeaks).toBe(0);
  for (const line of stack.logs) {
    expect(line).not.toContain(stack.fake.keys.gptunnel);
    expect(line).not.toContain(stack.fake.keys.ideogram);
  }
});

describe("pass-through mode, driven by @upscale/core", () => {
  it("upscales with Ideogram through the relay and downloads the result through the relay", async () => {
    const client = createIdeogramClient({
      apiKey: stack.fake.keys.ideogram,
      style: "relay",
      baseUrl: `${stack.relay.url}/ideogram`,
    });
    const input = makePng(40, 30);
    const result = await client.upscale(input, { prompt: "a lighthouse" });
    expect(result.image.url.startsWith(`${stack.relay.url}/images/`)).toBe(true);
    expect(result.image.url).not.toContain(stack.fake.imagesUrl);
    const image = await client.download(result.image.url);
    expect({ type: image.mimeType, w: image.width, h: image.height }).toEqual({ type: "image/png", w: 80, h: 60 });
    // The relay turned the relay style (Bearer) into Ideogram's own (Api-Key): the official route was used.
    expect(stack.fake.stats.log.filter((e) => e.endpoint === "upscale").map((e) => [e.path, e.status])).toEqual([
      ["/upscale", 200],
    ]);
    expect(stack.fake.stats.count("image", "GET")).toBe(1);
  });

  it("runs Midjourney imagine → upsample through the relay, result images included", async () => {
    const client = createMidjourneyClient({
      apiKey: stack.fake.keys.gptunnel,
      baseUrl: `${stack.relay.url}/v1/midjourney`,
    });
    const grid = await client.imagine("a red fox, watercolor");
    const gridImage = await waitForMidjourneyImage(client, grid.id);
    expect(gridImage.task.result?.startsWith(`${stack.relay.url}/images/`)).toBe(true);
    expect(readImageInfo(gridImage.image.bytes)?.width).toBe(gridImage.image.width);

    const quadrant = await client.upsample(grid.id, 2);
    const upsampled = await waitForMidjourneyImage(client, quadrant.id);
    expect(upsampled.task.type).toBe("upsample");
    expect(upsampled.image.mimeType).toBe("image/png");
    const variation = await client.variation({ taskId: grid.id, image: 3 });
    expect((await waitForMidjourneyImage(client, variation.id)).task.type).toBe("variation");
    expect(stack.fake.stats.count("imagine", "POST")).toBe(1);
    expect(stack.fake.stats.count("upsample", "POST")).toBe(1);
    expect(stack.fake.stats.count("variation", "POST")).toBe(1);
  });

  it("passes the vendor's status, error body and Retry-After through unchanged", async () => {
    stack.fake.setScenario({ faults: [{ endpoint: "result", fault: { kind: "status", status: 429, retryAfter: 7 } }] });
    try {
      const direct = await fetch(`${stack.fake.gptunnelUrl}/result?taskId=${"a".repeat(24)}`, {
        headers: { authorization: stack.fake.keys.gptunnel },
      });
      const relayed = await fetch(`${stack.relay.url}/v1/midjourney/result?taskId=${"a".repeat(24)}`, {
        headers: { authorization: stack.fake.keys.gptunnel },
      });
      expect(relayed.status).toBe(direct.status);
      expect(relayed.headers.get("retry-after")).toBe("7");
      expect(await relayed.text()).toBe(await direct.text());
    } finally {
      stack.fake.setScenario({ task: { durationMs: 300 } });
    }
  });
});
