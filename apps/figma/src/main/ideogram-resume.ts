import {
  applyFitPlan,
  type CancelSignal,
  type DownloadedImage,
  failureReport,
  fitToLimits,
  type IdeogramV2Client,
  type ImageCodec,
  type LedgerEntry,
  resumeIdeogramGeneration,
  stageWords,
  type TaskLedger,
} from "@upscale/core";
import type { RunError, RunStatus } from "../shared/messages.js";
import { applyResults, RELAUNCH_UPSCALE } from "./apply-results.js";
import type { FittedImage } from "./canvas-images.js";
import { FIGMA_LIMITS } from "./figma-limits.js";
import type { PendingImages } from "./pending-images.js";
import { placeImage } from "./place-node.js";
import { notice } from "./run-error.js";
import { hashOfTarget } from "./run-ledger.js";
import { createRunStatus, type RunSubject } from "./run-status.js";
import { writeHistory } from "./upscale-history.js";

export interface ResumeContext {
  client: IdeogramV2Client;
  ledger: TaskLedger;
  pending: PendingImages;
  codec: ImageCodec;
  signal: CancelSignal;
  publish: (status: RunStatus) => void;
  /** Masks the stored keys in failure reports. */
  redact: (text: string) => string;
}

/**
 * Finishes a paid Ideogram generation an earlier session left in the ledger (the plugin was closed, or the
 * download failed): polls it — never submits, so it is never paid twice —, downloads its image and writes it
 * where the run that paid for it would have, as one undo step. The ledger entry is settled only once it is there.
 */
export async function resumeGeneration(entry: LedgerEntry, context: ResumeContext): Promise<RunStatus> {
  const { client, ledger, pending, signal, publish, redact } = context;
  const run = createRunStatus("upscale", publish);
  const label = entry.label ?? "image";
  const source: RunSubject = { id: entry.taskId, name: `Resume ${label}`, taskId: entry.taskId };
  const hash = hashOfTarget(entry.target);
  run.render({ type: "queued", source });
  run.render({ type: "started", source });
  let error: RunError | undefined;
  let outcome: string | undefined;
  try {
    await resumeIdeogramGeneration(client, entry.taskId, {
      ledger,
      signal,
      onProgress: (progress) =>
        run.render({
          type: "progress",
          source,
          stage: progress.stage,
          percent: progress.percent,
          words: stageWords(progress, "Ideogram"),
        }),
      save: async ({ image }) => {
        const written = await writeResumed(image, hash, label, context);
        outcome = written.outcome;
        if (written.skipped.length > 0) error = notice(written.skipped.join(" "));
        const detail = [`${written.width}×${written.height} px`].concat(written.notes).join("; ");
        run.update(source.id, { state: "done", percent: 100, detail });
      },
    });
  } catch (failure) {
    // Resuming only polls and downloads: what fails is waiting, never a billed call.
    const report = failureReport(failure, { billed: false, redact });
    run.render({ type: "failed", source, report, error: failure });
    error = report;
  }
  if (hash !== undefined && !(await ledger.pending()).some((left) => left.taskId === entry.taskId)) {
    await pending.remove([hash]);
  }
  return run.finish(error, outcome);
}

interface Written {
  outcome: string;
  skipped: string[];
  width: number;
  height: number;
  notes: string[];
}

/**
 * The image goes to the layers the run captured, if they are still as they were; otherwise (no record, every
 * layer deleted or edited since) it becomes a new layer at the centre of the view: it was paid for.
 */
async function writeResumed(
  image: DownloadedImage,
  hash: string | undefined,
  label: string,
  { pending, codec }: ResumeContext,
): Promise<Written> {
  const plan = fitToLimits(image, FIGMA_LIMITS);
  const bytes = await applyFitPlan(image.bytes, plan, codec);
  const original = hash === undefined ? null : figma.getImageByHash(hash);
  const size = original === null ? undefined : await original.getSizeAsync();
  const fitted: FittedImage = {
    bytes,
    width: plan.width,
    height: plan.height,
    ratio: size === undefined ? 1 : plan.width / size.width,
    notes: plan.notes,
  };
  const record = hash === undefined ? undefined : await pending.get(hash);
  const written = { width: fitted.width, height: fitted.height, notes: fitted.notes };
  let skipped: string[] = [];
  if (hash !== undefined && record !== undefined) {
    const nodeIds = record.nodes.map((node) => node.id);
    const captured = { nodes: record.nodes, jobs: [{ hash, nodeIds }], notes: [] };
    const applied = await applyResults(captured, new Map([[hash, fitted]]), record.placement);
    const failed = applied.failed[0];
    if (failed !== undefined) throw new Error(failed.message);
    if (applied.changed > 0) {
      const layers = applied.changed === 1 ? "1 layer" : `${applied.changed} layers`;
      const outcome = record.placement === "replace" ? `${layers} updated` : `${layers} placed beside`;
      return Object.assign({ outcome, skipped: applied.skipped }, written);
    }
    skipped = applied.skipped;
  }
  figma.commitUndo();
  const node = placeImage(figma.createImage(bytes), fitted, `${label} (upscaled)`);
  if (hash !== undefined)
    writeHistory(node, [{ from: hash, to: imageHashOf(node), ratio: fitted.ratio, replaced: false }]);
  node.setRelaunchData(RELAUNCH_UPSCALE);
  figma.commitUndo();
  return Object.assign({ outcome: "placed as a new layer", skipped }, written);
}

function imageHashOf(node: RectangleNode): string {
  const [paint] = node.fills as readonly Paint[];
  return paint?.type === "IMAGE" ? (paint.imageHash ?? "") : "";
}
