import { describe, expect, it } from "vitest";
import { failureRecord, jsonLine, successRecord } from "./json-lines.js";

describe("JSON lines", () => {
  it("writes a success as {input, output, provider, width, height, ms} (+ taskId)", () => {
    const image = { width: 64, height: 32 };
    expect(jsonLine(successRecord("a.png", "a@2x.png", "local", image, 12.6))).toBe(
      '{"input":"a.png","output":"a@2x.png","provider":"local","width":64,"height":32,"ms":13}\n',
    );
    expect(successRecord("g.png", "x.png", "midjourney", { ...image, taskId: "t1" }, 1)).toMatchObject({
      taskId: "t1",
    });
  });

  it("writes a failure as {input, error: {code, message}}, with the task to resume and a paid link when there are", () => {
    const report = {
      code: "TIMEOUT" as const,
      message: "Gave up waiting.",
      next: "resume" as const,
      retryCharges: false,
    };
    expect(failureRecord("a.png", "TIMEOUT", report)).toEqual({
      input: "a.png",
      error: { code: "TIMEOUT", message: "Gave up waiting." },
    });
    expect(failureRecord("a.png", "TIMEOUT", { ...report, taskId: "abc", resultUrl: "https://x" })).toEqual({
      input: "a.png",
      error: { code: "TIMEOUT", message: "Gave up waiting.", taskId: "abc", resultUrl: "https://x" },
    });
  });
});
