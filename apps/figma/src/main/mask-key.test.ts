import { describe, expect, it } from "vitest";
import { maskKey } from "./mask-key.js";

describe("maskKey", () => {
  it("says a missing key is not set", () => {
    expect(maskKey(undefined)).toEqual({ set: false, masked: "" });
    expect(maskKey("")).toEqual({ set: false, masked: "" });
  });

  it("shows only the last four characters of a long key", () => {
    const masked = maskKey("sk-abcdefghijklmnop1234");
    expect(masked.set).toBe(true);
    expect(masked.masked.endsWith("1234")).toBe(true);
    expect(masked.masked).not.toContain("abcdefgh");
  });

  it("shows nothing of a short key", () => {
    expect(maskKey("short-key").masked).not.toMatch(/[a-z]/);
  });
});
