import { describe, expect, it } from "vitest";
import { formatUsd } from "./usd.js";

describe("formatUsd", () => {
  it("shows cents, and more decimals only when cents would hide the amount", () => {
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(1_500_000)).toBe("$1.50");
    expect(formatUsd(10_000)).toBe("$0.01");
    expect(formatUsd(12_500)).toBe("$0.0125");
    expect(formatUsd(1)).toBe("$0.000001");
  });
});
