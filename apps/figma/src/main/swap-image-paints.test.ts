import { describe, expect, it } from "vitest";
import { swapImagePaints } from "./swap-image-paints.js";

const solid: SolidPaint = { type: "SOLID", color: { r: 1, g: 0, b: 0 }, opacity: 0.5 };
const cropped: ImagePaint = Object.freeze({
  type: "IMAGE",
  scaleMode: "CROP",
  imageHash: "old",
  imageTransform: [
    [0.5, 0, 0.25],
    [0, 0.5, 0.1],
  ] as Transform,
  rotation: 90,
  opacity: 0.8,
  blendMode: "MULTIPLY",
  visible: false,
  filters: { exposure: 0.2, contrast: -0.3, saturation: 0, temperature: 0.1, tint: 0, highlights: 0, shadows: 0 },
});

describe("swapImagePaints", () => {
  it("changes only imageHash and keeps every other paint property and paint", () => {
    const swaps = new Map([["old", { hash: "new", ratio: 2 }]]);
    const result = swapImagePaints(Object.freeze([solid, cropped]), swaps);
    expect(result[0]).toBe(solid);
    expect(result[1]).toEqual({ ...cropped, imageHash: "new" });
    expect(cropped.imageHash).toBe("old");
  });

  it("divides a TILE paint's scalingFactor by the size ratio", () => {
    const tile: ImagePaint = { type: "IMAGE", scaleMode: "TILE", imageHash: "old", scalingFactor: 0.5 };
    const [result] = swapImagePaints([tile], new Map([["old", { hash: "new", ratio: 2 }]]));
    expect(result).toEqual({ ...tile, imageHash: "new", scalingFactor: 0.25 });
  });

  it("leaves image paints of other images and empty image paints alone", () => {
    const other: ImagePaint = { type: "IMAGE", scaleMode: "FILL", imageHash: "other" };
    const empty: ImagePaint = { type: "IMAGE", scaleMode: "FILL", imageHash: null };
    const result = swapImagePaints([other, empty], new Map([["old", { hash: "new", ratio: 2 }]]));
    expect(result[0]).toBe(other);
    expect(result[1]).toBe(empty);
  });
});
