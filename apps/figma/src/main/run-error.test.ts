import { failureReport, UpscaleError } from "@upscale/core";
import { NetworkError } from "@upscale/core/provider-kit";
import { describe, expect, it } from "vitest";
import { batchError, notice } from "./run-error.js";

describe("batchError", () => {
  const passing = failureReport(new UpscaleError("SERVER_ERROR", "503"), { billed: true });
  const maybeCharged = failureReport(new NetworkError("reset", { mayHaveReachedServer: true, charged: "maybe" }), {
    billed: true,
  });

  it("offers Retry only when every failure of the batch may be sent again", () => {
    expect(batchError([passing, passing])?.next).toBe("retry");
    expect(batchError([passing, maybeCharged])).toBe(maybeCharged);
    expect(batchError([])).toBeUndefined();
  });
});

describe("notice", () => {
  it("says something and offers nothing", () => {
    expect(notice("Cancelled.")).toEqual({ message: "Cancelled.", next: "none", retryCharges: false });
  });
});
