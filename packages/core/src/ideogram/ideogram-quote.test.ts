import { describe, expect, it } from "vitest";
import { formatPrice } from "./ideogram-quote.js";

describe("formatPrice", () => {
  it("says an exact quote as it is, and an estimate with the most it can cost", () => {
    expect(formatPrice({ usdMicros: 38_400, upperBoundUsdMicros: 38_400, qualifier: "exact" })).toBe("$0.0384");
    expect(formatPrice({ usdMicros: 48_400, upperBoundUsdMicros: 145_200, qualifier: "estimate" })).toBe(
      "about $0.0484 (at most $0.1452)",
    );
    expect(formatPrice({ usdMicros: 1_200_000, upperBoundUsdMicros: 1_560_000, qualifier: "estimate" })).toBe(
      "about $1.20 (at most $1.56)",
    );
  });

  it("gives no upper bound that says nothing more than the price", () => {
    expect(formatPrice({ usdMicros: 10_000, upperBoundUsdMicros: 10_000, qualifier: "estimate" })).toBe("about $0.01");
  });
});
