import { describe, expect, it } from "vitest";
import { describeGptunnelBalance } from "./describe-balance.js";

describe("describeGptunnelBalance", () => {
  it("says the balance, the credit limit and what is left to spend, a negative balance included", () => {
    expect(describeGptunnelBalance({ balance: -51.54397, creditLimit: 15000 })).toBe(
      "GPTunnel balance: -51.54 ₽, credit limit 15000.00 ₽ (14948.46 ₽ left to spend)",
    );
    expect(describeGptunnelBalance({ balance: 120, creditLimit: 0 })).toBe(
      "GPTunnel balance: 120.00 ₽, no credit limit",
    );
  });
});
