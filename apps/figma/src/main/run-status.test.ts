import { describe, expect, it } from "vitest";
import type { RunStatus } from "../shared/messages.js";
import { notice } from "./run-error.js";
import { createRunStatus, summarize } from "./run-status.js";

describe("createRunStatus", () => {
  it("publishes every change with a batch summary, and the final status", () => {
    const published: RunStatus[] = [];
    const run = createRunStatus("upscale", (status) => published.push(status));
    run.add({ id: "a", label: "Photo", state: "queued" });
    run.add({ id: "b", label: "Logo", state: "queued" });
    run.update("a", { state: "done", percent: 100 });
    expect(published.at(-1)?.summary).toBe("1 of 2 done");
    const final = run.finish(notice("Cancelled."));
    expect(final).toMatchObject({ running: false, summary: "1 done, 1 cancelled", error: { message: "Cancelled." } });
    expect(published).toHaveLength(4);
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
