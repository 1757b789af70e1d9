import { resumeIdeogramGeneration } from "../ideogram/ideogram-generation.js";
import type { IdeogramV2Client } from "../ideogram/ideogram-v2-client.js";
import type { ImageMimeType } from "../image/image-format.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import type { JobsSummary } from "./job-events.js";
import type { JobSubject, ResultTarget } from "./job-ports.js";
import { keepPaidResult, withPaidFacts, withToolMark } from "./keep-paid-result.js";
import { resultImageType } from "./result-file-name.js";
import { type JobOutcome, outcomeOfError, runJobBatch } from "./run-job-batch.js";
import { stageWords } from "./stage-words.js";
import type { TaskJobOptions } from "./task-job-options.js";

/** An Ideogram generation paid for earlier (a ledger entry), and the place its image was headed for. */
export interface IdeogramResumeJob<S extends JobSubject = JobSubject> {
  generationId: string;
  /** What events name; its `name` is the entry's label. */
  source: S;
  /** The entry's target (`decodeLedgerTarget`): the result's file, or a folder to put `fileName` in. */
  target?: ResultTarget;
  /** The result's name: the target file's own, or — no file known — `generationImageName(generationId)`. */
  fileName: string;
  /**
   * The type the name promises (default: `resultImageType(fileName)`): Ideogram's PNG is converted to it through
   * the codec.
   */
  mimeType?: ImageMimeType;
}

/** `ideogram-<generationId>.png`: the name of a resumed generation's image when no file name was recorded for it. */
export function generationImageName(generationId: string): string {
  return `ideogram-${generationId}.png`;
}

/** What an Ideogram resume reserves: the same place the upscale had planned. */
export interface IdeogramResumePlan<S extends JobSubject = JobSubject> {
  source: S;
  fileName: string;
  mimeType: ImageMimeType;
  target: ResultTarget | undefined;
}

/** What `resumeIdeogramJob` needs: the v2 client, the app's store and the ledger the generation is in. */
export interface IdeogramResumeOptions<Saved, S extends JobSubject = JobSubject>
  extends TaskJobOptions<Saved, IdeogramResumePlan<S>, S> {
  client: IdeogramV2Client;
}

/**
 * Finishes a paid Ideogram generation (after a cancel, a timeout, a crash) the way `runUpscaleJobs` would have:
 * its place is reserved first (the overwrite question comes again: the file may exist by now), then the generation
 * is waited for and downloaded — never submitted again, so never paid again — converted to the promised type,
 * marked as this toolkit's, kept, and only then settled in the ledger. Declining the place leaves it in the
 * ledger. Nothing here is billed.
 */
export function resumeIdeogramJob<Saved, S extends JobSubject>(
  job: IdeogramResumeJob<S>,
  options: IdeogramResumeOptions<Saved, S>,
): Promise<JobsSummary<Saved, S>> {
  const { source } = job;
  const emit = options.onEvent;
  const { fileName, target } = job;
  const plan: IdeogramResumePlan<S> = { source, fileName, mimeType: job.mimeType ?? resultImageType(fileName), target };

  const work = async (_item: unknown, { signal }: { signal: CancelSignal }): Promise<JobOutcome<Saved>> => {
    let release: (() => Promise<void>) | undefined;
    try {
      const slot = await options.store.reserve(plan);
      if (slot === undefined || "skip" in slot) {
        return { type: "skipped", reason: slot?.skip ?? "Not saved: its place was declined. It can be resumed later." };
      }
      release = () => slot.release();
      const result = await resumeIdeogramGeneration(options.client, job.generationId, {
        signal,
        ledger: options.ledger,
        onLedgerError: options.onLedgerError,
        deadlineMs: options.deadlineMs,
        clock: options.clock,
        settleWhenKept: true,
        onProgress: (progress) => {
          const { stage, percent } = progress;
          emit({ type: "progress", source, stage, percent, words: stageWords(progress, "Ideogram") });
        },
      });
      const image = withToolMark(withPaidFacts(await keepPaidResult(result.image, plan, options.codec), result.meta));
      const saved = await slot.keep(image);
      // Settled only once kept: a failure to keep it leaves it to resume again.
      await result.settle?.();
      return { type: "saved", saved, image };
    } catch (error) {
      return outcomeOfError(error, { billed: false, redact: options.redact });
    } finally {
      await release?.().catch(() => undefined);
    }
  };

  return runJobBatch([{ source }], work, { concurrency: 1, signal: options.signal, onEvent: emit });
}
