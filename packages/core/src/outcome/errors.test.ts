import { describe, expect, it } from "vitest";
import { ApiError, abortError, InputError, isUpscaleError, NetworkError, TaskError, UpscaleError } from "./errors.js";

describe("UpscaleError and its subclasses", () => {
  it("carries code, message, cause, retryAfter and taskId", () => {
    const cause = new Error("low level");
    const error = new UpscaleError("RATE_LIMITED", "Wait 5 s.", { cause, retryAfter: 5, taskId: "t1" });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("UpscaleError");
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).toBe("Wait 5 s.");
    expect(error.cause).toBe(cause);
    expect(error.retryAfter).toBe(5);
    expect(error.taskId).toBe("t1");
    expect(String(error)).toBe("UpscaleError: Wait 5 s.");
  });

  it("has no cause property when none was given", () => {
    expect("cause" in new UpscaleError("TIMEOUT", "slow")).toBe(false);
  });

  it("ApiError adds the HTTP status and the vendor's message and type", () => {
    const error = new ApiError("AUTH", "Check the key.", { status: 401, vendorMessage: "bad", vendorType: "x" });
    expect(error).toBeInstanceOf(UpscaleError);
    expect(error.name).toBe("ApiError");
    expect([error.status, error.vendorMessage, error.vendorType]).toEqual([401, "bad", "x"]);
  });

  it("NetworkError is always code NETWORK and says whether the request may have been received", () => {
    const error = new NetworkError("reset", { mayHaveReachedServer: true });
    expect(error.code).toBe("NETWORK");
    expect(error.name).toBe("NetworkError");
    expect(error.mayHaveReachedServer).toBe(true);
  });

  it("serialises to JSON with its code and fields, for logs and IPC", () => {
    const error = new ApiError("NOT_FOUND", "gone", { status: 404, taskId: "t" });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "ApiError",
      code: "NOT_FOUND",
      status: 404,
      taskId: "t",
    });
  });

  it.each([
    [new InputError("INVALID_REQUEST", "x"), "InputError"],
    [new TaskError("TASK_FAILED", "x"), "TaskError"],
  ])("%s keeps its class name", (error, name) => {
    expect(error.name).toBe(name);
    expect(isUpscaleError(error)).toBe(true);
  });

  it("isUpscaleError rejects plain errors and non-errors", () => {
    expect(isUpscaleError(new Error("x"))).toBe(false);
    expect(isUpscaleError({ code: "AUTH" })).toBe(false);
    expect(isUpscaleError(undefined)).toBe(false);
  });
});

describe("abortError", () => {
  it("is an ABORTED TaskError keeping the abort reason as cause", () => {
    const controller = new AbortController();
    controller.abort("user pressed cancel");
    const error = abortError(controller.signal);
    expect(error).toBeInstanceOf(TaskError);
    expect(error.code).toBe("ABORTED");
    expect(error.cause).toBe("user pressed cancel");
    expect(error.message).toBe("Cancelled.");
  });

  it("names the submitted task so it can be resumed", () => {
    const error = abortError(undefined, "6558a19c0bfe4600011437cd");
    expect(error.taskId).toBe("6558a19c0bfe4600011437cd");
    expect(error.message).toContain("resume it by its id");
  });

  it("passes an UpscaleError reason through unchanged", () => {
    const controller = new AbortController();
    const reason = new TaskError("TIMEOUT", "deadline");
    controller.abort(reason);
    expect(abortError(controller.signal)).toBe(reason);
  });
});
