import { failureReport, type JobEvent, type KeptImage } from "@upscale/core";
import { ApiError, TaskError } from "@upscale/core/provider-kit";
import { describe, expect, it } from "vitest";
import { FileError } from "./cli-errors.js";
import { Reporter } from "./reporter.js";
import { MIDJOURNEY_RESUME } from "./resume-hints.js";

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

const subject = (id: string) => ({ id, name: id });
const image: KeptImage = {
  bytes: new Uint8Array(),
  mimeType: "image/png",
  width: 20,
  height: 10,
  fileName: "a@2x.png",
  notes: [],
};
const saved = (id: string, extra: Partial<KeptImage> = {}): JobEvent<string> => ({
  type: "saved",
  source: subject(id),
  saved: id.replace(".png", "@2x.png"),
  image: { ...image, ...extra },
});
const failed = (id: string, error: unknown): JobEvent<string> => ({
  type: "failed",
  source: subject(id),
  report: failureReport(error, { billed: false }),
  error,
});
const options = { json: false, secrets: [], total: 2, provider: "local" };

describe("Reporter", () => {
  it("off a terminal: plain result lines on stdout, failures, notes and the summary on stderr, no bar", () => {
    const { out, streams: s } = streams(false);
    const reporter = new Reporter(s, options);
    reporter.onEvent({ type: "queued", source: subject("a.png") });
    reporter.onEvent({ type: "started", source: subject("a.png") });
    reporter.onEvent({ type: "progress", source: subject("a.png"), stage: "processing", percent: 50, words: "…" });
    reporter.onEvent(saved("a.png", { notes: ["Kept as PNG: converting it to WebP failed (too wide)."] }));
    reporter.onEvent(failed("b.png", new ApiError("AUTH", "Check the key.", { status: 401 })));
    reporter.finish(2000);
    expect(out.stdout).toMatch(/^a\.png → a@2x\.png \(20×10, \d+ ms\)\n$/);
    expect(out.stderr).toBe(
      "a.png: Kept as PNG: converting it to WebP failed (too wide).\n✗ b.png: Check the key.\n1 of 2 done, 1 failed in 2.0 s.\n",
    );
    expect(reporter.failureCount).toBe(1);
  });

  it("counts inputs never started (interrupted) apart from failures; a cancel mid-run is a failure", () => {
    const { out, streams: s } = streams(false);
    const reporter = new Reporter(s, { ...options, total: 3 });
    const notStarted = failureReport(new TaskError("ABORTED", "Not started: cancelled before its turn."), {
      billed: false,
    });
    const cancelled = failureReport(new TaskError("ABORTED", "Cancelled."), { billed: false });
    reporter.onEvent(saved("a.png"));
    reporter.onEvent({ type: "cancelled", source: subject("b.png"), started: true, report: cancelled });
    reporter.onEvent({ type: "cancelled", source: subject("c.png"), started: false, report: notStarted });
    reporter.finish(20);
    expect(out.stderr).toBe(
      "✗ b.png: Cancelled.\n· c.png: not started (interrupted)\n1 of 3 done, 1 failed, 1 not started in 20 ms.\n",
    );
    expect(reporter.failureCount).toBe(2);
  });

  it("with --json: one object per input on stdout, with the CLI's own code for its file errors", () => {
    const { out, streams: s } = streams(false);
    const reporter = new Reporter(s, { ...options, json: true, provider: "midjourney" });
    reporter.onEvent(failed("b.png", new ApiError("AUTH", "Check the key.", { status: 401 })));
    reporter.onEvent(failed("c.png", new FileError("OUTPUT_EXISTS", "c@2x.png already exists.")));
    reporter.onEvent(saved("t", { taskId: "6558a19c0bfe4600011437cd" }));
    const lines = out.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { input: "b.png", error: { code: "AUTH", message: "Check the key." } },
      { input: "c.png", error: { code: "OUTPUT_EXISTS", message: "c@2x.png already exists." } },
      {
        input: "t",
        output: "t",
        provider: "midjourney",
        width: 20,
        height: 10,
        ms: expect.any(Number),
        taskId: "6558a19c0bfe4600011437cd",
      },
    ]);
  });

  it("announces a task the moment it exists, shows a paid result's link, and keeps the billed count", () => {
    const { out, streams: s } = streams(false);
    const billed = { inFlight: 0, recorded: 0 };
    const reporter = new Reporter(s, { ...options, billed, resume: MIDJOURNEY_RESUME });
    const taskId = "6558a19c0bfe4600011437cd";
    reporter.onEvent({ type: "billing", source: subject("fox"), inFlight: true });
    expect(billed).toEqual({ inFlight: 1, recorded: 0 });
    reporter.onEvent({ type: "billing", source: subject("fox"), inFlight: false });
    reporter.onEvent({ type: "task-created", source: subject("fox"), taskId });
    const report = {
      code: "NETWORK" as const,
      message: "Not downloaded.",
      next: "none" as const,
      retryCharges: false,
      resultUrl: "https://img/x.png",
    };
    reporter.onEvent({ type: "failed", source: subject("a.png"), report, error: undefined });
    expect(billed.inFlight).toBe(0);
    expect(reporter.taskIds).toEqual(new Set([taskId]));
    expect(out.stderr).toBe(
      `Midjourney task ${taskId} started for fox. If interrupted: upscale midjourney resume ${taskId}\n` +
        "✗ a.png: Not downloaded.\n  result link: https://img/x.png\n",
    );
  });

  it("counts a billed call whose paid task is recorded, for a forced quit to point at `upscale resume`", () => {
    const { out, streams: s } = streams(false);
    const billed = { inFlight: 0, recorded: 0 };
    const resume = { noun: "Ideogram generation", command: () => "upscale resume --provider ideogram" };
    const reporter = new Reporter(s, { ...options, billed, resume });
    reporter.onEvent({ type: "billing", source: subject("a.png"), inFlight: true });
    reporter.onEvent({ type: "billing", source: subject("b.png"), inFlight: true });
    reporter.onEvent({ type: "task-created", source: subject("a.png"), taskId: "gen_000000001" });
    expect(billed).toEqual({ inFlight: 2, recorded: 1 });
    reporter.onEvent({ type: "billing", source: subject("a.png"), inFlight: false });
    expect(billed).toEqual({ inFlight: 1, recorded: 0 });
    expect(out.stderr).toBe(
      "Ideogram generation gen_000000001 started for a.png. If interrupted: upscale resume --provider ideogram\n",
    );
  });

  it("says what was spent: each result's cost, the total, and charges without a result", () => {
    const { out, streams: s } = streams(false);
    const reporter = new Reporter(s, { ...options, total: 3, provider: "ideogram" });
    reporter.onEvent(saved("a.png", { costUsd: 0.0384 }));
    reporter.onEvent(saved("b.png", { costUsd: 0.01 }));
    const withheld = new TaskError("UNSAFE_CONTENT", "Charged, withheld by Ideogram's safety check.", {
      charged: "yes",
    });
    reporter.onEvent(failed("c.png", withheld));
    reporter.finish(1500);
    expect(out.stdout).toMatch(
      /^a\.png → a@2x\.png \(20×10, \d+ ms, \$0\.0384\)\nb\.png → b@2x\.png \(20×10, \d+ ms, \$0\.01\)\n$/,
    );
    expect(out.stderr).toBe(
      "✗ c.png: Charged, withheld by Ideogram's safety check.\n2 of 3 done, 1 failed in 1.5 s.\n" +
        "Spent $0.0484 (billed by the vendor for 2 results); 1 more was charged without a result (see above).\n",
    );
  });

  it("accounts for every input: skipped ones with why, quotes, and a batch refused before paying", () => {
    const human = streams(false);
    const reporter = new Reporter(human.streams, { ...options, total: 4, doneWord: "quoted" });
    reporter.onEvent({ type: "skipped", source: subject("icon.heic"), reason: "HEIC images are not upscaled." });
    reporter.quoted("a.png", "auto", { usdMicros: 10_000, upperBoundUsdMicros: 30_000, qualifier: "estimate" });
    reporter.quoted("b.png", "auto", { usdMicros: 20_000, upperBoundUsdMicros: 20_000, qualifier: "exact" });
    reporter.refused(["c.png"], "OVER_MAX_COST", "Not sent: above --max-cost $0.01.");
    reporter.finish(10);
    expect(human.out.stdout).toBe("a.png: about $0.01 (at most $0.03)\nb.png: $0.02\n");
    expect(human.out.stderr).toBe(
      "· icon.heic: skipped: HEIC images are not upscaled.\nNot sent: above --max-cost $0.01.\n" +
        "2 of 4 quoted, 1 skipped, 1 not sent in 10 ms.\n",
    );
    expect(reporter.failureCount).toBe(1);

    const json = streams(false);
    const jsonReporter = new Reporter(json.streams, { ...options, json: true, provider: "ideogram" });
    jsonReporter.onEvent({ type: "skipped", source: subject("icon.heic"), reason: "HEIC." });
    jsonReporter.quoted("a.png", "auto", { usdMicros: 10_000, upperBoundUsdMicros: 30_000, qualifier: "estimate" });
    jsonReporter.refused(["c.png", "d.png"], "OVER_MAX_COST", "Not sent.");
    jsonReporter.onEvent(saved("e.png", { costUsd: 0.01, taskId: "gen_000000001" }));
    expect(
      json.out.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { input: "icon.heic", skipped: "HEIC." },
      {
        input: "a.png",
        model: "auto",
        priceUsd: 0.01,
        upperBoundUsd: 0.03,
        qualifier: "estimate",
        provider: "ideogram",
      },
      { input: "c.png", error: { code: "OVER_MAX_COST", message: "Not sent." } },
      { input: "d.png", error: { code: "OVER_MAX_COST", message: "Not sent." } },
      {
        input: "e.png",
        output: "e@2x.png",
        provider: "ideogram",
        width: 20,
        height: 10,
        ms: expect.any(Number),
        costUsd: 0.01,
        taskId: "gen_000000001",
      },
    ]);
  });

  it("on a terminal: the bar counts a result before the result's line is printed, and is erased at the end", () => {
    const { out, streams: s } = streams(true);
    const reporter = new Reporter(s, options);
    reporter.onEvent({ type: "started", source: subject("a.png") });
    expect(out.stderr).toMatch(/0% · 0\/2 files$/);
    reporter.onEvent(saved("a.png"));
    expect(out.stderr).toMatch(/50% · 1\/2 files$/);
    reporter.finish(20);
    expect(out.stderr.endsWith("\r\x1b[2K1 of 2 done in 20 ms.\n")).toBe(true);
  });

  it("masks API keys in everything it prints", () => {
    const { out, streams: s } = streams(false);
    const reporter = new Reporter(s, { ...options, json: true, secrets: ["sk-live-1234"] });
    reporter.onEvent(failed("a.png", new Error("header sk-live-1234 rejected")));
    reporter.note("key sk-live-1234");
    expect(out.stdout + out.stderr).not.toContain("sk-live-1234");
    expect(out.stdout).toContain("[REDACTED]");
  });
});
