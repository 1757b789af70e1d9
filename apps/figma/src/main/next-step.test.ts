import { InputError, NetworkError, UpscaleError } from "@upscale/core";
import { describe, expect, it } from "vitest";
import { errorMessage, nextStepFor } from "./next-step.js";

describe("nextStepFor", () => {
  it("offers to set the key for an auth failure and to retry a passing failure", () => {
    expect(nextStepFor(new InputError("AUTH", "No key"))).toBe("set-key");
    expect(nextStepFor(new NetworkError("reset", { mayHaveReachedServer: false }))).toBe("retry");
    expect(nextStepFor(new UpscaleError("SERVER_ERROR", "503"))).toBe("retry");
  });

  it("offers nothing where trying again cannot help", () => {
    expect(nextStepFor(new InputError("UNSUPPORTED_IMAGE", "animated GIF"))).toBeUndefined();
    expect(nextStepFor(new UpscaleError("UNSAFE_CONTENT", "unsafe"))).toBeUndefined();
  });
});

describe("errorMessage", () => {
  it("uses the error's own message", () => {
    expect(errorMessage(new UpscaleError("AUTH", "Check the key."))).toBe("Check the key.");
    expect(errorMessage("boom")).toBe("Something went wrong: boom");
  });
});
