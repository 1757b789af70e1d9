import { ApiError, TaskError } from "@upscale/core";
import { describe, expect, it } from "vitest";
import { FileError } from "./cli-errors.js";
import { describeError, failureRecord, jsonLine, successRecord } from "./json-lines.js";

describe("JSON lines", () => {
  it("writes a success as {input, output, provider, width, height, ms}", () => {
    const result = { output: "a@2x.png", provider: "local", width: 64, height: 32 };
    expect(jsonLine(successRecord("a.png", result, 12.6))).toBe(
      '{"input":"a.png","output":"a@2x.png","provider":"local","width":64,"height":32,"ms":13}\n',
    );
    expect(successRecord("g.png", { ...result, provider: "midjourney", taskId: "t1" }, 1)).toMatchObject({
      taskId: "t1",
    });
  });

  it("writes a failure as {input, error: {code, message}} for core, file and unexpected errors", () => {
    const balance = new ApiError("INSUFFICIENT_BALANCE", "Top up your balance.", { status: 402 });
    expect(failureRecord("a.png", balance)).toEqual({
      input: "a.png",
      error: { code: "INSUFFICIENT_BALANCE", message: "Top up your balance." },
    });
    expect(describeError(new FileError("OUTPUT_EXISTS", "exists"))).toEqual({
      code: "OUTPUT_EXISTS",
      message: "exists",
    });
    expect(describeError(new TypeError("bad"))).toEqual({ code: "UNEXPECTED", message: "bad" });
    expect(describeError("odd")).toEqual({ code: "UNEXPECTED", message: "odd" });
  });

  it("keeps the task id of a failure that can be resumed", () => {
    const timeout = new TaskError("TIMEOUT", "Gave up waiting.", { taskId: "abc" });
    expect(describeError(timeout)).toEqual({ code: "TIMEOUT", message: "Gave up waiting.", taskId: "abc" });
  });
});
