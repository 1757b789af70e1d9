import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { download, finishedGrid, makeImage, upscale, upscaleForm } from "../test/helpers.js";
import { type FakeApis, startFakeApis } from "./start-fake-apis.js";

let fake: FakeApis;
let png: Buffer;
beforeAll(async () => {
  fake = await startFakeApis({ scenario: { task: { durationMs: 50 } } });
  png = await makeImage(16, 16);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setScenario({ task: { durationMs: 50 } });
  fake.stats.reset();
});

async function ideogramResultUrl(): Promise<string> {
  const { body } = await upscale(fake, upscaleForm(png));
  return body.data[0].url;
}

describe("the image origin", () => {
  it("is a different origin from the APIs, and serves both vendors' results", async () => {
    expect(new URL(fake.imagesUrl).origin).not.toBe(new URL(fake.gptunnelUrl).origin);
    const grid = await finishedGrid(fake, "origin");
    expect(new URL(grid.result).origin).toBe(fake.imagesUrl);
    expect(new URL(grid.result).pathname).toBe(`/task/image/${grid.id}`);
    expect(new URL(grid.result).searchParams.get("cache")).toBe("100");
    const url = await ideogramResultUrl();
    expect(new URL(url).origin).toBe(fake.imagesUrl);
    const image = await download(url);
    expect(image.status).toBe(200);
    expect(image.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("signed URLs", () => {
  it("refuses a tampered or missing signature with 403, including a stretched expiry", async () => {
    const url = new URL(await ideogramResultUrl());
    const tampered = new URL(url);
    tampered.searchParams.set("sig", `${url.searchParams.get("sig")?.slice(0, -2)}xx`);
    const unsigned = new URL(url);
    unsigned.search = "";
    const stretched = new URL(url);
    stretched.searchParams.set("exp", String(Number(url.searchParams.get("exp")) + 1_000_000));
    for (const bad of [tampered, unsigned, stretched]) expect((await download(bad.href)).status).toBe(403);
    expect((await download(url.href)).status).toBe(200);
  });

  it("answers 404 for an image that does not exist", async () => {
    const url = new URL(await ideogramResultUrl());
    url.pathname = "/ephemeral/does-not-exist.png";
    expect((await download(url.href)).status).toBe(404);
  });

  it("answers 410 once the configured TTL has passed, for either vendor", async () => {
    fake.setScenario({ task: { durationMs: 0 }, images: { ttlMs: 1 } });
    const urls = [await ideogramResultUrl(), (await finishedGrid(fake, "short-lived")).result];
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const url of urls) {
      const response = await download(url);
      expect(response.status).toBe(410);
      expect(response.bytes.toString()).toMatch(/expired/);
    }
  });
});

describe("API keys must never reach the image host", () => {
  it.each([
    ["an Authorization header", {}, { authorization: "Bearer whatever" }],
    ["an Api-Key header", {}, { "api-key": "fake-ideogram-key" }],
    ["the GPTunnel key in the query", { key: "fake-gptunnel-key" }, {}],
    ["the Ideogram key in another header", {}, { "x-custom": "fake-ideogram-key" }],
  ])("refuses a request carrying %s with 400, and counts it", async (_, query, headers) => {
    const url = new URL(await ideogramResultUrl());
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const response = await download(url.href, headers);
    expect(response.status).toBe(400);
    expect(response.bytes.toString()).toMatch(/API key/);
    expect(fake.stats.keyLeaks).toBe(1);
    expect(fake.stats.log.at(-1)).toMatchObject({ server: "images", status: 400, keyPresent: true });
  });

  it("counts nothing for a clean download", async () => {
    expect((await download(await ideogramResultUrl())).status).toBe(200);
    expect(fake.stats.keyLeaks).toBe(0);
    expect(fake.stats.log.at(-1)).toMatchObject({ server: "images", endpoint: "image", keyPresent: false });
  });
});

describe("crafted result links (images.resultLink)", () => {
  it("replace every result link verbatim, for both vendors", async () => {
    const resultLink = "http://127.0.0.1:9\\@127.0.0.1:8/x.png";
    fake.setScenario({ task: { durationMs: 0 }, images: { resultLink } });
    expect(await ideogramResultUrl()).toBe(resultLink);
    expect((await finishedGrid(fake, "crafted")).result).toBe(resultLink);
  });
});
