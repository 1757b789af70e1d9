import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { finishedGrid, makeImage, midjourney, upscale, upscaleForm } from "../test/helpers.js";
import { type FakeApis, startFakeApis } from "./start-fake-apis.js";

let fake: FakeApis;
beforeAll(async () => {
  fake = await startFakeApis({ scenario: { task: { durationMs: 50 } } });
});
afterAll(() => fake.close());
beforeEach(() => fake.stats.reset());

describe("startFakeApis", () => {
  it("serves both vendors on one loopback port and images on another", () => {
    const api = new URL(fake.gptunnelUrl);
    expect(api.hostname).toBe("127.0.0.1");
    expect(fake.gptunnelUrl).toBe(`${api.origin}/v1/midjourney`);
    expect(fake.ideogramUrl).toBe(api.origin);
    expect(fake.ideogramRelayUrl).toBe(`${api.origin}/ideogram`);
    const images = new URL(fake.imagesUrl);
    expect(images.hostname).toBe("127.0.0.1");
    expect(images.port).not.toBe(api.port);
    expect(fake.keys).toEqual({ gptunnel: "fake-gptunnel-key", ideogram: "fake-ideogram-key" });
  });

  it("explains a port that is already taken", async () => {
    const port = Number(new URL(fake.ideogramUrl).port);
    await expect(startFakeApis({ port })).rejects.toThrow(/port \d+ is in use/);
  });

  it("refuses an empty key and an impossible scenario up front", async () => {
    await expect(startFakeApis({ keys: { gptunnel: "" } })).rejects.toThrow(/must not be empty/);
    await expect(startFakeApis({ scenario: { balance: -3 } })).rejects.toThrow(/balance/);
    expect(() => fake.setScenario({ images: { ttlMs: -1 } })).toThrow(/ttlMs/);
  });

  it("close() ends requests held by a latency fault and frees the port", async () => {
    const doomed = await startFakeApis({
      scenario: { faults: [{ endpoint: "*", fault: { kind: "latency", ms: 60_000 } }] },
    });
    // An upscale is counted in flight from admission, so the test knows when the fault is holding it.
    const held = upscale(doomed, upscaleForm(await makeImage(8, 8)));
    for (let i = 0; i < 400 && doomed.stats.inflight === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(doomed.stats.inflight).toBe(1);
    await doomed.close();
    await expect(held).rejects.toThrow();
    await expect(fetch(doomed.gptunnelUrl)).rejects.toThrow();
  });
});

describe("CORS, for a null-origin Figma UI iframe", () => {
  it("answers preflights on the APIs and the image host", async () => {
    for (const url of [
      `${fake.gptunnelUrl}/imagine`,
      `${fake.ideogramUrl}/upscale`,
      `${fake.imagesUrl}/ephemeral/x.png`,
    ]) {
      const response = await fetch(url, {
        method: "OPTIONS",
        headers: {
          origin: "null",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, api-key",
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-methods")).toMatch(/POST/);
      expect(response.headers.get("access-control-allow-headers")).toBe("authorization, api-key");
    }
  });

  it("allows every origin on real responses, errors included, and exposes Retry-After", async () => {
    const ok = await fetch(`${fake.gptunnelUrl}/result?taskId=aaaaaaaaaaaaaaaaaaaaaaaa`, {
      headers: { origin: "null" },
    });
    expect(ok.status).toBe(401);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect(ok.headers.get("access-control-expose-headers")).toMatch(/Retry-After/);
  });
});

describe("routing", () => {
  it("answers 404 for an unknown path and 405 for a wrong method", async () => {
    expect((await fetch(`${fake.gptunnelUrl}/outpaint`, { method: "POST" })).status).toBe(404);
    const wrong = await fetch(`${fake.gptunnelUrl}/imagine`, { headers: { authorization: fake.keys.gptunnel } });
    expect(wrong.status).toBe(405);
    expect(((await wrong.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
  });
});

describe("stats", () => {
  it("counts per endpoint and method, and logs status and auth-header presence without the key", async () => {
    const grid = await finishedGrid(fake, "counted");
    await midjourney(fake).post("upsample", { taskId: grid.id, image: 1 });
    await midjourney(fake, null).post("upsample", { taskId: grid.id, image: 1 });
    await fetch(`${fake.gptunnelUrl}/upsample`, { method: "OPTIONS" });

    expect(fake.stats.count("imagine")).toBe(1);
    expect(fake.stats.count("upsample", "POST")).toBe(2);
    expect(fake.stats.count("upsample", "OPTIONS")).toBe(1);
    expect(fake.stats.count("result", "GET")).toBeGreaterThan(0);
    const upsamples = fake.stats.log.filter((e) => e.endpoint === "upsample" && e.method === "POST");
    expect(upsamples).toEqual([
      expect.objectContaining({ server: "api", path: "/v1/midjourney/upsample", status: 200, authHeaderPresent: true }),
      expect.objectContaining({ status: 401, authHeaderPresent: false, keyPresent: false }),
    ]);
    expect(JSON.stringify(fake.stats.log)).not.toContain(fake.keys.gptunnel);

    fake.stats.reset();
    expect(fake.stats.log).toEqual([]);
    expect(fake.stats.count("imagine")).toBe(0);
  });
});
