import {
  type CancelSignal,
  type FailureReport,
  failureReport,
  type ImageCodec,
  runBatch,
  type UpscaleProvider,
} from "@upscale/core";
import type { Placement, RunStatus } from "../shared/messages.js";
import { type ApplyOutcome, applyResults } from "./apply-results.js";
import type { CapturedSelection, ImageJob } from "./capture-image-fills.js";
import { batchError, notice } from "./run-error.js";
import { createRunStatus } from "./run-status.js";
import { type FittedImage, upscaleCanvasImage, WouldNotGrowError } from "./upscale-image.js";

export interface UpscaleRunOptions {
  provider: UpscaleProvider;
  codec: ImageCodec;
  signal: CancelSignal;
  placement: Placement;
  publish: (status: RunStatus) => void;
  /** Masks the stored keys in failure reports. */
  redact: (text: string) => string;
}

export interface UpscaleRunResult {
  status: RunStatus;
  outcome: ApplyOutcome | undefined;
  /** The images that failed: what "Retry" sends again. */
  failed: string[];
}

/** Percent shown per stage: Ideogram answers only when done, so its stages are all there is to show. */
const STAGE_PERCENT = { submitting: 5, processing: 15, waiting: 15, downloading: 80, done: 95 } as const;

/**
 * Upscales every captured image (each hash once, `maxInFlight` at a time) and writes the results only when all
 * have settled, so a cancel at any moment leaves the canvas as it was and the run is one undo step.
 */
export async function runUpscale(captured: CapturedSelection, options: UpscaleRunOptions): Promise<UpscaleRunResult> {
  const { provider, codec, signal, placement, publish, redact } = options;
  const run = createRunStatus("upscale", publish);
  for (const job of captured.jobs) run.add({ id: job.hash, label: jobLabel(job, captured), state: "queued" });

  const results = new Map<string, FittedImage>();
  const reports: FailureReport[] = [];
  const failed: string[] = [];
  await runBatch(
    captured.jobs,
    async (job) => {
      run.update(job.hash, { state: "running", percent: 0, detail: "reading the image" });
      const fitted = await upscaleCanvasImage(job.hash, {
        provider,
        codec,
        signal,
        onProgress: (progress) => {
          const percent = progress.percent ?? STAGE_PERCENT[progress.stage as keyof typeof STAGE_PERCENT];
          run.update(job.hash, { percent, detail: stageText(progress.stage, provider.id) });
        },
      });
      results.set(job.hash, fitted);
      const detail = [`${fitted.width}×${fitted.height} px`].concat(fitted.notes).join("; ");
      run.update(job.hash, { state: "done", percent: 100, detail });
      return fitted;
    },
    {
      concurrency: provider.capabilities.maxInFlight,
      signal,
      onSettled: (job, settled) => {
        if (settled.status === "fulfilled" || signal.aborted) return;
        const report = failureReport(settled.reason, { billed: provider.capabilities.charges, redact });
        if (settled.reason instanceof WouldNotGrowError) {
          run.update(job.hash, { state: "skipped", detail: report.message });
          return;
        }
        reports.push(report);
        failed.push(job.hash);
        run.update(job.hash, { state: "failed", detail: report.message, resultUrl: report.resultUrl });
      },
    },
  );

  if (signal.aborted) {
    for (const job of captured.jobs) {
      if (!results.has(job.hash)) run.update(job.hash, { state: "cancelled", detail: "not written" });
    }
    return { status: run.finish(notice("Cancelled: nothing on the canvas was changed.")), outcome: undefined, failed };
  }
  const outcome = await applyResults(captured, results, placement);
  for (const failure of outcome.failed) run.update(failure.hash, { state: "failed", detail: failure.message });
  const error = batchError(reports) ?? (outcome.skipped.length > 0 ? notice(outcome.skipped.join(" ")) : undefined);
  const layers = outcome.changed === 1 ? "1 layer" : `${outcome.changed} layers`;
  const placed = placement === "replace" ? `${layers} updated` : `${layers} placed beside`;
  return { status: run.finish(error, outcome.changed > 0 ? placed : undefined), outcome, failed };
}

/** A stage in words: "processing" means nothing to a designer. */
function stageText(stage: string, provider: string): string {
  const name = provider === "ideogram" ? "Ideogram" : provider;
  switch (stage) {
    case "submitting":
      return `sending to ${name}`;
    case "processing":
    case "waiting":
      return `${name} is upscaling it`;
    case "downloading":
      return "downloading the result";
    default:
      return stage;
  }
}

function jobLabel(job: ImageJob, captured: CapturedSelection): string {
  const names = job.nodeIds.map((id) => captured.nodes.find((node) => node.id === id)?.name ?? id);
  return names.length === 1 ? (names[0] ?? "") : `${names[0]} and ${names.length - 1} more`;
}
