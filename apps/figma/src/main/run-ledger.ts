import type { TaskLedger } from "@upscale/core";

/** A ledger target naming the canvas image a generation upscales: where its result goes is kept by that hash. */
const IMAGE_TARGET = "image:";

export function imageTarget(hash: string): string {
  return `${IMAGE_TARGET}${hash}`;
}

/** The image hash a ledger entry's target names, if it is one this plugin wrote. */
export function hashOfTarget(target: string | undefined): string | undefined {
  return target?.startsWith(IMAGE_TARGET) ? target.slice(IMAGE_TARGET.length) : undefined;
}

export interface RunLedger {
  /** The ledger one canvas image's upscale writes to: its entry names the image (label) and its hash (target). */
  forImage(image: { id: string; name: string }): TaskLedger;
  /** Settles what the run's upscales asked to settle: call once their results are on the canvas (or dropped). */
  flush(): Promise<void>;
}

/**
 * The ledger as one upscale run sees it. The core settles a generation as soon as its image is downloaded, but
 * the canvas is written only when the whole run has settled: until then a closed plugin would lose an image paid
 * for. So settling waits for `flush`, and an entry left by a closed plugin is resumed when it opens again.
 */
export function createRunLedger(ledger: TaskLedger): RunLedger {
  const settled: string[] = [];
  return {
    forImage: (image) => ({
      add: (entry) => ledger.add(Object.assign({}, entry, { label: image.name, target: imageTarget(image.id) })),
      settle: async (taskId) => {
        settled.push(taskId);
      },
      pending: () => ledger.pending(),
    }),
    async flush() {
      for (const taskId of settled.splice(0)) await ledger.settle(taskId);
    },
  };
}
