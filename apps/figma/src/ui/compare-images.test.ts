import { describe, expect, it } from "vitest";
import { quadrantRect } from "./compare-images.js";

describe("quadrantRect", () => {
  it("finds each of a grid's four images, odd sizes included", () => {
    expect(quadrantRect(1024, 1024, 1)).toEqual({ x: 0, y: 0, width: 512, height: 512 });
    expect(quadrantRect(1024, 1024, 2)).toEqual({ x: 512, y: 0, width: 512, height: 512 });
    expect(quadrantRect(1024, 1024, 3)).toEqual({ x: 0, y: 512, width: 512, height: 512 });
    expect(quadrantRect(1025, 1023, 4)).toEqual({ x: 513, y: 512, width: 512, height: 511 });
  });
});
