import {
  type CancelSignal,
  encodeLedgerTarget,
  type JobsSummary,
  type ResultTarget,
  runUpscaleJobs,
  type TaskLedger,
  type UpscaleProvider,
} from "@upscale/core";
import type { ImageCodec } from "@upscale/core/provider-kit";
import type { Placement, RunStatus } from "../shared/messages.js";
import { type ApplyOutcome, applyResults } from "./apply-results.js";
import { type CanvasImage, canvasImage, canvasResultStore, type FittedImage } from "./canvas-images.js";
import type { CapturedSelection, ImageJob } from "./capture-image-fills.js";
import type { PendingImages } from "./pending-images.js";
import { batchError, notice } from "./run-error.js";
import { createRunStatus } from "./run-status.js";

export interface UpscaleRunOptions {
  /** Records each paid generation in `ledger` the moment it exists. */
  provider: UpscaleProvider<object>;
  /** Where paid generations are recorded (clientStorage): each leaves it once its result is on the canvas. */
  ledger: TaskLedger;
  /** Where each image's result goes, kept until it is written: a reopened plugin resumes from it. */
  pending: PendingImages;
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

/**
 * Upscales every captured image (each hash once) with the core's job pipeline, then writes the results only when
 * all have settled, so a cancel leaves the canvas as it was and the run is one undo step. Paid generations stay in
 * the ledger until their results are written, so a plugin closed meanwhile resumes them when it opens again.
 */
export async function runUpscale(captured: CapturedSelection, options: UpscaleRunOptions): Promise<UpscaleRunResult> {
  const { provider, codec, signal, placement, publish, redact, pending } = options;
  // The core settles a paid generation once its result is kept; here that is only when the canvas is written.
  const settles: (() => Promise<void>)[] = [];
  const run = createRunStatus("upscale", publish);
  const scale = provider.capabilities.nominalScale;
  const canvas = canvasResultStore(scale, codec);
  const cancelling = () => run.cancelling();
  const { inputTypes } = provider.capabilities;
  const sources = captured.jobs.map((job) => canvasImage(job.hash, jobLabel(job, captured), inputTypes, codec));
  await pending.add(captured, placement);
  signal.addEventListener("abort", cancelling);
  let summary: JobsSummary<FittedImage, CanvasImage>;
  try {
    summary = await runUpscaleJobs(sources, {
      provider,
      // Figma keeps no file: the name is never shown, and the store fits whatever type arrives to Figma's. The
      // target names the image, so a paid generation's ledger entry says which one its result is for.
      plan: (source) => ({ fileName: `${source.id}.png`, mimeType: "image/png", target: imageTarget(source.id) }),
      store: canvas.store,
      // Turns a photo upright before it goes up (vendors ignore the EXIF orientation) and converts what must be.
      codec,
      settleLater: (settle) => settles.push(settle),
      signal,
      onEvent: run.render,
      redact,
    });
  } finally {
    signal.removeEventListener("abort", cancelling);
  }
  const failed = summary.failed.map(({ source }) => source.id);

  if (signal.aborted) {
    // An upscale already sent when the cancel came was let finish (it is paid for), but a cancel writes nothing.
    for (const { source } of summary.saved)
      run.update(source.id, { state: "cancelled", detail: "paid for, not written" });
    await settle(captured, settles, options);
    return { status: run.finish(notice("Cancelled: nothing on the canvas was changed.")), outcome: undefined, failed };
  }
  const outcome = await applyResults(captured, canvas.results, placement);
  await settle(captured, settles, options);
  for (const failure of outcome.failed) run.update(failure.hash, { state: "failed", detail: failure.message });
  const reports = summary.failed.map(({ report }) => report);
  const error = batchError(reports) ?? (outcome.skipped.length > 0 ? notice(outcome.skipped.join(" ")) : undefined);
  const layers = outcome.changed === 1 ? "1 layer" : `${outcome.changed} layers`;
  const placed = placement === "replace" ? `${layers} updated` : `${layers} placed beside`;
  return { status: run.finish(error, outcome.changed > 0 ? placed : undefined), outcome, failed };
}

/**
 * The run's generations are settled now that their results are written (or dropped by a cancel); an image whose
 * generation is still to resume (a download that failed) keeps its record of where the result goes.
 */
async function settle(
  captured: CapturedSelection,
  settles: readonly (() => Promise<void>)[],
  { ledger, pending }: Pick<UpscaleRunOptions, "ledger" | "pending">,
): Promise<void> {
  for (const settleOne of settles) await settleOne();
  const unfinished = (await ledger.pending()).map((entry) => entry.target);
  const hashes = captured.jobs.map((job) => job.hash);
  await pending.remove(hashes.filter((hash) => unfinished.indexOf(encodeLedgerTarget(imageTarget(hash))) === -1));
}

/** A canvas image, by its hash: every layer showing it gets the result. */
function imageTarget(hash: string): ResultTarget {
  return { kind: "image", hash };
}

function jobLabel(job: ImageJob, captured: CapturedSelection): string {
  const names = job.nodeIds.map((id) => captured.nodes.find((node) => node.id === id)?.name ?? id);
  return names.length === 1 ? (names[0] ?? "") : `${names[0]} and ${names.length - 1} more`;
}
