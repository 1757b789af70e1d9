import { describe, expect, it } from "vitest";
import { buttonPrice, priceLine } from "./price-words.js";

const ready = {
  state: "ready",
  usdMicros: 120_000,
  upperBoundUsdMicros: 120_000,
  qualifier: "exact",
  images: 2,
  unpriced: 0,
} as const;

describe("price words", () => {
  it("puts the quoted price on the button only once it is known", () => {
    expect(buttonPrice(ready)).toBe(" · about $0.12");
    expect(buttonPrice({ state: "pending" })).toBe("");
    expect(buttonPrice(undefined)).toBe("");
  });

  it("says how sure the price is, what it leaves out, and why there is none", () => {
    expect(priceLine(ready)).toBe("Ideogram quotes $0.12 for 2 images.");
    expect(priceLine({ ...ready, qualifier: "estimate", upperBoundUsdMicros: 360_000, images: 1 })).toBe(
      "Ideogram quotes about $0.12 (at most $0.36) for 1 image.",
    );
    expect(priceLine({ ...ready, usdMicros: 38_400, upperBoundUsdMicros: 38_400, images: 1 })).toBe(
      "Ideogram quotes $0.0384 for 1 image.",
    );
    expect(priceLine({ ...ready, images: 1, unpriced: 1, note: "Too large." })).toBe(
      "Ideogram quotes $0.12 for 1 image. 1 image has no price: Too large.",
    );
    expect(priceLine({ state: "unavailable", message: "No key." })).toBe("No price: No key.");
    expect(priceLine({ state: "none" })).toBeUndefined();
  });
});
