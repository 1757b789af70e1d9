import { describe, expect, it } from "vitest";
import { formatUsd } from "./format-usd.js";

describe("formatUsd", () => {
  it("shows cents, and never a small price as free", () => {
    expect(formatUsd(120_000)).toBe("$0.12");
    expect(formatUsd(1_200_000)).toBe("$1.20");
    expect(formatUsd(38_400)).toBe("$0.04");
    expect(formatUsd(10_000)).toBe("$0.01");
    expect(formatUsd(4_000)).toBe("$0.004");
    expect(formatUsd(0)).toBe("$0.00");
  });
});
