import {
  type CancelSignal,
  decodeLedgerTarget,
  type IdeogramResumePlan,
  type IdeogramV2Client,
  type LedgerEntry,
  type ResultStore,
  resumeIdeogramJob,
  type TaskLedger,
} from "@upscale/core";
import type { ImageCodec } from "@upscale/core/provider-kit";
import type { RunStatus } from "../shared/messages.js";
import { applyResults, RELAUNCH_UPSCALE } from "./apply-results.js";
import { fitForFigma } from "./canvas-images.js";
import type { PendingImages } from "./pending-images.js";
import { placeImage } from "./place-node.js";
import { notice } from "./run-error.js";
import { type CanvasSaved, createRunStatus, type RunSubject } from "./run-status.js";
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

/** What a resumed image did on the canvas: its size line, and how it was written. */
interface Written extends CanvasSaved {
  outcome: string;
  /** Layers left alone (deleted or edited since the run that paid for it). */
  skipped: string[];
}

/**
 * Finishes a paid Ideogram generation an earlier session left in the ledger (the plugin was closed, or the
 * download failed) with the core's `resumeIdeogramJob`: polled — never submitted, so never paid twice —,
 * downloaded, and written where the run that paid for it would have, as one undo step, before the ledger settles.
 */
export async function resumeGeneration(entry: LedgerEntry, context: ResumeContext): Promise<RunStatus> {
  const { client, ledger, pending, codec, signal, publish, redact } = context;
  const run = createRunStatus("upscale", publish);
  const target = entry.target === undefined ? undefined : decodeLedgerTarget(entry.target);
  const hash = target?.kind === "image" ? target.hash : undefined;
  const source: RunSubject = { id: entry.taskId, name: `Resume ${entry.label ?? "image"}`, taskId: entry.taskId };
  const summary = await resumeIdeogramJob(
    {
      generationId: entry.taskId,
      source,
      target,
      fileName: `${hash ?? entry.taskId}.png`,
    },
    { client, ledger, codec, signal, redact, store: canvasStore(hash, entry.label, context), onEvent: run.render },
  );
  if (hash !== undefined && !(await ledger.pending()).some((left) => left.taskId === entry.taskId)) {
    await pending.remove([hash]);
  }
  const saved = summary.saved[0]?.saved;
  const failed = summary.failed[0]?.report;
  const skipped = saved === undefined || saved.skipped.length === 0 ? undefined : notice(saved.skipped.join(" "));
  return run.finish(failed ?? skipped, saved?.outcome);
}

/**
 * The canvas as the resumed generation's store: its image goes to the layers the run captured, if they are still
 * as they were; otherwise (no record, every layer deleted or edited since) it becomes a new layer at the centre of
 * the view — it was paid for.
 */
function canvasStore(
  hash: string | undefined,
  label: string | undefined,
  { pending, codec }: ResumeContext,
): ResultStore<Written, IdeogramResumePlan<RunSubject>> {
  return {
    async reserve() {
      return {
        async keep(image) {
          const original = hash === undefined ? null : figma.getImageByHash(hash);
          const size = original === null ? undefined : await original.getSizeAsync();
          const fitted = await fitForFigma(image, codec, size?.width);
          const record = hash === undefined ? undefined : await pending.get(hash);
          const shown = { width: fitted.width, height: fitted.height, notes: fitted.notes };
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
              return Object.assign({ outcome, skipped: applied.skipped }, shown);
            }
            skipped = applied.skipped;
          }
          figma.commitUndo();
          const node = placeImage(figma.createImage(fitted.bytes), fitted, `${label ?? "Image"} (upscaled)`);
          const to = (node.fills as readonly ImagePaint[])[0]?.imageHash ?? "";
          if (hash !== undefined) writeHistory(node, [{ from: hash, to, ratio: fitted.ratio, replaced: false }]);
          node.setRelaunchData(RELAUNCH_UPSCALE);
          figma.commitUndo();
          return Object.assign({ outcome: "placed as a new layer", skipped }, shown);
        },
        release: async () => undefined,
      };
    },
  };
}
