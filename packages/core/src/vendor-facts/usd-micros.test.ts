import { describe, expect, it } from "vitest";
import { formatUsd, USD_MICROS } from "./usd-micros.js";

describe("formatUsd", () => {
  it("shows cents, and more decimals only when cents would hide part of the amount", () => {
    expect(formatUsd(120_000)).toBe("$0.12");
    expect(formatUsd(1_200_000)).toBe("$1.20");
    expect(formatUsd(1_500_000)).toBe("$1.50");
    expect(formatUsd(10_000)).toBe("$0.01");
    expect(formatUsd(12_500)).toBe("$0.0125");
    expect(formatUsd(38_400)).toBe("$0.0384");
    expect(formatUsd(208_400)).toBe("$0.2084");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(12_000_000)).toBe("$12.00");
    expect(formatUsd(-51_540_000)).toBe("-$51.54");
  });

  it("never shows a price as less than it is, nor a small one as free", () => {
    // Rounded to cents or to one digit, these read $0.03, $0.003 and $0.00.
    expect(formatUsd(34_900)).toBe("$0.0349");
    expect(formatUsd(3_400)).toBe("$0.0034");
    expect(formatUsd(10)).toBe("$0.00001");
    expect(formatUsd(1)).toBe("$0.000001");
  });

  it("reads an amount in dollars given as micros, without the float's noise", () => {
    expect(formatUsd(0.0384 * USD_MICROS)).toBe("$0.0384");
    expect(formatUsd((0.1 + 0.2) * USD_MICROS)).toBe("$0.30");
  });
});
