import { createTaskLedger, memoryLedgerStorage } from "@upscale/core";
import { describe, expect, it } from "vitest";
import { createRunLedger, hashOfTarget, imageTarget } from "./run-ledger.js";

const generation = (taskId: string) => ({
  taskId,
  vendor: "ideogram" as const,
  kind: "upscale" as const,
  createdAt: 1,
});

describe("createRunLedger", () => {
  it("records each image's generation with its name and hash, and settles only when flushed", async () => {
    const ledger = createTaskLedger(memoryLedgerStorage());
    const run = createRunLedger(ledger);
    const photo = run.forImage({ id: "hash-photo", name: "Photo" });
    await photo.add(generation("generation-0001"));
    await run.forImage({ id: "hash-badge", name: "Badge" }).add(generation("generation-0002"));
    expect(await ledger.pending()).toMatchObject([
      { taskId: "generation-0001", label: "Photo", target: "image:hash-photo" },
      { taskId: "generation-0002", label: "Badge", target: "image:hash-badge" },
    ]);

    await photo.settle("generation-0001");
    expect(await ledger.pending()).toHaveLength(2);
    await run.flush();
    expect((await ledger.pending()).map((entry) => entry.taskId)).toEqual(["generation-0002"]);
  });

  it("reads the hash back from a target it wrote, and nothing from others", () => {
    expect(hashOfTarget(imageTarget("abc123"))).toBe("abc123");
    expect(hashOfTarget("node:1:2")).toBeUndefined();
    expect(hashOfTarget(undefined)).toBeUndefined();
  });
});
