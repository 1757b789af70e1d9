import { describe, expect, it } from "vitest";
import { formatUsd, usdOfMicros } from "./money.js";

describe("formatUsd", () => {
  it("shows cents, and fractions of a cent up to four decimals", () => {
    expect(formatUsd(0.0384)).toBe("$0.0384");
    expect(formatUsd(0.12)).toBe("$0.12");
    expect(formatUsd(1.2)).toBe("$1.20");
    expect(formatUsd(0.01)).toBe("$0.01");
    expect(formatUsd(0.005)).toBe("$0.005");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(usdOfMicros(208_400))).toBe("$0.2084");
  });
});
