import { IDEOGRAM_MAX_IMAGE_BYTES } from "@upscale/core/vendor-facts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { download, imageSize, makeImage, pixel, sameColour, upscale, upscaleForm } from "../test/helpers.js";
import { type FakeApis, startFakeApis } from "./start-fake-apis.js";

let fake: FakeApis;
let png: Buffer;
beforeAll(async () => {
  fake = await startFakeApis();
  png = await makeImage(64, 48);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setScenario({});
  fake.stats.reset();
});

function expect400(response: { status: number; body: { detail?: unknown } }, message: RegExp) {
  expect(response.status).toBe(400);
  expect(response.body.detail).toMatch(message);
}

describe("auth styles", () => {
  it("official /upscale takes Api-Key; relay /ideogram/upscale takes Authorization: Bearer", async () => {
    const official = await upscale(fake, upscaleForm(png));
    expect(official.status).toBe(200);
    const relay = await fetch(`${fake.ideogramRelayUrl}/upscale`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.keys.ideogram}` },
      body: upscaleForm(png),
    });
    expect(relay.status).toBe(200);
    expect(fake.stats.count("upscale", "POST")).toBe(2);
  });

  it.each([
    ["official without a key", "/upscale", {}],
    ["official with a wrong key", "/upscale", { "api-key": "nope" }],
    ["official with Bearer", "/upscale", { authorization: "Bearer fake-ideogram-key" }],
    ["relay with Api-Key", "/ideogram/upscale", { "api-key": "fake-ideogram-key" }],
    ["relay with the raw key", "/ideogram/upscale", { authorization: "fake-ideogram-key" }],
  ])("refuses %s with 401", async (_, path, headers) => {
    const response = await fetch(`${fake.ideogramUrl}${path}`, { method: "POST", headers, body: upscaleForm(png) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: expect.stringMatching(/Unauthorized/) });
  });
});

describe("a successful upscale", () => {
  it("answers the documented shape with a real 2× PNG behind a signed URL on the image origin", async () => {
    const response = await upscale(fake, upscaleForm(png, { prompt: "a gradient", seed: 42, num_images: 2 }));
    expect(response.status).toBe(200);
    expect(Date.parse(response.body.created)).not.toBeNaN();
    expect(response.body.data).toHaveLength(2);
    for (const item of response.body.data) {
      expect(item).toEqual({
        seed: 42,
        prompt: "a gradient",
        resolution: "64x48",
        url: expect.stringMatching(new RegExp(`^${fake.imagesUrl}/ephemeral/.+\\.png\\?exp=\\d+&sig=`)),
        is_image_safe: true,
        upscaled_resolution: "128x96",
      });
      const image = await download(item.url);
      expect(image.status).toBe(200);
      expect(await imageSize(image.bytes)).toEqual({ format: "png", width: 128, height: 96 });
      expect(sameColour(await pixel(image.bytes, 64, 48), await pixel(png, 32, 24), 8)).toBe(true);
    }
  });

  it.each(["jpeg", "webp"] as const)("accepts %s by its bytes, whatever the file name says", async (format) => {
    const image = await makeImage(30, 20, format);
    const response = await upscale(fake, upscaleForm(image, {}, "photo.png"));
    expect(response.status).toBe(200);
    expect(response.body.data[0]).toMatchObject({ resolution: "30x20", upscaled_resolution: "60x40" });
  });

  it("picks a seed in range when none is given", async () => {
    const { body } = await upscale(fake, upscaleForm(png));
    expect(body.data[0].seed).toBeGreaterThanOrEqual(0);
    expect(body.data[0].seed).toBeLessThanOrEqual(2147483647);
  });
});

describe("validation → 400", () => {
  it("rejects a body that is not multipart, or multipart that does not parse", async () => {
    expect400(
      await upscale(fake, JSON.stringify({ image_request: {} }), { "api-key": fake.keys.ideogram }),
      /multipart/,
    );
    const garbage = await fetch(`${fake.ideogramUrl}/upscale`, {
      method: "POST",
      headers: { "api-key": fake.keys.ideogram, "content-type": "multipart/form-data; boundary=xyz" },
      body: "this is not a multipart body",
    });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { detail: string }).detail).toMatch(/not valid multipart/);
  });

  it("rejects a missing image_file or image_request", async () => {
    const noFile = new FormData();
    noFile.set("image_request", "{}");
    expect400(await upscale(fake, noFile), /image_file is required/);
    const noRequest = new FormData();
    noRequest.set("image_file", new Blob([png]), "a.png");
    expect400(await upscale(fake, noRequest), /image_request is required/);
  });

  it("judges the format by magic bytes: a GIF named .png is refused", async () => {
    const gif = Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1");
    expect400(await upscale(fake, upscaleForm(gif, {}, "cat.png")), /JPEG, PNG or WebP/);
  });

  it("refuses a damaged image that only starts like a PNG", async () => {
    expect400(await upscale(fake, upscaleForm(png.subarray(0, 40))), /could not be decoded/);
  });

  it("refuses an image over 10 MB, reading the whole upload so the client gets the 400", async () => {
    const big = Buffer.alloc(IDEOGRAM_MAX_IMAGE_BYTES + 1, 7);
    png.copy(big, 0, 0, 8);
    expect400(await upscale(fake, upscaleForm(big)), /10 MB/);
    const huge = Buffer.alloc(IDEOGRAM_MAX_IMAGE_BYTES + 3 * 1024 * 1024, 7);
    expect400(await upscale(fake, upscaleForm(huge)), /10 MB/);
  });

  it("lets exactly 10 MB past the size check (then judges the content)", async () => {
    const limit = Buffer.alloc(IDEOGRAM_MAX_IMAGE_BYTES, 7);
    png.copy(limit, 0, 0, 8);
    expect400(await upscale(fake, upscaleForm(limit)), /could not be decoded/);
  });

  it.each([
    ["not JSON", "{oops", /not valid JSON/],
    ["an array", "[1]", /JSON object/],
    ["resemblance 0", { resemblance: 0 }, /resemblance/],
    ["resemblance 101", { resemblance: 101 }, /resemblance/],
    ["detail 2.5", { detail: 2.5 }, /detail/],
    ["num_images 9", { num_images: 9 }, /num_images/],
    ["num_images 0", { num_images: 0 }, /num_images/],
    ["seed -1", { seed: -1 }, /seed/],
    ["seed 2^31", { seed: 2147483648 }, /seed/],
    ["magic_prompt_option MAYBE", { magic_prompt_option: "MAYBE" }, /magic_prompt_option/],
    ["prompt 5", { prompt: 5 }, /prompt/],
  ])("rejects image_request with %s", async (_, request, message) => {
    expect400(await upscale(fake, upscaleForm(png, request)), message);
  });

  it("accepts every field at the ends of its range", async () => {
    const request = { resemblance: 100, detail: 1, magic_prompt_option: "OFF", num_images: 1, seed: 2147483647 };
    expect((await upscale(fake, upscaleForm(png, request))).status).toBe(200);
  });
});

describe("safety", () => {
  it("flags every image unsafe: 200 with is_image_safe false and url null", async () => {
    fake.setScenario({
      faults: [{ endpoint: "upscale", on: { requests: [2] }, fault: { kind: "unsafe", mode: "flag" } }],
    });
    expect((await upscale(fake, upscaleForm(png))).body.data[0].is_image_safe).toBe(true);
    const flagged = await upscale(fake, upscaleForm(png, { num_images: 2 }));
    expect(flagged.status).toBe(200);
    expect(flagged.body.data.map((d: { url: unknown; is_image_safe: boolean }) => [d.url, d.is_image_safe])).toEqual([
      [null, false],
      [null, false],
    ]);
  });

  it("can flag only some images", async () => {
    fake.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "unsafe", mode: "flag", images: [0] } }] });
    const { body } = await upscale(fake, upscaleForm(png, { num_images: 2 }));
    expect(body.data[0]).toMatchObject({ url: null, is_image_safe: false });
    expect(body.data[1]).toMatchObject({ url: expect.any(String), is_image_safe: true });
  });

  it("or answers 422 with an { error } body", async () => {
    fake.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "unsafe", mode: "422" } }] });
    const response = await upscale(fake, upscaleForm(png));
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: expect.stringMatching(/safety/) });
  });
});

describe("in-flight limit", () => {
  it("answers the 11th concurrent request 429 inflight_limit with Retry-After, and admits again later", async () => {
    fake.setScenario({
      faults: [{ endpoint: "upscale", on: { requests: range(1, 10) }, fault: { kind: "latency", ms: 400 } }],
    });
    const slow = range(1, 10).map(() => upscale(fake, upscaleForm(png)));
    await untilInflight(10);
    const rejected = await upscale(fake, upscaleForm(png));
    expect(rejected.status).toBe(429);
    expect(rejected.headers.get("retry-after")).toBe("1");
    expect(rejected.body).toMatchObject({ reject_reason: "inflight_limit" });
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual(range(1, 10).map(() => 200));
    expect(fake.stats.peakInflight).toBe(10);
    expect((await upscale(fake, upscaleForm(png))).status).toBe(200);
  });

  it("counts both routes against one limit, as configured", async () => {
    fake.setScenario({
      ideogram: { inflightLimit: 1 },
      faults: [{ endpoint: "upscale", on: { requests: [1] }, fault: { kind: "latency", ms: 300 } }],
    });
    const slow = upscale(fake, upscaleForm(png));
    await untilInflight(1);
    const relay = await fetch(`${fake.ideogramRelayUrl}/upscale`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.keys.ideogram}` },
      body: upscaleForm(png),
    });
    expect(relay.status).toBe(429);
    expect((await slow).status).toBe(200);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Waits (bounded) until the fake holds `n` upscales in flight. */
async function untilInflight(n: number): Promise<void> {
  for (let i = 0; i < 500 && fake.stats.inflight < n; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(fake.stats.inflight).toBe(n);
}
