import { ApiError } from "@upscale/core";
import { describe, expect, it } from "vitest";
import { Reporter } from "./reporter.js";

function streams(isTTY: boolean) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    streams: {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { isTTY, columns: 60, write: (text: string) => (out.stderr += text) },
    },
  };
}

const result = { output: "a@2x.png", provider: "local", width: 20, height: 10 };

describe("Reporter", () => {
  it("off a terminal: plain result lines on stdout, failures and the summary on stderr, no bar", () => {
    const { out, streams: s } = streams(false);
    const reporter = new Reporter(s, { json: false, secrets: [], total: 2 });
    reporter.started("a.png");
    reporter.progress("a.png", 50);
    reporter.succeeded("a.png", result, 1500);
    reporter.failed("b.png", new ApiError("AUTH", "Check the key.", { status: 401 }));
    reporter.finish(2000);
    expect(out.stdout).toBe("a.png → a@2x.png (20×10, 1.5 s)\n");
    expect(out.stderr).toBe("✗ b.png: Check the key.\n1 of 2 done, 1 failed in 2.0 s.\n");
    expect(reporter.failureCount).toBe(1);
  });

  it("counts inputs never started (interrupted) apart from failures", () => {
    const { out, streams: s } = streams(false);
    const reporter = new Reporter(s, { json: false, secrets: [], total: 3 });
    reporter.succeeded("a.png", result, 10);
    reporter.failed("b.png", new ApiError("SERVER_ERROR", "Try later.", { status: 503 }));
    reporter.notStarted("c.png", new Error("Not started"));
    reporter.finish(20);
    expect(out.stderr).toBe(
      "✗ b.png: Try later.\n· c.png: not started (interrupted)\n1 of 3 done, 1 failed, 1 not started in 20 ms.\n",
    );
    expect(reporter.failureCount).toBe(2);
  });

  it("with --json: one object per input on stdout", () => {
    const { out, streams: s } = streams(false);
    const reporter = new Reporter(s, { json: true, secrets: [], total: 1 });
    reporter.failed("b.png", new ApiError("AUTH", "Check the key.", { status: 401 }));
    expect(out.stdout).toBe('{"input":"b.png","error":{"code":"AUTH","message":"Check the key."}}\n');
  });

  it("on a terminal: the bar counts a result before the result's line is printed, and is erased at the end", () => {
    const { out, streams: s } = streams(true);
    const reporter = new Reporter(s, { json: false, secrets: [], total: 2 });
    reporter.started("a.png");
    expect(out.stderr).toMatch(/0% · 0\/2 files$/);
    reporter.succeeded("a.png", result, 10);
    expect(out.stderr).toMatch(/50% · 1\/2 files$/);
    reporter.finish(20);
    expect(out.stderr.endsWith("\r\x1b[2K1 of 2 done in 20 ms.\n")).toBe(true);
  });

  it("masks API keys in everything it prints", () => {
    const { out, streams: s } = streams(false);
    const reporter = new Reporter(s, { json: true, secrets: ["sk-live-1234"], total: 1 });
    reporter.failed("a.png", new Error("header sk-live-1234 rejected"));
    reporter.note("key sk-live-1234");
    expect(out.stdout + out.stderr).not.toContain("sk-live-1234");
    expect(out.stdout).toContain("[REDACTED]");
  });
});
