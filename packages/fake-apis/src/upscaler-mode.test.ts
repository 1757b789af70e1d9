import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { download, upscale, upscaleForm, upscaleV2, upscaleV2Form } from "../test/helpers.js";
import type { UpscalerMode } from "./scenario.js";
import { type FakeApis, startFakeApis } from "./start-fake-apis.js";

/**
 * What the fake upscalers do with an upload's orientation and alpha (scenario `upscaler`), and the record of every
 * upload (`stats.uploads`): what a vendor would have seen.
 */

let fake: FakeApis;
beforeAll(async () => {
  fake = await startFakeApis();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.stats.reset();
});

const QUICK = { ideogram: { generationMs: 10 } };

/** Stored 32×16, red in the stored top-left quarter, blue elsewhere, tagged Orientation 6 (shown 16×32). */
async function sidewaysPhoto(): Promise<Buffer> {
  const data = Buffer.alloc(32 * 16 * 3);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 32; x++) data.set(x < 16 && y < 8 ? [255, 0, 0] : [0, 0, 255], (y * 32 + x) * 3);
  }
  return sharp(data, { raw: { width: 32, height: 16, channels: 3 } })
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** 20×20, transparent but for an opaque white square in the middle. */
function logo(): Promise<Buffer> {
  const data = Buffer.alloc(20 * 20 * 4);
  for (let y = 5; y < 15; y++) for (let x = 5; x < 15; x++) data.set([255, 255, 255, 255], (y * 20 + x) * 4);
  return sharp(data, { raw: { width: 20, height: 20, channels: 4 } })
    .png()
    .toBuffer();
}

/** The v1 and v2 results for `image` under `mode`. */
async function results(image: Buffer, mode: UpscalerMode): Promise<Buffer[]> {
  fake.setScenario({ ...QUICK, upscaler: mode });
  const v1 = await upscale(fake, upscaleForm(image));
  const v2 = await upscaleV2(fake, "auto", upscaleV2Form(image));
  return [(await download(v1.body.data[0].url)).bytes, (await download(v2.body.data[0].url)).bytes];
}

async function rgbaAt(bytes: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * 4;
  return [...data.subarray(at, at + 4)];
}

describe("upscaler.orientation", () => {
  it('"ignore" (default): the pixels come back as stored, without the tag — sideways', async () => {
    for (const result of await results(await sidewaysPhoto(), {})) {
      const { width, height, orientation } = await sharp(result).metadata();
      expect({ width, height, orientation }).toEqual({ width: 64, height: 32, orientation: undefined });
      expect((await rgbaAt(result, 4, 4))[0]).toBeGreaterThan(200); // red still top-left
    }
  });

  it('"apply": the pixels are turned first, as viewers show them', async () => {
    for (const result of await results(await sidewaysPhoto(), { orientation: "apply" })) {
      expect(await sharp(result).metadata()).toMatchObject({ width: 32, height: 64 });
      expect((await rgbaAt(result, 28, 4))[0]).toBeGreaterThan(200); // red now top-right
    }
  });
});

describe("upscaler.alpha", () => {
  it('"keep" (default): a transparent upload comes back transparent', async () => {
    for (const result of await results(await logo(), {})) {
      expect((await rgbaAt(result, 0, 0))[3]).toBe(0);
    }
  });

  it('"drop": the result is opaque, on black', async () => {
    for (const result of await results(await logo(), { alpha: "drop" })) {
      expect((await sharp(result).metadata()).hasAlpha).toBe(false);
      expect(await rgbaAt(result, 0, 0)).toEqual([0, 0, 0, 255]);
      expect(await rgbaAt(result, 20, 20)).toEqual([255, 255, 255, 255]);
    }
  });
});

describe("stats.uploads", () => {
  it("holds every image received, byte for byte, by endpoint (quotes too); reset forgets them", async () => {
    fake.setScenario(QUICK);
    const photo = await sidewaysPhoto();
    const image = await logo();
    await upscale(fake, upscaleForm(photo));
    await upscaleV2(fake, "auto", upscaleV2Form(image));
    await upscaleV2(fake, "auto", upscaleV2Form(photo), { query: "?dry_run=true" });
    expect(fake.stats.uploads.map((upload) => upload.endpoint)).toEqual(["upscale", "upscale-v2", "quote"]);
    expect(fake.stats.uploads.map((upload) => upload.bytes.equals(photo))).toEqual([true, false, true]);
    expect(fake.stats.uploads[1]?.bytes.equals(image)).toBe(true);
    fake.stats.reset();
    expect(fake.stats.uploads).toEqual([]);
  });

  it("leaves out a request refused before its form was read", async () => {
    await upscale(fake, upscaleForm(await logo()), { "api-key": "wrong" });
    expect(fake.stats.uploads).toEqual([]);
  });
});
