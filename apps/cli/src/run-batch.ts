import { abortError } from "@upscale/core";

export interface BatchOptions<T, R> {
  /** Items in flight at once (at least 1). */
  concurrency: number;
  /** Once aborted, items not yet started are settled as ABORTED without running. */
  signal?: AbortSignal;
  /** Called as each item settles, so results can be reported while the rest still run. */
  onSettled?: (item: T, result: PromiseSettledResult<R>, index: number) => void;
}

/**
 * Runs `worker` over `items` with at most `concurrency` in flight. A failure never stops the others; the
 * results come back in input order.
 */
export async function runBatch<T, R>(
  items: readonly T[],
  worker: (item: T, index: number) => Promise<R>,
  options: BatchOptions<T, R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;

  const settle = (index: number, result: PromiseSettledResult<R>) => {
    results[index] = result;
    options.onSettled?.(items[index] as T, result, index);
  };

  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      if (options.signal?.aborted) {
        settle(index, { status: "rejected", reason: abortError(options.signal) });
        continue;
      }
      try {
        settle(index, { status: "fulfilled", value: await worker(item, index) });
      } catch (reason) {
        settle(index, { status: "rejected", reason });
      }
    }
  };

  const lanes = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}
