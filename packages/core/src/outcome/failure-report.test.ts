import { describe, expect, it } from "vitest";
import { ApiError, NetworkError, TaskError, UpscaleError } from "./errors.js";
import { failureReport } from "./failure-report.js";
import { markSettledForGood } from "./resumable.js";

const TASK = "6558a19c0bfe4600011437cd";

describe("failureReport", () => {
  it("offers no retry for a billed call that may have reached the vendor, and says it may be charged", () => {
    const error = new NetworkError("reset", { mayHaveReachedServer: true, charged: "maybe" });
    expect(failureReport(error, { billed: true })).toMatchObject({ code: "NETWORK", next: "none", charged: "maybe" });
  });

  it("offers a retry for a network failure that charged nothing, saying whether the retry is billed", () => {
    const error = new NetworkError("refused", { mayHaveReachedServer: false });
    expect(failureReport(error, { billed: true })).toMatchObject({ next: "retry", retryCharges: true });
    expect(failureReport(error, { billed: false })).toMatchObject({ next: "retry", retryCharges: false });
  });

  it("resumes a paid task that can still finish, and carries its id only then", () => {
    const timedOut = new TaskError("TIMEOUT", "still running", { taskId: TASK });
    expect(failureReport(timedOut, { billed: true })).toMatchObject({ next: "resume", taskId: TASK });
    const failed = new TaskError("TASK_FAILED", "failed", { taskId: TASK });
    expect(failureReport(failed, { billed: true }).taskId).toBeUndefined();
    const unknown = new ApiError("INVALID_REQUEST", "no such task", { status: 400, taskId: TASK });
    markSettledForGood(unknown);
    expect(failureReport(unknown, { billed: true })).toMatchObject({ next: "fix-settings" });
    expect(failureReport(unknown, { billed: true }).taskId).toBeUndefined();
  });

  it("carries a paid result's link and never offers the paid call again", () => {
    const error = new UpscaleError("NOT_FOUND", "link expired", { charged: "yes", resultUrl: "https://img/x.png" });
    expect(failureReport(error, { billed: true })).toMatchObject({ resultUrl: "https://img/x.png", charged: "yes" });
    const withheld = new ApiError("UNSAFE_CONTENT", "withheld", { status: 200, charged: "yes" });
    expect(failureReport(withheld, { billed: true })).toMatchObject({ next: "none", charged: "yes" });
  });

  it("offers no settings fix for an expired paid link: nothing but the link can help", () => {
    const expired = new UpscaleError("NOT_FOUND", "link expired", { charged: "yes", resultUrl: "https://img/x.png" });
    expect(failureReport(expired, { billed: true })).toMatchObject({ next: "none", resultUrl: "https://img/x.png" });
  });

  it.each([
    ["AUTH", "set-key"],
    ["INSUFFICIENT_BALANCE", "top-up"],
    ["INVALID_REQUEST", "fix-settings"],
    ["SERVER_ERROR", "retry"],
    ["UNSUPPORTED_IMAGE", "none"],
    ["ABORTED", "none"],
  ] as const)("%s → %s", (code, next) => {
    expect(failureReport(new UpscaleError(code, "m"), { billed: false }).next).toBe(next);
  });

  it("masks secrets, and does not blindly retry an unexpected failure of a billed call", () => {
    const report = failureReport(new Error("boom sk-123456789"), {
      billed: true,
      redact: (t) => t.replace(/sk-\d+/, "***"),
    });
    expect(report).toMatchObject({ code: "UNEXPECTED", message: "boom ***", next: "none" });
    expect(failureReport(new Error("boom"), { billed: false }).next).toBe("retry");
  });
});
