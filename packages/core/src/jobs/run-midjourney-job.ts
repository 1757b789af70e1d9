import type { MidjourneyClient, MidjourneyImageIndex } from "../midjourney/midjourney-client.js";
import {
  imagineAndWait,
  MIDJOURNEY_MAX_IN_FLIGHT,
  type MidjourneyFlowOptions,
  resumeMidjourneyTask,
  taskImageName,
  upsampleAndWait,
  variationAndWait,
} from "../midjourney/midjourney-flows.js";
import { writeMidjourneyTaskId } from "../midjourney/midjourney-png-task-id.js";
import type { JobsSummary } from "./job-events.js";
import type { JobSubject, KeptImage, MidjourneyResultPlan, ResultStore, ResultTarget } from "./job-ports.js";
import type { JobSignal } from "./job-signals.js";
import { keepPaidResult } from "./keep-paid-result.js";
import { encodeLedgerTarget } from "./ledger-target.js";
import { refuseSharedTargets } from "./plan-results.js";
import { type JobOutcome, outcomeOfError, runJobBatch } from "./run-job-batch.js";
import { serialised } from "./serialised.js";
import { stageWords } from "./stage-words.js";
import type { TaskJobOptions } from "./task-job-options.js";
import type { TaskLedger } from "./task-ledger.js";

/** What to do, in the core's flow terms. `imagine` and `variation` are billed; the others are free. */
export type MidjourneyAction =
  | { kind: "imagine"; prompt: string }
  | { kind: "upsample"; parentId: string; index: MidjourneyImageIndex }
  | { kind: "variation"; parentId: string; index?: MidjourneyImageIndex; mode?: "high" | "low" }
  | { kind: "resume"; taskId: string };

/** One action, what its events name (`source.name` is also its ledger label), and where its image goes. */
export type MidjourneyJob<S extends JobSubject = JobSubject> = MidjourneyAction & {
  source: S;
  /** Recorded with the paid task (`encodeLedgerTarget`), so a resume puts the image in the same place. */
  target?: ResultTarget;
  /** The image's name; default `taskImageName(taskId)` (`midjourney-<taskId>.png`). */
  fileName?: string;
};

/** What `runMidjourneyJob` needs: the client, the app's ports, and the ledger paid tasks are kept in. */
export interface MidjourneyJobOptions<Saved, S extends JobSubject = JobSubject>
  extends TaskJobOptions<Saved, MidjourneyResultPlan<S>, S> {
  client: MidjourneyClient;
}

/** The same for `runMidjourneyJobs`, with how many run at once. */
export interface MidjourneyJobsOptions<Saved, S extends JobSubject = JobSubject>
  extends MidjourneyJobOptions<Saved, S> {
  /** Default `MIDJOURNEY_MAX_IN_FLIGHT`. */
  concurrency?: number;
}

/**
 * One Midjourney action from submission to image kept: its place is reserved before anything is sent; a new task
 * is in the ledger before anything else happens, then announced (`task-created`); the image is kept as a PNG
 * carrying its task id, through the store, and only then is the task settled — a failure to keep it leaves it
 * in the ledger, to resume for free. A resume never submits anything.
 */
export function runMidjourneyJob<Saved, S extends JobSubject>(
  job: MidjourneyJob<S>,
  options: MidjourneyJobOptions<Saved, S>,
): Promise<JobsSummary<Saved, S>> {
  return runMidjourneyJobs([job], { ...options, concurrency: 1 });
}

/** Several actions (upsamples, resumes), `concurrency` at a time; two with one file, node or image target are refused. */
export async function runMidjourneyJobs<Saved, S extends JobSubject>(
  jobs: readonly MidjourneyJob<S>[],
  options: MidjourneyJobsOptions<Saved, S>,
): Promise<JobsSummary<Saved, S>> {
  refuseSharedTargets(jobs);
  const reserve = serialised((plan: MidjourneyResultPlan<S>) => options.store.reserve(plan));
  return runJobBatch(jobs, (job, signal) => runOne(job, signal, options, reserve), {
    concurrency: options.concurrency ?? MIDJOURNEY_MAX_IN_FLIGHT,
    signal: options.signal,
    onEvent: options.onEvent,
  });
}

async function runOne<Saved, S extends JobSubject>(
  job: MidjourneyJob<S>,
  { signal }: JobSignal,
  options: MidjourneyJobOptions<Saved, S>,
  reserve: ResultStore<Saved, MidjourneyResultPlan<S>>["reserve"],
): Promise<JobOutcome<Saved>> {
  const { source, target } = job;
  const { onEvent: emit, ledger } = options;
  const billed = job.kind === "imagine" || job.kind === "variation";
  let billing = false;
  let announced = false;
  const endBilling = () => {
    if (!billing) return;
    billing = false;
    emit({ type: "billing", source, inFlight: false });
  };
  // Every task the flow records is announced once the ledger has it (or failed to keep it): never before.
  const announcing: TaskLedger = {
    add: async (entry) => {
      try {
        return ledger === undefined ? true : await ledger.add(entry);
      } finally {
        announced = true;
        endBilling();
        emit({ type: "task-created", source, taskId: entry.taskId });
      }
    },
    settle: async (taskId) => ledger?.settle(taskId),
    pending: async () => (ledger === undefined ? [] : ledger.pending()),
  };

  const fileName = job.fileName ?? (job.kind === "resume" ? taskImageName(job.taskId) : undefined);
  let release: (() => Promise<void>) | undefined;
  try {
    const slot = await reserve({ source, fileName, mimeType: "image/png", target });
    if (slot === undefined || "skip" in slot) {
      return { type: "skipped", reason: slot?.skip ?? "Not saved: its place was declined." };
    }
    release = () => slot.release();
    const flow: MidjourneyFlowOptions = {
      signal,
      deadlineMs: options.deadlineMs,
      clock: options.clock,
      ledger: announcing,
      label: source.name,
      target: target === undefined ? undefined : encodeLedgerTarget(target),
      settleWhenKept: true,
      onLedgerError: options.onLedgerError,
      onProgress: (progress) => {
        if (progress.stage === "submitting" && billed && !billing) {
          billing = true;
          emit({ type: "billing", source, inFlight: true });
        }
        // A new task's progress waits for its announcement, which waits for the ledger.
        if (progress.taskId !== undefined && !announced && job.kind !== "resume") return;
        const { stage, percent } = progress;
        emit({ type: "progress", source, stage, percent, words: stageWords(progress, "Midjourney") });
      },
    };
    const { task, image, settle } = await start(job, options.client, flow);
    const png = await keepPaidResult(
      image,
      { fileName: fileName ?? taskImageName(task.id), mimeType: "image/png" },
      options.codec,
    );
    const withId: KeptImage =
      png.mimeType === "image/png"
        ? { ...png, bytes: writeMidjourneyTaskId(png.bytes, task.id), taskId: task.id }
        : {
            ...png,
            taskId: task.id,
            notes: [...png.notes, "Its task id is not stored inside: only a PNG carries it."],
          };
    const saved = await slot.keep(withId);
    // Settled only once kept: a failure to keep it leaves it in the ledger, to resume for free.
    await settle?.();
    return { type: "saved", saved, image: withId };
  } catch (error) {
    // Once the task exists, what fails is waiting or keeping (free); before, the billed submission itself.
    return outcomeOfError(error, { billed: billed && !announced, redact: options.redact });
  } finally {
    endBilling();
    await release?.().catch(() => undefined);
  }
}

function start(job: MidjourneyAction, client: MidjourneyClient, options: MidjourneyFlowOptions) {
  switch (job.kind) {
    case "imagine":
      return imagineAndWait(client, job.prompt, options);
    case "upsample":
      return upsampleAndWait(client, job.parentId, job.index, options);
    case "variation":
      return variationAndWait(client, job.parentId, job.index, { ...options, mode: job.mode });
    case "resume":
      return resumeMidjourneyTask(client, job.taskId, options);
  }
}
