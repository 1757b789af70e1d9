import { isUpscaleError } from "../outcome/errors.js";
import { type FailureContext, type FailureReport, failureReport } from "../outcome/failure-report.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import type { JobEvent, JobsSummary } from "./job-events.js";
import type { JobSubject, KeptImage } from "./job-ports.js";
import { createJobSignals, type JobSignal } from "./job-signals.js";
import { runBatch, wasNotStarted } from "./run-batch.js";

/** How one job that ran ended. */
export type JobOutcome<Saved> =
  | { type: "saved"; saved: Saved; image: KeptImage }
  | { type: "failed"; report: FailureReport; error: unknown }
  | { type: "skipped"; reason: string }
  | { type: "cancelled"; report: FailureReport };

export interface JobBatchOptions<Saved, S extends JobSubject> {
  concurrency: number;
  signal: CancelSignal | undefined;
  onEvent: (event: JobEvent<Saved, S>) => void;
}

/**
 * Runs one job per item, `concurrency` at a time, each under its own signal: `queued` for all, `started` as each
 * begins, and one closing event per item (what `work` says, or `cancelled` for an item the cancel reached before
 * its turn), collected into the summary.
 */
export async function runJobBatch<T extends { source: S }, Saved, S extends JobSubject>(
  items: readonly T[],
  work: (item: T, job: JobSignal) => Promise<JobOutcome<Saved>>,
  options: JobBatchOptions<Saved, S>,
): Promise<JobsSummary<Saved, S>> {
  const { onEvent: emit } = options;
  const summary: JobsSummary<Saved, S> = { saved: [], failed: [], skipped: [], cancelled: [] };
  const signals = createJobSignals(options.signal);

  const close = (source: S, outcome: JobOutcome<Saved>, started: boolean) => {
    switch (outcome.type) {
      case "saved":
        summary.saved.push({ source, saved: outcome.saved, image: outcome.image });
        emit({ type: "saved", source, saved: outcome.saved, image: outcome.image });
        return;
      case "failed":
        summary.failed.push({ source, report: outcome.report });
        emit({ type: "failed", source, report: outcome.report, error: outcome.error });
        return;
      case "skipped":
        summary.skipped.push({ source, reason: outcome.reason });
        emit({ type: "skipped", source, reason: outcome.reason });
        return;
      case "cancelled":
        summary.cancelled.push(source);
        emit({ type: "cancelled", source, started, report: outcome.report });
        return;
    }
  };

  for (const item of items) emit({ type: "queued", source: item.source });
  await runBatch(
    items,
    async (item) => {
      const job = signals.open();
      try {
        emit({ type: "started", source: item.source });
        return await work(item, job);
      } finally {
        job.close();
      }
    },
    {
      concurrency: options.concurrency,
      signal: options.signal,
      onSettled: (item, settled) => {
        if (settled.status === "fulfilled") close(item.source, settled.value, true);
        else if (wasNotStarted(settled)) close(item.source, outcomeOfError(settled.reason, { billed: false }), false);
        // `work` reports its own failures: only an app's throwing `onEvent` or a bug lands here.
        else close(item.source, outcomeOfError(settled.reason, { billed: false }), true);
      },
    },
  );
  return summary;
}

/** A cancel (ABORTED) is `cancelled`; anything else `failed`. Either way the report says what can be done next. */
export function outcomeOfError(error: unknown, context: FailureContext): JobOutcome<never> {
  const report = failureReport(error, context);
  if (isUpscaleError(error) && error.code === "ABORTED") return { type: "cancelled", report };
  return { type: "failed", report, error };
}
