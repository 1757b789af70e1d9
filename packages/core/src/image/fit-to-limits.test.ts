import { describe, expect, it } from "vitest";
import { fitToLimits, wouldGrow } from "./fit-to-limits.js";

const FIGMA = { maxSide: 4096, acceptedTypes: ["image/png", "image/jpeg", "image/gif"] } as const;

describe("fitToLimits", () => {
  it("keeps an image that already fits", () => {
    expect(fitToLimits({ width: 2048, height: 1024, mimeType: "image/png" }, FIGMA)).toEqual({
      width: 2048,
      height: 1024,
      mimeType: "image/png",
      resized: false,
      converted: false,
      notes: [],
    });
    expect(fitToLimits({ width: 9000, height: 9000, mimeType: "image/webp" }, {})).toMatchObject({
      resized: false,
      converted: false,
    });
  });

  it("scales down to the longest side, keeping the aspect ratio", () => {
    const plan = fitToLimits({ width: 6000, height: 4000, mimeType: "image/jpeg" }, FIGMA);
    expect(plan).toMatchObject({ width: 4096, height: 2731, mimeType: "image/jpeg", resized: true, converted: false });
    expect(plan.notes).toEqual(["Scaled down from 6000×4000 to 4096×2731 to fit 4096 px per side."]);
    expect(fitToLimits({ width: 3000, height: 8192, mimeType: "image/png" }, FIGMA)).toMatchObject({
      width: 1500,
      height: 4096,
    });
  });

  it("never rounds a side to zero", () => {
    expect(fitToLimits({ width: 10_000, height: 1, mimeType: "image/png" }, { maxSide: 100 })).toMatchObject({
      width: 100,
      height: 1,
    });
  });

  it("converts a type the platform does not take, to PNG when it can", () => {
    const plan = fitToLimits({ width: 8192, height: 8192, mimeType: "image/webp" }, FIGMA);
    expect(plan).toMatchObject({ width: 4096, height: 4096, mimeType: "image/png", resized: true, converted: true });
    expect(plan.notes[1]).toBe("Converted from WebP to PNG, which the platform takes.");
    expect(
      fitToLimits({ width: 4, height: 4, mimeType: "image/png" }, { acceptedTypes: ["image/jpeg"] }),
    ).toMatchObject({
      mimeType: "image/jpeg",
      converted: true,
    });
  });

  it("refuses limits no codec can meet, and a side limit below 1 px", () => {
    const image = { width: 4, height: 4, mimeType: "image/png" } as const;
    expect(() => fitToLimits(image, { acceptedTypes: ["image/gif"] })).toThrow(/takes only GIF/);
    expect(() => fitToLimits(image, { acceptedTypes: [] })).toThrow(/takes only no images/);
    expect(() => fitToLimits(image, { maxSide: 0.5 })).toThrow(/at least 1 px/);
  });
});

describe("wouldGrow", () => {
  it("is true while the upscale would still add pixels within the limits", () => {
    expect(wouldGrow({ width: 1000, height: 800 }, 2, FIGMA)).toBe(true);
    expect(wouldGrow({ width: 3000, height: 100 }, 2, FIGMA)).toBe(true);
    expect(wouldGrow({ width: 100, height: 100 }, 4, {})).toBe(true);
  });

  it("is false when the image already fills the limit, so nothing is paid for in vain", () => {
    expect(wouldGrow({ width: 4096, height: 2000 }, 2, FIGMA)).toBe(false);
    expect(wouldGrow({ width: 100, height: 100 }, 1, {})).toBe(false);
  });
});
