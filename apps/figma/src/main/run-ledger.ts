import type { TaskLedger } from "@upscale/core";

export interface RunLedger {
  /** The ledger the run's provider records its generations in. */
  ledger: TaskLedger;
  /** Settles what the run's upscales asked to settle: call once their results are on the canvas (or dropped). */
  flush(): Promise<void>;
}

/**
 * The ledger as one upscale run sees it. The core settles a generation as soon as its image is downloaded, but
 * the canvas is written only when the whole run has settled (one undo step): until then a closed plugin would
 * lose an image paid for. So settling waits for `flush`, and an entry a closed plugin left is resumed when it
 * opens again.
 */
export function createRunLedger(ledger: TaskLedger): RunLedger {
  const settled: string[] = [];
  return {
    ledger: {
      add: (entry) => ledger.add(entry),
      settle: async (taskId) => {
        settled.push(taskId);
      },
      pending: () => ledger.pending(),
    },
    async flush() {
      for (const taskId of settled.splice(0)) await ledger.settle(taskId);
    },
  };
}
