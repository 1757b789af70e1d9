import type { TaskLedger, UpscaleProgress } from "@upscale/core";

/** One unit of work of a command (an input file, a task id, a prompt) and what it reports. */
export interface Job {
  /** What the user gave, as it appears in output and JSON lines. */
  input: string;
  run(context: JobContext): Promise<JobResult>;
}

export interface JobContext {
  /** This job's own: aborted by the first Ctrl-C unless it called `commitBilled`. */
  signal: AbortSignal;
  /** A billed request is going out: a first Ctrl-C waits for it until released (see JobSignals). */
  commitBilled: () => () => void;
  /** A line for the user (stderr), e.g. a warning that does not fail the job. */
  note: (text: string) => void;
  /** A `taskId` here means a vendor task exists (maybe paid): it is announced and kept for `resume`. */
  onProgress: (progress: UpscaleProgress) => void;
}

export interface JobResult {
  output: string;
  provider: string;
  width: number;
  height: number;
  taskId?: string;
}

/** What a command turns into before anything runs. */
export interface Plan {
  jobs: Job[];
  concurrency: number;
  /** API keys in use, masked in all output. */
  secrets: string[];
  /** Midjourney: the paid tasks not saved yet; what this run leaves in it is offered for `resume`. */
  ledger?: TaskLedger;
  /** Printed before the jobs run (e.g. which unfinished tasks `resume` picked up). */
  notes?: string[];
}

/** A job for an argument that failed before any work (e.g. a missing file): reported like any failure. */
export function failedJob(input: string, error: Error): Job {
  return { input, run: () => Promise.reject(error) };
}
