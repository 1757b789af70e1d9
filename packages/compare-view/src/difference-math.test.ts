import { describe, expect, test } from "vitest";
import {
  CHANGED_THRESHOLD,
  DifferenceAccumulator,
  differenceSize,
  formatPercent,
  rowsPerChunk,
} from "./difference-math.js";

const rgba = (...pixels: number[][]) => new Uint8ClampedArray(pixels.flat());

describe("DifferenceAccumulator", () => {
  test("per-channel absolute difference, amplified ×4 and clamped, opaque", () => {
    const a = rgba([10, 200, 0, 255], [255, 255, 255, 255]);
    const b = rgba([20, 100, 0, 255], [255, 255, 255, 255]);
    const out = new Uint8ClampedArray(8);
    const acc = new DifferenceAccumulator();
    acc.add(a, b, out);
    expect([...out]).toEqual([40, 255, 0, 255, 0, 0, 0, 255]);
    const stats = acc.stats();
    expect(stats.pixels).toBe(2);
    expect(stats.mean).toBeCloseTo((10 + 100) / (2 * 3 * 255));
    expect(stats.max).toBeCloseTo(100 / 255);
    expect(stats.changed).toBe(0.5);
  });

  test("identical images: all black, nothing changed", () => {
    const a = rgba([1, 2, 3, 255], [4, 5, 6, 128]);
    const out = new Uint8ClampedArray(8);
    const acc = new DifferenceAccumulator();
    acc.add(a, a.slice(), out);
    expect([...out]).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
    expect(acc.stats()).toEqual({ mean: 0, max: 0, changed: 0, pixels: 2 });
  });

  test("colours compare over black by their alpha: two transparent pixels do not differ", () => {
    const out = new Uint8ClampedArray(4);
    const acc = new DifferenceAccumulator();
    acc.add(rgba([255, 0, 0, 0]), rgba([0, 0, 255, 0]), out);
    expect(acc.stats().max).toBe(0);
    acc.add(rgba([200, 0, 0, 255]), rgba([200, 0, 0, 0]), out);
    expect(acc.stats().max).toBeCloseTo(200 / 255);
  });

  test("a difference at the threshold is not a change, one above it is", () => {
    const out = new Uint8ClampedArray(8);
    const acc = new DifferenceAccumulator();
    acc.add(
      rgba([100, 100, 100, 255], [100, 100, 100, 255]),
      rgba([100 + CHANGED_THRESHOLD, 100, 100, 255], [100, 100 + CHANGED_THRESHOLD + 1, 100, 255]),
      out,
    );
    expect(acc.stats().changed).toBe(0.5);
  });

  test("chunks add up to the whole", () => {
    const a = new Uint8ClampedArray(4 * 6).map((_, i) => (i * 37) % 256);
    const b = new Uint8ClampedArray(4 * 6).map((_, i) => (i * 91) % 256);
    const whole = new DifferenceAccumulator();
    const wholeOut = new Uint8ClampedArray(a.length);
    whole.add(a, b, wholeOut);
    const parts = new DifferenceAccumulator();
    const partOut = new Uint8ClampedArray(a.length);
    for (const [from, to] of [
      [0, 8],
      [8, 20],
      [20, 24],
    ] as const) {
      parts.add(a.subarray(from, to), b.subarray(from, to), partOut.subarray(from, to));
    }
    expect(parts.stats().mean).toBeCloseTo(whole.stats().mean, 12);
    expect(parts.stats()).toMatchObject({ max: whole.stats().max, changed: whole.stats().changed, pixels: 6 });
    expect([...partOut]).toEqual([...wholeOut]);
  });

  test("refuses buffers of different sizes", () => {
    expect(() => new DifferenceAccumulator().add(rgba([0, 0, 0, 0]), rgba([]), new Uint8ClampedArray(4))).toThrow(
      RangeError,
    );
  });

  test("no pixels, no difference", () => {
    expect(new DifferenceAccumulator().stats()).toEqual({ mean: 0, max: 0, changed: 0, pixels: 0 });
  });
});

describe("differenceSize", () => {
  test("the result's own size when it is small enough", () => {
    expect(differenceSize({ width: 2048, height: 1024 }, 4_194_304)).toEqual({ width: 2048, height: 1024 });
  });

  test("an 8k × 8k result is computed at 2k × 2k, a wide one keeps its aspect", () => {
    expect(differenceSize({ width: 8192, height: 8192 }, 4_194_304)).toEqual({ width: 2048, height: 2048 });
    const wide = differenceSize({ width: 16000, height: 2000 }, 4_000_000);
    expect(wide.width * wide.height).toBeLessThanOrEqual(4_000_000);
    expect(wide.width / wide.height).toBeCloseTo(8, 1);
  });
});

test("rowsPerChunk", () => {
  expect(rowsPerChunk(2048, 262_144)).toBe(128);
  expect(rowsPerChunk(1_000_000, 262_144)).toBe(1);
  expect(rowsPerChunk(0, 100)).toBe(100);
});

test("formatPercent", () => {
  expect(formatPercent(0.0213)).toBe("2.1 %");
  expect(formatPercent(0.0004)).toBe("< 0.1 %");
  expect(formatPercent(0)).toBe("0.0 %");
});
