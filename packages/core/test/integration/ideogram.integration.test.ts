import { randomBytes } from "node:crypto";
import { deflateSync } from "node:zlib";
import { type FakeApis, type RequestLogEntry, type Scenario, startFakeApis } from "@upscale/fake-apis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createIdeogramProvider } from "../../src/ideogram/ideogram-provider.js";
import {
  createIdeogramClient,
  fetchTransport,
  type IdeogramUpscaleRequest,
  type UpscaleResult,
  upscale,
} from "../../src/index.js";
import { ApiError, IdeogramDownloadError, InputError, NetworkError, readImageInfo } from "../../src/provider-kit.js";
import { IDEOGRAM_MAX_IMAGE_BYTES } from "../../src/vendor-facts/ideogram.js";
import { failure as rejection } from "../failure.js";
import { ANIMATED_GIF_4X3, ANIMATED_WEBP_4X3, JPEG_5X4, PNG_3X2, WEBP_6X5 } from "../images.js";
import { ihdr, PNG_SIGNATURE, pngChunk } from "../png.js";
import { expectNoKeyIn } from "./error-checks.js";
import { decodePng } from "./png-pixels.js";
import { ScaledClock } from "./scaled-clock.js";

/** A PNG of random pixels, stored without compression: as large on disk as in memory. */
function noisePng(width: number, height: number): Uint8Array {
  const rows = randomBytes(height * (1 + width * 3));
  for (let y = 0; y < height; y++) rows[y * (1 + width * 3)] = 0;
  const chunks = [ihdr({ width, height }), pngChunk("IDAT", deflateSync(rows, { level: 0 })), pngChunk("IEND")];
  return new Uint8Array(Buffer.concat([Buffer.from(PNG_SIGNATURE), ...chunks]));
}

/**
 * The Ideogram path end to end, over real HTTP against the fake (official `Api-Key` and relay `Bearer`):
 * client, provider and `upscale()`, the result download from the separate image host, and the failures that
 * must not lose money or leak the key.
 */

type Style = "official" | "relay";

let fake: FakeApis;
const everyRequest: RequestLogEntry[] = [];
/** Every error the tests provoke: none may show the key (checked after each test). */
const errors: unknown[] = [];

beforeAll(async () => {
  fake = await startFakeApis({ onRequest: (entry) => everyRequest.push(entry) });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.setScenario({});
  fake.stats.reset();
});
afterEach(() => {
  for (const error of errors.splice(0)) expectNoKeyIn(error, [fake.keys.ideogram]);
  expect(everyRequest.filter((entry) => entry.server === "images" && entry.keyPresent)).toEqual([]);
  expect(fake.stats.keyLeaks).toBe(0);
});

function setup(options: { style?: Style; request?: IdeogramUpscaleRequest; rateLimitBudgetMs?: number } = {}) {
  const { style = "official", request, rateLimitBudgetMs } = options;
  // Wall-clock speed: Ideogram's Retry-After is checked against the real in-flight slots freeing up.
  const clock = new ScaledClock();
  const client = createIdeogramClient({
    apiKey: fake.keys.ideogram,
    style,
    baseUrl: style === "official" ? fake.ideogramUrl : fake.ideogramRelayUrl,
    transport: fetchTransport(),
    clock,
    retry: { baseDelayMs: 50, ...(rateLimitBudgetMs === undefined ? {} : { rateLimitBudgetMs }) },
  });
  return { clock, client, provider: createIdeogramProvider({ client, request }) };
}

/** The rejection, kept for the after-each key check. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  const error = await rejection(promise);
  errors.push(error);
  return error;
}

const upscaleLog = () => fake.stats.log.filter((entry) => entry.endpoint === "upscale");
const imageLog = () => fake.stats.log.filter((entry) => entry.server === "images");

function expectDoubled(result: UpscaleResult, input: Uint8Array): void {
  const before = readImageInfo(input);
  expect(before).toBeDefined();
  const width = 2 * (before?.width ?? 0);
  const height = 2 * (before?.height ?? 0);
  expect(result).toMatchObject({ provider: "ideogram", mimeType: "image/png", width, height });
  expect(result.meta).toMatchObject({ resolution: `${before?.width}x${before?.height}` });
  expect(result.meta.upscaledResolution).toBe(`${width}x${height}`);
  const png = decodePng(result.bytes);
  expect([png.width, png.height]).toEqual([width, height]);
}

describe.each<Style>(["official", "relay"])("%s style", (style) => {
  it.each([
    { name: "PNG", input: PNG_3X2 },
    { name: "JPEG", input: JPEG_5X4 },
    { name: "WebP", input: WEBP_6X5 },
  ])("upscales a $name to twice its size, the size the API reports", async ({ input }) => {
    const { provider } = setup({ style, request: { prompt: "keep it crisp", seed: 42 } });
    const result = await upscale({ bytes: input }, { provider });
    expectDoubled(result, input);
    expect(result.meta).toMatchObject({ seed: 42, prompt: "keep it crisp" });

    const path = style === "official" ? "/upscale" : "/ideogram/upscale";
    expect(upscaleLog().map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([`POST ${path} 200`]);
    expect(imageLog().map((entry) => [entry.status, entry.authHeaderPresent, entry.keyPresent])).toEqual([
      [200, false, false],
    ]);
  });
});

describe("content safety", () => {
  it("uses the first safe image when others are flagged", async () => {
    fake.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "unsafe", mode: "flag", images: [0] } }] });
    const { provider } = setup({ request: { num_images: 2 } });
    const result = await upscale({ bytes: PNG_3X2 }, { provider });
    expectDoubled(result, PNG_3X2);
    expect(imageLog()).toHaveLength(1);
  });

  it.each<{ name: string; scenario: Scenario; status: number }>([
    {
      name: "every image flagged unsafe (200)",
      scenario: { faults: [{ endpoint: "upscale", fault: { kind: "unsafe", mode: "flag" } }] },
      status: 200,
    },
    {
      name: "a 422 safety failure",
      scenario: { faults: [{ endpoint: "upscale", fault: { kind: "unsafe", mode: "422" } }] },
      status: 422,
    },
  ])("$name is UNSAFE_CONTENT, sent once, nothing downloaded", async ({ scenario, status }) => {
    fake.setScenario(scenario);
    const { provider } = setup();
    const error = await failure(upscale({ bytes: PNG_3X2 }, { provider }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "UNSAFE_CONTENT", status });
    expect((error as Error).message).toMatch(/safety/);
    expect(upscaleLog()).toHaveLength(1);
    expect(imageLog()).toHaveLength(0);
  });
});

describe("bad input is refused before anything is sent", () => {
  it("an image over 10 MB is IMAGE_TOO_LARGE, naming Ideogram", async () => {
    const { provider } = setup();
    // Noise does not compress: 1800 × 2000 RGB is 10.8 MB of image data, as stored.
    const error = await failure(upscale({ bytes: noisePng(2000, 1800) }, { provider }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: "IMAGE_TOO_LARGE" });
    expect((error as Error).message).toMatch(/; Ideogram takes at most 10 MB/);
    expect(fake.stats.log).toEqual([]);
  });

  it("a file over 10 MB only by data after its image (a Motion Photo's video) is sent without it", async () => {
    const { provider } = setup();
    const padded = new Uint8Array(IDEOGRAM_MAX_IMAGE_BYTES + 1);
    padded.set(PNG_3X2);
    const result = await upscale({ bytes: padded }, { provider });
    expect([result.width, result.height]).toEqual([6, 4]);
    expect(fake.stats.uploads.map((upload) => upload.bytes.length)).toEqual([PNG_3X2.length]);
  });

  it("a file that is not an image is UNSUPPORTED_IMAGE, from upscale() and from the client itself", async () => {
    const { provider, client } = setup();
    const notAnImage = new TextEncoder().encode("GIF89a… or rather, just text");
    for (const call of [() => upscale({ bytes: notAnImage }, { provider }), () => client.upscale(notAnImage)]) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ code: "UNSUPPORTED_IMAGE" });
      expect((error as Error).message).toMatch(/Convert it to PNG/);
    }
    expect(fake.stats.log).toEqual([]);
  });
});

describe("retries", () => {
  it("rides out an in-flight-limit storm (429), waiting the Retry-After each time", { timeout: 20_000 }, async () => {
    // Two slots, four simultaneous upscales that each hold a slot for a while: some must be turned away.
    fake.setScenario({
      ideogram: { inflightLimit: 2 },
      faults: [{ endpoint: "upscale", fault: { kind: "latency", ms: 300 } }],
    });
    const { provider, clock } = setup();
    const inputs = [PNG_3X2, JPEG_5X4, WEBP_6X5, PNG_3X2];

    const results = await Promise.all(inputs.map((bytes) => upscale({ bytes }, { provider })));
    results.forEach((result, i) => {
      expectDoubled(result, inputs[i] as Uint8Array);
    });
    const turnedAway = upscaleLog().filter((entry) => entry.status === 429).length;
    expect(turnedAway).toBeGreaterThan(0);
    expect(upscaleLog().filter((entry) => entry.status === 200)).toHaveLength(inputs.length);
    expect(fake.stats.peakInflight).toBeLessThanOrEqual(2);
    // The fake sends Retry-After: 1; backoff alone would wait at most 50 ms.
    expect(clock.sleeps.filter((ms) => ms === 1_000)).toHaveLength(turnedAway);
  });

  it("gives up on a storm that never ends: RATE_LIMITED with the Retry-After, once its time is up", async () => {
    fake.setScenario({ ideogram: { inflightLimit: 0 } });
    // Attempts at about 0, 1 and 2 s; a fourth would come after the 2.5 s allowed.
    const { provider, clock } = setup({ rateLimitBudgetMs: 2_500 });
    const error = await failure(upscale({ bytes: PNG_3X2 }, { provider }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, retryAfter: 1 });
    expect((error as Error).message).toMatch(/Wait 1 s/);
    expect(fake.stats.count("upscale", "POST")).toBe(3);
    expect(clock.sleeps.filter((ms) => ms === 1_000)).toHaveLength(2);
  });

  it.each<{ name: string; scenario: Scenario; kind: typeof ApiError | typeof NetworkError }>([
    {
      name: "a 500",
      scenario: { faults: [{ endpoint: "upscale", fault: { kind: "status", status: 500 } }] },
      kind: ApiError,
    },
    {
      name: "a reset after the upscale ran",
      scenario: { faults: [{ endpoint: "upscale", fault: { kind: "reset" } }] },
      kind: NetworkError,
    },
  ])(
    "$name is not re-sent (the upscale is billed) and the error says it may be charged",
    async ({ scenario, kind }) => {
      fake.setScenario(scenario);
      const { provider } = setup();
      const error = await failure(upscale({ bytes: PNG_3X2 }, { provider }));
      expect(error).toBeInstanceOf(kind);
      expect((error as Error).message).toMatch(
        /may have (been processed and charged|reached Ideogram and been charged)/,
      );
      expect((error as Error).message).toMatch(/check your Ideogram API usage/);
      expect(fake.stats.count("upscale", "POST")).toBe(1);
      expect(imageLog()).toHaveLength(0);
    },
  );
});

describe("result links", () => {
  it("an expired result link is NOT_FOUND, saying the upscale was paid for and links are short-lived", async () => {
    // The link lives 1 ms and the image host answers 20 ms after the request arrives: expired for sure.
    fake.setScenario({
      images: { ttlMs: 1 },
      faults: [{ endpoint: "image", fault: { kind: "latency", ms: 20 } }],
    });
    const { provider } = setup();
    const error = await failure(upscale({ bytes: PNG_3X2 }, { provider }));
    expect(error).toBeInstanceOf(IdeogramDownloadError);
    const link = (error as IdeogramDownloadError).resultUrl;
    expect(link).toMatch(new RegExp(`^${fake.imagesUrl}/`));
    expect((error as Error).cause).toBeInstanceOf(ApiError);
    expect((error as Error).cause).toMatchObject({ code: "NOT_FOUND", status: 410 });
    expect(error).toMatchObject({ code: "NOT_FOUND" });
    expect((error as Error).message).toMatch(/expired/);
    expect((error as Error).message).toMatch(/charged for it/);
    expect((error as Error).message).toMatch(/short-lived/);
    expect((error as Error).message).not.toContain(new URL(link).search);
    expect(imageLog().map((entry) => entry.status)).toEqual([410]);
    expect(fake.stats.count("upscale", "POST")).toBe(1);
  });

  it("an image host that sends half the file is BAD_RESPONSE, never a result", async () => {
    // The fake's "malformed-json" fault sends a complete response holding half the body.
    fake.setScenario({ faults: [{ endpoint: "image", fault: { kind: "malformed-json" } }] });
    const { provider } = setup();
    const error = await failure(upscale({ bytes: PNG_3X2 }, { provider }));
    expect(error).toMatchObject({ code: "BAD_RESPONSE" });
    expect((error as Error).message).toContain("cut short");
    expect(fake.stats.count("upscale", "POST")).toBe(1);
  });
});

describe("auth", () => {
  it("a key sent in the other style is AUTH, with advice, and is not retried", async () => {
    const client = createIdeogramClient({
      apiKey: fake.keys.ideogram,
      style: "official",
      baseUrl: fake.ideogramRelayUrl, // the relay wants Bearer, not Api-Key
      transport: fetchTransport(),
    });
    const error = await failure(client.upscale(PNG_3X2));
    expect(error).toMatchObject({ code: "AUTH", status: 401 });
    // No variable of the core's own: the app's hint (here the default) says how to set the key.
    expect((error as Error).message).toContain("then pass it as the client's apiKey option.");
    expect((error as Error).message).not.toMatch(/_API_KEY/);
    expect(fake.stats.count("upscale", "POST")).toBe(1);
  });
});

describe("Ideogram through upscale(): the local checks come before any upload", () => {
  it.each([
    ["a truncated PNG", PNG_3X2.subarray(0, PNG_3X2.length - 6), "UNSUPPORTED_IMAGE"],
    ["an animated GIF", ANIMATED_GIF_4X3, "UNSUPPORTED_IMAGE"],
    ["an animated WebP", ANIMATED_WEBP_4X3, "UNSUPPORTED_IMAGE"],
  ])("refuses %s without sending it", async (_what, bytes, code) => {
    const { provider } = setup();
    const error = await failure(upscale({ bytes }, { provider }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code });
    expect(fake.stats.log).toEqual([]);
  });

  it("refuses a scale Ideogram does not offer without sending anything", async () => {
    const { provider } = setup();
    const error = await failure(upscale({ bytes: PNG_3X2 }, { provider, scale: 4 }));
    expect(error).toMatchObject({ code: "INVALID_REQUEST" });
    expect(fake.stats.log).toEqual([]);
  });
});
