import { describe, expect, it } from "vitest";
import { BESIDE_GAP, freeSpot } from "./place-node.js";

describe("freeSpot", () => {
  it("keeps a box that covers nothing where it is", () => {
    const box = { x: 0, y: 0, width: 100, height: 100 };
    expect(freeSpot([{ x: 200, y: 0, width: 50, height: 50 }], box)).toEqual(box);
  });

  it("moves a box right past every layer it would cover, one after another", () => {
    const taken = [
      { x: 150, y: 0, width: 100, height: 100 },
      { x: 250 + BESIDE_GAP, y: 50, width: 100, height: 100 },
    ];
    const spot = freeSpot(taken, { x: 140, y: 20, width: 100, height: 100 });
    expect(spot).toEqual({ x: 250 + BESIDE_GAP + 100 + BESIDE_GAP, y: 20, width: 100, height: 100 });
  });
});
