import { describe, expect, test } from "vitest";
import { formatFileSize, formatPixelSize, formatScale } from "./size-labels.js";

describe("formatFileSize", () => {
  test.each([
    [0, "0 B"],
    [812, "812 B"],
    [1023, "1023 B"],
    [1024, "1.00 KB"],
    [12_595, "12.3 KB"],
    [512_000, "500 KB"],
    [1_023_500, "0.98 MB"],
    [4_781_506, "4.56 MB"],
    [3 * 1024 ** 3, "3.00 GB"],
  ])("%d bytes → %s", (bytes, label) => {
    expect(formatFileSize(bytes)).toBe(label);
  });

  test("nonsense in, a question mark out", () => {
    expect(formatFileSize(Number.NaN)).toBe("?");
    expect(formatFileSize(-1)).toBe("?");
  });
});

test("pixel size", () => {
  expect(formatPixelSize({ width: 4096, height: 2048 })).toBe("4096 × 2048 px");
});

describe("formatScale", () => {
  test("an even enlargement is one factor", () => {
    expect(formatScale({ width: 160, height: 120 }, { width: 320, height: 240 })).toBe("2×");
    expect(formatScale({ width: 100, height: 100 }, { width: 150, height: 150 })).toBe("1.5×");
  });

  test("uneven sides get a factor each, rounded to two decimals", () => {
    expect(formatScale({ width: 300, height: 200 }, { width: 600, height: 300 })).toBe("2× × 1.5×");
    expect(formatScale({ width: 3, height: 3 }, { width: 10, height: 10 })).toBe("3.33×");
  });

  test("no factor for an empty original", () => {
    expect(formatScale({ width: 0, height: 10 }, { width: 20, height: 20 })).toBeUndefined();
  });
});
