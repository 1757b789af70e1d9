import { failureReport, UpscaleError } from "@upscale/core";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../shared/messages.js";
import { notice } from "./run-error.js";
import { createRunStatus, summarize } from "./run-status.js";

const photo = { id: "a", name: "Photo" };
const logo = { id: "b", name: "Logo" };

describe("createRunStatus", () => {
  it("publishes every job event as a line, with a batch summary, and the final status", () => {
    const published: RunStatus[] = [];
    const run = createRunStatus("upscale", (status) => published.push(status));
    run.render({ type: "queued", source: photo });
    run.render({ type: "queued", source: logo });
    run.render({ type: "started", source: photo });
    run.render({ type: "progress", source: photo, stage: "processing", words: "Ideogram is upscaling it" });
    expect(published.at(-1)?.items[0]).toMatchObject({ percent: 15, detail: "Ideogram is upscaling it" });
    const saved = { width: 64, height: 48, notes: ["Converted from WebP to PNG."] };
    const image = { bytes: new Uint8Array(), mimeType: "image/png", width: 64, height: 48, fileName: "a", notes: [] };
    run.render({ type: "saved", source: photo, saved, image: image as never });
    expect(published.at(-1)?.items[0]).toMatchObject({
      state: "done",
      detail: "64×48 px; Converted from WebP to PNG.",
    });
    expect(published.at(-1)?.summary).toBe("1 of 2 done");
    const final = run.finish(notice("Cancelled."));
    expect(final).toMatchObject({ running: false, summary: "1 done, 1 cancelled", error: { message: "Cancelled." } });
    expect(published).toHaveLength(6);
  });

  it("names a task by its id once it exists, and carries a failure's paid link on its line", () => {
    const published: RunStatus[] = [];
    const run = createRunStatus("midjourney", (status) => published.push(status));
    const task = { id: "task", name: "Imagine “a fox”" };
    run.render({ type: "queued", source: task });
    run.render({ type: "task-created", source: task, taskId: "6558a19c0bfe4600011437cd" });
    run.render({ type: "progress", source: task, stage: "waiting", percent: 40, words: "Midjourney is working on it" });
    expect(published.at(-1)?.items[0]).toMatchObject({
      percent: 40,
      detail: "Midjourney is working on it · task 6558a19c0bfe4600011437cd",
    });
    const error = new UpscaleError("SERVER_ERROR", "no download", { charged: "yes", resultUrl: "https://img/x.png" });
    run.render({ type: "failed", source: task, report: failureReport(error, { billed: true }), error });
    expect(published.at(-1)?.items[0]).toMatchObject({ state: "failed", resultUrl: "https://img/x.png" });
  });

  it("says which line is let finish after a cancel: the one whose billed call is out", () => {
    const published: RunStatus[] = [];
    const run = createRunStatus("upscale", (status) => published.push(status));
    run.render({ type: "queued", source: photo });
    run.render({ type: "queued", source: logo });
    run.render({ type: "billing", source: photo, inFlight: true });
    run.cancelling();
    expect(published.at(-1)?.items.map((item) => item.detail)).toEqual([
      "cancelling: the upscale already sent is paid for, so it is let finish",
      undefined,
    ]);
  });
});

describe("summarize", () => {
  it("names failures and skips at the end", () => {
    const items = [
      { id: "1", label: "", state: "done" as const },
      { id: "2", label: "", state: "failed" as const },
      { id: "3", label: "", state: "skipped" as const },
    ];
    expect(summarize(items, false)).toBe("1 done, 1 failed, 1 skipped");
  });
});
