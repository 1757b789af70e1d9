import { TaskError } from "../outcome/errors.js";
import type { CancelSignal } from "../runtime/cancellation.js";

/**
 * How one item ended: the same shape as ES2020's `PromiseSettledResult`, spelled out because the core builds
 * against ES2017 (Figma) and does not use `Promise.allSettled`.
 */
export type BatchResult<R> = { status: "fulfilled"; value: R } | { status: "rejected"; reason: unknown };

export interface BatchOptions<T, R> {
  /** Items in flight at once (at least 1). */
  concurrency: number;
  /** Once cancelled, items not yet started are settled as ABORTED without running (see {@link wasNotStarted}). */
  signal?: CancelSignal;
  /** Called as each item settles, so results can be reported while the rest still run. */
  onSettled?: (item: T, result: BatchResult<R>, index: number) => void;
}

/** The rejections runBatch made for items it never started, so a summary can tell them from failures. */
const notStarted = new WeakSet<object>();

/**
 * Runs `worker` over `items` with at most `concurrency` in flight. A failure never stops the others; the
 * results come back in input order. It never rejects (a throwing `onSettled` aside).
 */
export async function runBatch<T, R>(
  items: readonly T[],
  worker: (item: T, index: number) => Promise<R>,
  options: BatchOptions<T, R>,
): Promise<BatchResult<R>[]> {
  const { signal } = options;
  const results: BatchResult<R>[] = new Array(items.length);
  let next = 0;

  const settle = (index: number, result: BatchResult<R>) => {
    results[index] = result;
    options.onSettled?.(items[index] as T, result, index);
  };

  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      if (signal?.aborted) {
        settle(index, { status: "rejected", reason: notStartedError(signal.reason) });
        continue;
      }
      try {
        settle(index, { status: "fulfilled", value: await worker(item, index) });
      } catch (reason) {
        settle(index, { status: "rejected", reason });
      }
    }
  };

  const lanes = Math.max(1, Math.min(Math.floor(options.concurrency) || 1, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}

/** True for an item the batch never started because it was cancelled first: neither done nor failed. */
export function wasNotStarted(result: BatchResult<unknown>): boolean {
  return result.status === "rejected" && result.reason instanceof TaskError && notStarted.has(result.reason);
}

function notStartedError(cause: unknown): TaskError {
  // One error per item: the signal's own reason may also be what a running item rejected with.
  const error = new TaskError("ABORTED", "Not started: cancelled before its turn.", { cause });
  notStarted.add(error);
  return error;
}
