import { createTaskLedger, memoryLedgerStorage } from "@upscale/core";
import { describe, expect, it } from "vitest";
import { createRunLedger } from "./run-ledger.js";

const generation = (taskId: string) => ({
  taskId,
  vendor: "ideogram" as const,
  kind: "upscale" as const,
  createdAt: 1,
});

describe("createRunLedger", () => {
  it("records at once, and settles only when flushed", async () => {
    const ledger = createTaskLedger(memoryLedgerStorage());
    const run = createRunLedger(ledger);
    await run.ledger.add(generation("generation-0001"));
    await run.ledger.add(generation("generation-0002"));
    expect(await ledger.pending()).toHaveLength(2);

    await run.ledger.settle("generation-0001");
    expect(await ledger.pending()).toHaveLength(2);
    await run.flush();
    expect((await ledger.pending()).map((entry) => entry.taskId)).toEqual(["generation-0002"]);
  });
});
