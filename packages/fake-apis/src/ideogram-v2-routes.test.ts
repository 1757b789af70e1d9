import { IDEOGRAM_V2_MAX_IMAGE_BYTES } from "@upscale/core/vendor-facts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  download,
  getGeneration,
  imageSize,
  makeImage,
  pixel,
  sameColour,
  settledGeneration,
  upscale,
  upscaleForm,
  upscaleV2,
  upscaleV2Form,
} from "../test/helpers.js";
import { DEFAULT_FAILURE_REASON } from "./ideogram-v2-generations.js";
import type { Scenario } from "./scenario.js";
import { type FakeApis, startFakeApis } from "./start-fake-apis.js";

const QUICK: Scenario = { ideogram: { generationMs: 50 } };

let fake: FakeApis;
let png: Buffer;
let photo: Buffer;
beforeAll(async () => {
  fake = await startFakeApis({ scenario: QUICK });
  png = await makeImage(64, 48);
  photo = await makeImage(600, 400, "jpeg");
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.setScenario(QUICK);
  // Generations an earlier test left running hold places in progress until they finish.
  await untilInflight(0);
  fake.stats.reset();
});

async function untilInflight(n: number): Promise<void> {
  for (let i = 0; i < 500 && fake.stats.inflight !== n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(fake.stats.inflight).toBe(n);
}

function expect400(response: { status: number; body: { detail?: unknown } }, message: RegExp) {
  expect(response.status).toBe(400);
  expect(response.body.detail).toMatch(message);
}

const submit = (model: string, fields: Record<string, string> = {}, image: Buffer = png) =>
  upscaleV2(fake, model, upscaleV2Form(image, { async: "true", ...fields }));

describe("auth", () => {
  it("takes Api-Key at /v2/… and Bearer under /ideogram/v2/…, for upscales, quotes and generations", async () => {
    const official = await submit("topaz-standard-2");
    expect(official.status).toBe(200);
    const bearer = { authorization: `Bearer ${fake.keys.ideogram}` };
    const relay = await upscaleV2(fake, "topaz-standard-2", upscaleV2Form(png), {
      base: fake.ideogramRelayUrl,
      headers: bearer,
    });
    expect(relay.status).toBe(200);
    const quote = await upscaleV2(fake, "auto", upscaleV2Form(png), {
      base: fake.ideogramRelayUrl,
      headers: bearer,
      query: "?dry_run=true",
    });
    expect(quote.body.object).toBe("price_quote");
    const viaRelay = await fetch(`${fake.ideogramRelayUrl}/v2/generations/${official.body.generation_id}`, {
      headers: bearer,
    });
    expect(viaRelay.status).toBe(200);
  });

  it.each([
    ["no key", {}],
    ["a wrong key", { "api-key": "nope" }],
    ["Bearer on the official route", { authorization: "Bearer fake-ideogram-key" }],
  ])("refuses %s with 401 on every v2 route, before anything is read", async (_, headers) => {
    expect((await upscaleV2(fake, "auto", upscaleV2Form(png), { headers })).status).toBe(401);
    expect((await upscaleV2(fake, "auto", upscaleV2Form(png), { headers, query: "?dry_run=true" })).status).toBe(401);
    expect((await getGeneration(fake, "aaaaaaaaaaaaaaaaaaaaaa", headers)).status).toBe(401);
    expect(fake.stats.billed).toEqual([]);
  });
});

describe("dry_run=true: a price quote", () => {
  it("quotes an exact price per output megapixel and generates, stores and bills nothing", async () => {
    const x4 = await upscaleV2(fake, "topaz-standard-2", upscaleV2Form(photo, { upscale_factor: "x4" }), {
      query: "?dry_run=true",
    });
    expect(x4.status).toBe(200);
    // 2400×1600 = 3.84 MP at $0.01 per MP.
    expect(x4.body).toEqual({
      object: "price_quote",
      billing_identifier: "upscale.topaz-standard-2.output_megapixel",
      quantity: 3.84,
      usd_micros: 38_400,
      credit_millis: 3840,
      qualifier: "exact",
      upper_bound_usd_micros: 38_400,
    });
    expect(fake.stats.count("quote", "POST")).toBe(1);
    expect(fake.stats.count("upscale-v2")).toBe(0);
    expect(fake.stats.billed).toEqual([]);
    expect(fake.stats.peakInflight).toBe(0);
  });

  it("bills at least one megapixel, and prices each model by its own rate", async () => {
    const quote = async (model: string, fields: Record<string, string> = {}) =>
      (await upscaleV2(fake, model, upscaleV2Form(png, fields), { query: "?dry_run=true" })).body;
    expect(await quote("topaz-standard-2")).toMatchObject({ quantity: 1, usd_micros: 10_000 });
    expect(await quote("topaz-redefine", { prompt: "sharper" })).toMatchObject({ usd_micros: 30_000 });
    expect(await quote("topaz-wonder-4", { upscale_factor: "x4" })).toMatchObject({ usd_micros: 20_000 });
  });

  it("estimates auto (Ideogram picks the model) up to the dearest model it could pick", async () => {
    const { body } = await upscaleV2(fake, "auto", upscaleV2Form(photo, { upscale_factor: "x4" }), {
      query: "?dry_run=true",
    });
    expect(body).toMatchObject({ qualifier: "estimate", usd_micros: 38_400, upper_bound_usd_micros: 115_200 });
  });

  it("estimates Nano Banana Pro, whose aspect ratio is its own, up to the largest size of its tier", async () => {
    const { body } = await upscaleV2(fake, "nano-banana-pro", upscaleV2Form(photo, { resolution_tier: "4K" }), {
      query: "?dry_run=true",
    });
    expect(body.qualifier).toBe("estimate");
    expect(body.quantity).toBeGreaterThan(16);
    expect(body.usd_micros).toBe(Math.round(body.quantity * 40_000));
    expect(body.upper_bound_usd_micros).toBeGreaterThanOrEqual(body.usd_micros);
  });

  it("validates like the real call: an output over 8192 px is refused, not quoted", async () => {
    const big = await makeImage(1100, 800);
    const response = await upscaleV2(fake, "topaz-standard-2", upscaleV2Form(big, { upscale_factor: "x8" }), {
      query: "?dry_run=true",
    });
    expect400(response, /8800x6400: topaz-standard-2 rejects outputs wider or taller than 8192 px/);
  });
});

describe("a sync upscale", () => {
  it("answers the documented shape with the output size, and a real upscaled PNG behind the link", async () => {
    const response = await upscaleV2(fake, "topaz-bloom-2", upscaleV2Form(png, { prompt: "crisp", seed: "42" }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      generation_id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      generation_kind: "workflow",
      seed: 42,
      data: [
        {
          url: expect.stringMatching(new RegExp(`^${fake.imagesUrl}/ephemeral/.+\\.png\\?exp=\\d+&sig=`)),
          prompt: "crisp",
          resolution: "64x48",
          seed: 42,
          is_image_safe: true,
          width: 128,
          height: 96,
        },
      ],
    });
    const image = await download(response.body.data[0].url);
    expect(await imageSize(image.bytes)).toEqual({ format: "png", width: 128, height: 96 });
    expect(sameColour(await pixel(image.bytes, 64, 48), await pixel(png, 32, 24), 8)).toBe(true);
    expect(fake.stats.billed).toEqual([
      { generationId: response.body.generation_id, model: "topaz-bloom-2", usdMicros: 25_000, withheld: false },
    ]);
  });

  it.each([
    ["x4", 256, 192],
    ["x8", 512, 384],
  ])("upscales by %s", async (factor, width, height) => {
    const { body } = await upscaleV2(fake, "topaz-standard-2", upscaleV2Form(png, { upscale_factor: factor }));
    expect(body.data[0]).toMatchObject({ width, height });
    expect(await imageSize((await download(body.data[0].url)).bytes)).toMatchObject({ width, height });
  });

  it("lets Topaz Wonder 4 (no 8192 cap) make an output wider than 8192 px", async () => {
    const strip = await makeImage(2100, 4);
    const { status, body } = await upscaleV2(fake, "topaz-wonder-4", upscaleV2Form(strip, { upscale_factor: "x4" }));
    expect(status).toBe(200);
    expect(body.data[0]).toMatchObject({ width: 8400, height: 16 });
  });

  it("regenerates Nano Banana Pro at its tier and the nearest aspect ratio it supports", async () => {
    const { body } = await upscaleV2(fake, "nano-banana-pro", upscaleV2Form(png, { resolution_tier: "1K" }));
    // 64×48 is 4:3; 1K keeps about 1024² pixels.
    expect(body.data[0]).toMatchObject({ resolution: "64x48", width: 1184, height: 880 });
    expect(await imageSize((await download(body.data[0].url)).bytes)).toMatchObject({ width: 1184, height: 880 });
  });

  it("answers a failing generation 500 with its reason, and bills nothing", async () => {
    fake.setScenario({ ...QUICK, faults: [{ endpoint: "upscale-v2", fault: { kind: "generation-fails" } }] });
    const response = await upscaleV2(fake, "auto", upscaleV2Form(png));
    expect(response.status).toBe(500);
    expect(response.body.detail).toContain(DEFAULT_FAILURE_REASON);
    expect(fake.stats.billed).toEqual([]);
  });
});

describe("async generations", () => {
  it("answers the id at once, then pending → completed with the image, the cost and a working link", async () => {
    fake.setScenario({ ideogram: { generationMs: 300 } });
    const submitted = await submit("topaz-wonder-3-5", { enhancement_strength: "high", upscale_factor: "x4" });
    expect(submitted.body).toEqual({
      generation_id: expect.any(String),
      generation_kind: "workflow",
      seed: expect.any(Number),
    });
    const id = submitted.body.generation_id;
    expect((await getGeneration(fake, id)).body).toEqual({ generation_id: id, status: "pending" });
    expect(fake.stats.inflight).toBe(1);
    expect(fake.stats.billed).toEqual([]);

    const done = await settledGeneration(fake, id);
    expect(done).toEqual({
      generation_id: id,
      status: "completed",
      response_type: "url",
      data: [
        {
          object_type: "image",
          url: expect.stringContaining(`/ephemeral/${id}.png?`),
          prompt: "",
          resolution: "64x48",
          seed: submitted.body.seed,
          is_image_safe: true,
          width: 256,
          height: 192,
        },
      ],
      usage_cost_usd_micros: 16_000,
    });
    expect((await download(done.data[0].url)).status).toBe(200);
    expect(fake.stats.inflight).toBe(0);
    expect(fake.stats.billed).toHaveLength(1);
  });

  it("webhook_url (HTTPS) makes a request async; the fake never calls it", async () => {
    const response = await upscaleV2(fake, "auto", upscaleV2Form(png, { webhook_url: "https://hooks.invalid/x" }));
    expect(response.body).not.toHaveProperty("data");
    expect((await settledGeneration(fake, response.body.generation_id)).status).toBe("completed");
  });

  it("fails a generation with failure_reason, unbilled, freeing its place", async () => {
    const reason = "The upscaler could not read this image.";
    fake.setScenario({ ...QUICK, faults: [{ endpoint: "upscale-v2", fault: { kind: "generation-fails", reason } }] });
    const { body } = await submit("auto");
    expect(await settledGeneration(fake, body.generation_id)).toEqual({
      generation_id: body.generation_id,
      status: "failed",
      failure_reason: reason,
    });
    expect(fake.stats.billed).toEqual([]);
    expect(fake.stats.inflight).toBe(0);
  });

  it("answers an unknown generation 404, and a wrong method 405", async () => {
    const unknown = await getGeneration(fake, "AAAAAAAAAAAAAAAAAAAAAA");
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toMatch(/not found/);
    expect((await getGeneration(fake, "bad%20id")).status).toBe(404);
    const post = await fetch(`${fake.ideogramUrl}/v2/generations/AAAAAAAAAAAAAAAAAAAAAA`, {
      method: "POST",
      headers: { "api-key": fake.keys.ideogram },
    });
    expect(post.status).toBe(405);
  });

  it("lets a result link expire", async () => {
    fake.setScenario({ ...QUICK, images: { ttlMs: 30 } });
    const { body } = await submit("auto");
    const done = await settledGeneration(fake, body.generation_id);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await download(done.data[0].url)).status).toBe(410);
  });
});

describe("safety: withheld but billed", () => {
  it("completes with is_image_safe false and no link, and bills it all the same", async () => {
    fake.setScenario({ ...QUICK, faults: [{ endpoint: "upscale-v2", fault: { kind: "unsafe", mode: "flag" } }] });
    const { body } = await submit("topaz-standard-2");
    const done = await settledGeneration(fake, body.generation_id);
    expect(done.data[0]).toMatchObject({ url: null, is_image_safe: false });
    expect(done.usage_cost_usd_micros).toBe(10_000);
    expect(fake.stats.billed).toEqual([expect.objectContaining({ usdMicros: 10_000, withheld: true })]);
  });

  it("or refuses with 422 before anything runs (not billed)", async () => {
    fake.setScenario({ ...QUICK, faults: [{ endpoint: "upscale-v2", fault: { kind: "unsafe", mode: "422" } }] });
    const response = await submit("auto");
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: expect.stringMatching(/safety/) });
    expect(fake.stats.inflight).toBe(0);
  });
});

describe("validation → 400, nothing created", () => {
  it.each<[string, string, Record<string, string>, RegExp]>([
    ["an unknown model", "topaz-ultra", {}, /Unknown model "topaz-ultra": use one of auto, topaz-standard-2/],
    ["x8 for Topaz Wonder 4", "topaz-wonder-4", { upscale_factor: "x8" }, /topaz-wonder-4 must be one of x2, x4/],
    ["a factor not offered", "auto", { upscale_factor: "x3" }, /x2, x4, x8, got "x3"/],
    ["a prompt for Standard V2", "topaz-standard-2", { prompt: "p" }, /only topaz-bloom-2 and topaz-redefine/],
    ["a strength for Bloom 2", "topaz-bloom-2", { enhancement_strength: "low" }, /only topaz-wonder-3-5 takes it/],
    ["a bad strength", "topaz-wonder-3-5", { enhancement_strength: "max" }, /low, medium, high/],
    ["a bad tier", "nano-banana-pro", { resolution_tier: "8K" }, /1K, 2K, 4K/],
    ["a factor for Nano Banana Pro", "nano-banana-pro", { upscale_factor: "x2" }, /takes no upscale_factor/],
    ["seed -1", "auto", { seed: "-1" }, /seed must be/],
    ["seed 2^31", "auto", { seed: "2147483648" }, /seed must be/],
    ["async yes", "auto", { async: "yes" }, /async must be true or false/],
    ["an http webhook", "auto", { webhook_url: "http://hooks.invalid/x" }, /HTTPS/],
    ["an unknown field", "auto", { magic_prompt_option: "ON" }, /Unknown field "magic_prompt_option"/],
  ])("refuses %s", async (_, model, fields, message) => {
    expect400(await upscaleV2(fake, model, upscaleV2Form(png, fields)), message);
    expect(fake.stats.billed).toEqual([]);
    expect(fake.stats.inflight).toBe(0);
  });

  it("refuses a body that is not multipart, a missing image, a GIF, and a file where text belongs", async () => {
    expect400(await upscaleV2(fake, "auto", "image=1"), /multipart/);
    const noImage = new FormData();
    noImage.set("upscale_factor", "x2");
    expect400(await upscaleV2(fake, "auto", noImage), /image is required/);
    const gif = Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1");
    expect400(await upscaleV2(fake, "auto", upscaleV2Form(gif)), /JPEG, PNG or WebP/);
    const filePrompt = upscaleV2Form(png);
    filePrompt.set("seed", new Blob(["1"]), "seed.txt");
    expect400(await upscaleV2(fake, "auto", filePrompt), /seed must be a text field/);
    expect400(await upscaleV2(fake, "auto", upscaleV2Form(png.subarray(0, 40))), /could not be decoded/);
  });

  it("refuses an output over 8192 px for a capped model, and dry_run values other than true/false", async () => {
    const big = await makeImage(1100, 800);
    expect400(
      await upscaleV2(fake, "auto", upscaleV2Form(big, { upscale_factor: "x8" })),
      /makes this 1100x800 image 8800x6400: auto rejects outputs wider or taller than 8192 px/,
    );
    expect400(await upscaleV2(fake, "auto", upscaleV2Form(png), { query: "?dry_run=maybe" }), /dry_run must be/);
    const real = await upscaleV2(fake, "auto", upscaleV2Form(png), { query: "?dry_run=false" });
    expect(real.body.generation_id).toEqual(expect.any(String));
  });

  it("refuses an image over 50 MB, reading the whole upload", async () => {
    const big = Buffer.alloc(IDEOGRAM_V2_MAX_IMAGE_BYTES + 1, 7);
    png.copy(big, 0, 0, 8);
    expect400(await upscaleV2(fake, "auto", upscaleV2Form(big)), /50 MB/);
  });
});

describe("funds: 402 before anything runs", () => {
  it("insufficient_funds once the prepaid funds cannot cover a generation; a failed one is given back", async () => {
    fake.setScenario({
      ...QUICK,
      ideogram: { ...QUICK.ideogram, fundsUsdMicros: 15_000 },
      faults: [{ endpoint: "upscale-v2", on: { requests: [1] }, fault: { kind: "generation-fails" } }],
    });
    const failed = await submit("topaz-standard-2");
    await settledGeneration(fake, failed.body.generation_id);
    expect((await submit("topaz-standard-2")).status).toBe(200);
    const refused = await submit("topaz-standard-2");
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({ reject_reason: "insufficient_funds" });
  });

  it("daily_limit once the day's spend would pass the limit", async () => {
    fake.setScenario({ ...QUICK, ideogram: { ...QUICK.ideogram, dailyLimitUsdMicros: 10_000 } });
    expect((await submit("topaz-standard-2")).status).toBe(200);
    const refused = await submit("topaz-standard-2");
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({ reject_reason: "daily_limit", detail: expect.stringMatching(/daily/) });
  });
});

describe("429 inflight_limit counts images in progress", () => {
  it("counts pending generations (and v1 requests) against one limit, and admits again once they finish", async () => {
    fake.setScenario({ ideogram: { inflightLimit: 2, generationMs: 300 } });
    const first = await submit("auto");
    await submit("auto");
    expect(fake.stats.inflight).toBe(2);
    const refused = await submit("auto");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.body).toMatchObject({ reject_reason: "inflight_limit", max_inflight_requests: 2 });
    expect((await upscale(fake, upscaleForm(png))).status).toBe(429);
    // A quote runs nothing, so it takes no place.
    expect((await upscaleV2(fake, "auto", upscaleV2Form(png), { query: "?dry_run=true" })).status).toBe(200);

    await settledGeneration(fake, first.body.generation_id);
    expect(fake.stats.inflight).toBeLessThan(2);
    expect((await submit("auto")).status).toBe(200);
    expect(fake.stats.peakInflight).toBe(2);
  });

  it("never-finish keeps a generation pending, holding its place until the fake closes", async () => {
    const own = await startFakeApis({
      scenario: { ideogram: { generationMs: 10 }, faults: [{ endpoint: "*", fault: { kind: "never-finish" } }] },
    });
    try {
      const { body } = await upscaleV2(own, "auto", upscaleV2Form(png, { async: "true" }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await getGeneration(own, body.generation_id)).body.status).toBe("pending");
      expect(own.stats.inflight).toBe(1);
    } finally {
      await own.close();
    }
  });
});
