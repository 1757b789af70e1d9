import { encodeLedgerTarget } from "@upscale/core";
import { describe, expect, it } from "vitest";
import { hashOfTarget, imageTarget } from "./canvas-target.js";

describe("canvas image targets", () => {
  it("name an image by hash, also through a ledger entry's text", () => {
    const target = imageTarget("f00d");
    expect(hashOfTarget(target)).toBe("f00d");
    expect(hashOfTarget(encodeLedgerTarget(target))).toBe("f00d");
  });

  it("read nothing from other targets", () => {
    expect(hashOfTarget({ kind: "node", id: "1:2" })).toBeUndefined();
    expect(hashOfTarget("/tmp/a.png")).toBeUndefined();
    expect(hashOfTarget(undefined)).toBeUndefined();
  });
});
