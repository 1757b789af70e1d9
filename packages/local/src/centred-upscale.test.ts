import { UpscaleError } from "@upscale/core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decode, detailedPicture, type RawImage, toSharp } from "../test/synthetic-image.js";
import { type CentredUpscaleOptions, centredUpscale } from "./centred-upscale.js";
import type { LocalScale } from "./scale.js";

const SCALES: LocalScale[] = [2, 3, 4];

function greyImage(width: number, height: number, paint: (x: number, y: number) => number): RawImage {
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = paint(x, y);
  return { data, width, height, channels: 1 };
}

async function upscaleRaw(image: RawImage, options: Partial<CentredUpscaleOptions> & { scale: LocalScale }) {
  const png = await toSharp(image).png().toBuffer();
  const result = await centredUpscale(png, { format: "png", inputType: "image/png", ...options });
  return decode(result.bytes);
}

/** Brightness-weighted mean position of a single-channel raster. */
function centroid(image: RawImage): { x: number; y: number } {
  let [sumX, sumY, total] = [0, 0, 0];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const weight = image.data[(y * image.width + x) * image.channels] ?? 0;
      sumX += weight * x;
      sumY += weight * y;
      total += weight;
    }
  }
  return { x: sumX / total, y: sumY / total };
}

describe("centredUpscale geometry", () => {
  // Input pixel x covers output pixels scale·x … scale·x + scale − 1, whose centre is scale·(x + ½) − ½.
  const dot = greyImage(17, 13, (x, y) => (x === 5 && y === 8 ? 255 : 0));

  it.each(SCALES)("puts a single bright pixel's light at the centre of its %i× block", async (scale) => {
    const output = await upscaleRaw(dot, { scale });
    expect(output).toMatchObject({ width: 17 * scale, height: 13 * scale });
    const { x, y } = centroid(output);
    expect(x).toBeCloseTo(scale * 5.5 - 0.5, 2);
    expect(y).toBeCloseTo(scale * 8.5 - 0.5, 2);
  });

  it("is needed: sharp's own resize lands the same pixel half an output pixel right and down", async () => {
    const scale = 4;
    const resized = await toSharp(dot)
      .resize(17 * scale, 13 * scale)
      .extractChannel(0)
      .raw()
      .toBuffer();
    const { x, y } = centroid({ data: resized, width: 17 * scale, height: 13 * scale, channels: 1 });
    expect(x).toBeCloseTo(scale * 5.5, 1);
    expect(y).toBeCloseTo(scale * 8.5, 1);
  });

  it.each(SCALES)("keeps a hard edge symmetric about its true position at %i×", async (scale) => {
    const edge = greyImage(16, 6, (x) => (x < 8 ? 0 : 255));
    const output = await upscaleRaw(edge, { scale });
    const row = Array.from(
      { length: output.width },
      (_, x) => output.data[(3 * scale * output.width + x) * output.channels],
    );
    // The edge lies between output columns 8·scale − 1 and 8·scale: values mirror around it.
    for (let offset = 0; offset < 3 * scale; offset++) {
      const before = row[8 * scale - 1 - offset] ?? Number.NaN;
      const after = row[8 * scale + offset] ?? Number.NaN;
      expect(Math.abs(before + after - 255), `offset ${offset}`).toBeLessThanOrEqual(1);
    }
  });

  it.each(SCALES)("reads real pixels at the borders (no dark frame) at %i×", async (scale) => {
    const flat = { data: Buffer.alloc(20 * 14 * 3, 0), width: 20, height: 14, channels: 3 } as const;
    for (let i = 0; i < flat.data.length; i += 3) flat.data.set([200, 100, 30], i);
    const output = await upscaleRaw(flat, { scale });
    const distinct = new Set<string>();
    for (let i = 0; i < output.data.length; i += 3) distinct.add(output.data.subarray(i, i + 3).join(","));
    expect([...distinct]).toEqual(["200,100,30"]);
  });
});

describe("centredUpscale steps", () => {
  const png = toSharp(detailedPicture(64, 48)).png().toBuffer();
  const options = { scale: 2, format: "png", inputType: "image/png" } as const;

  it("reports each step as it completes", async () => {
    const steps: string[] = [];
    await centredUpscale(await png, { ...options, onStep: (step) => steps.push(step) });
    expect(steps).toEqual(["decoded", "resampled"]);
  });

  it.each(["decoded", "resampled"])("starts no further step once cancelled after %s", async (cancelAfter) => {
    const controller = new AbortController();
    const steps: string[] = [];
    const run = centredUpscale(await png, {
      ...options,
      signal: controller.signal,
      onStep: (step) => {
        steps.push(step);
        if (step === cancelAfter) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(UpscaleError);
    await expect(run).rejects.toMatchObject({ code: "ABORTED" });
    expect(steps.at(-1)).toBe(cancelAfter);
  });
});

describe("centredUpscale checks the header before decoding", () => {
  it("refuses a result too large for WebP and says what to do", async () => {
    const wide = await sharp({ create: { width: 4200, height: 4, channels: 3, background: "#336699" } })
      .png()
      .toBuffer();
    await expect(centredUpscale(wide, { scale: 4, format: "webp", inputType: "image/png" })).rejects.toMatchObject({
      code: "IMAGE_TOO_LARGE",
      message: expect.stringContaining("Choose PNG output"),
    });
  });
});
