import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { pixel, sameColour } from "../test/helpers.js";
import { GRID_SIZE, quadrantOrigin, renderGrid, upsampleQuadrant } from "./grid-image.js";

const QUADRANTS = [1, 2, 3, 4] as const;

async function cornerColours(grid: Buffer): Promise<number[][]> {
  return Promise.all(QUADRANTS.map((i) => pixel(grid, quadrantOrigin(i).left + 1, quadrantOrigin(i).top + 1)));
}

describe("renderGrid", () => {
  it("draws the same PNG for the same text", async () => {
    const [a, b] = await Promise.all([renderGrid("same"), renderGrid("same")]);
    expect(a.equals(b)).toBe(true);
    expect(await sharp(a).metadata()).toMatchObject({ format: "png", width: GRID_SIZE, height: GRID_SIZE });
  });

  it("gives every quadrant its own corner colour, whatever the text", async () => {
    for (const text of ["", "a", "a cat", "🦊 emoji", "x".repeat(500), "1", "2", "3"]) {
      const corners = await cornerColours(await renderGrid(text));
      for (const [i, a] of corners.entries()) {
        for (const b of corners.slice(i + 1)) expect(sameColour(a, b, 10)).toBe(false);
      }
    }
  });
});

describe("upsampleQuadrant", () => {
  it("returns the chosen quadrant at twice its size", async () => {
    const grid = await renderGrid("upsample me");
    const corners = await cornerColours(grid);
    for (const image of QUADRANTS) {
      const bytes = await upsampleQuadrant(grid, image);
      expect(await sharp(bytes).metadata()).toMatchObject({ width: GRID_SIZE, height: GRID_SIZE });
      const corner = await pixel(bytes, 2, 2);
      expect(corners.map((c) => sameColour(c, corner))).toEqual(QUADRANTS.map((i) => i === image));
    }
  });
});
