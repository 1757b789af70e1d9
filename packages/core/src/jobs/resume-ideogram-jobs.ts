import { resumeIdeogramGeneration } from "../ideogram/ideogram-generation.js";
import type { IdeogramV2Client } from "../ideogram/ideogram-v2-client.js";
import type { ImageCodec } from "../image/image-codec.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import type { Clock } from "../runtime/clock.js";
import type { JobEvent, JobsSummary } from "./job-events.js";
import type { JobSubject, KeptImage, ResultPlan, ResultStore } from "./job-ports.js";
import type { JobSignal } from "./job-signals.js";
import { keepPaidResult } from "./keep-paid-result.js";
import { refuseSharedTargets } from "./plan-results.js";
import { type JobOutcome, outcomeOfError, runJobBatch } from "./run-job-batch.js";
import { serialised } from "./serialised.js";
import { stageWords } from "./stage-words.js";
import type { TaskLedger } from "./task-ledger.js";

/** Waiting and downloading take no place among the images in progress; a few at once is plenty. */
const DEFAULT_RESUME_CONCURRENCY = 4;

/** A paid Ideogram generation to finish (from the ledger), what its events name, and how its image is kept. */
export interface IdeogramResumeJob<S extends JobSubject = JobSubject> extends ResultPlan {
  generationId: string;
  source: S;
}

/** What `resumeIdeogramJobs` needs: the v2 client, the app's ports, and the ledger the generations are in. */
export interface IdeogramResumeJobsOptions<Saved, S extends JobSubject = JobSubject> {
  client: IdeogramV2Client;
  /** Reserved before anything is fetched; the image is kept there, converted to the promised type. */
  store: ResultStore<Saved, IdeogramResumeJob<S>>;
  /** Each generation is settled here once its image is kept (or it failed for good). */
  ledger?: TaskLedger;
  codec?: ImageCodec;
  signal?: CancelSignal;
  /** Default 4. */
  concurrency?: number;
  /** How long to wait for one generation still running; it is left in the ledger (TIMEOUT). */
  deadlineMs?: number;
  clock?: Clock;
  onEvent: (event: JobEvent<Saved, S>) => void;
  redact?: (text: string) => string;
  onLedgerError?: (error: unknown) => void;
}

/**
 * Finishes Ideogram generations already paid for — after a crash, a cancel or a timeout — into the places they were
 * meant for: each place is reserved, the generation polled and its image downloaded (never submitted again, so
 * never paid twice), converted to the promised type and kept; only then is it settled in the ledger. Two jobs with
 * one file or node target are refused up front (an InputError, before any event).
 */
export async function resumeIdeogramJobs<Saved, S extends JobSubject>(
  jobs: readonly IdeogramResumeJob<S>[],
  options: IdeogramResumeJobsOptions<Saved, S>,
): Promise<JobsSummary<Saved, S>> {
  refuseSharedTargets(jobs);
  const reserve = serialised((job: IdeogramResumeJob<S>) => options.store.reserve(job));
  return runJobBatch(jobs, (job, signal) => resumeOne(job, signal, options, reserve), {
    concurrency: options.concurrency ?? DEFAULT_RESUME_CONCURRENCY,
    signal: options.signal,
    onEvent: options.onEvent,
  });
}

async function resumeOne<Saved, S extends JobSubject>(
  job: IdeogramResumeJob<S>,
  { signal }: JobSignal,
  options: IdeogramResumeJobsOptions<Saved, S>,
  reserve: ResultStore<Saved, IdeogramResumeJob<S>>["reserve"],
): Promise<JobOutcome<Saved>> {
  const { source, generationId } = job;
  let release: (() => Promise<void>) | undefined;
  try {
    const slot = await reserve(job);
    if (slot === undefined || "skip" in slot) {
      return { type: "skipped", reason: slot?.skip ?? "Not saved: its place was declined." };
    }
    release = () => slot.release();
    let kept: { saved: Saved; image: KeptImage } | undefined;
    await resumeIdeogramGeneration(options.client, generationId, {
      signal,
      ledger: options.ledger,
      onLedgerError: options.onLedgerError,
      deadlineMs: options.deadlineMs,
      clock: options.clock,
      onProgress: (progress) => {
        const { stage, percent } = progress;
        options.onEvent({ type: "progress", source, stage, percent, words: stageWords(progress, "Ideogram") });
      },
      save: async ({ image, meta }) => {
        const converted = await keepPaidResult(image, job, options.codec);
        const withId: KeptImage = { ...converted, taskId: generationId };
        if (meta.costUsd !== undefined) withId.costUsd = meta.costUsd;
        kept = { saved: await slot.keep(withId), image: withId };
      },
    });
    if (kept === undefined) throw new Error("The Ideogram generation ended without keeping its image.");
    return { type: "saved", ...kept };
  } catch (error) {
    // Nothing here is billed: the generation was paid for when it was submitted.
    return outcomeOfError(error, { billed: false, redact: options.redact });
  } finally {
    await release?.().catch(() => undefined);
  }
}
