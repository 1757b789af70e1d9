import { isUpscaleError, runBatch, wasNotStarted } from "@upscale/core";
import type { Job, JobResult } from "./job.js";
import type { JobSignals } from "./job-signals.js";
import type { Reporter } from "./reporter.js";

export interface RunJobsOptions {
  concurrency: number;
  /** The run's: once aborted, jobs not started yet are not started. */
  signal: AbortSignal;
  jobSignals: JobSignals;
  reporter: Reporter;
}

/**
 * Runs a command's jobs through the core's batch runner, reporting each as it settles and announcing every
 * Midjourney task the moment it exists. Resolves with the ids of all tasks this run met, so whatever of them is
 * still unfinished at the end can be offered for `resume`.
 */
export async function runJobs(jobs: readonly Job[], options: RunJobsOptions): Promise<ReadonlySet<string>> {
  const { reporter, signal, jobSignals } = options;
  const started = performance.now();
  const taskIds = new Set<string>();

  const runOne = async (job: Job): Promise<{ result: JobResult; ms: number }> => {
    const jobStarted = performance.now();
    reporter.started(job.input);
    const noteTask = (taskId: string) => {
      if (taskIds.has(taskId)) return;
      taskIds.add(taskId);
      // A resumed task is its own input: nothing new to announce.
      if (taskId !== job.input) reporter.taskCreated(job.input, taskId);
    };
    const jobSignal = jobSignals.open();
    try {
      const result = await job.run({
        signal: jobSignal.signal,
        commitBilled: jobSignal.commitBilled,
        note: (text) => reporter.note(text),
        onProgress: (progress) => {
          if (progress.taskId !== undefined) noteTask(progress.taskId);
          if (progress.percent !== undefined) reporter.progress(job.input, progress.percent);
        },
      });
      return { result, ms: performance.now() - jobStarted };
    } catch (error) {
      if (isUpscaleError(error) && error.taskId !== undefined) taskIds.add(error.taskId);
      throw error;
    } finally {
      jobSignal.close();
    }
  };

  await runBatch(jobs, runOne, {
    concurrency: options.concurrency,
    signal,
    onSettled: (job, settled) => {
      if (settled.status === "fulfilled") reporter.succeeded(job.input, settled.value.result, settled.value.ms);
      else if (wasNotStarted(settled)) reporter.notStarted(job.input, settled.reason);
      else reporter.failed(job.input, settled.reason);
    },
  });
  reporter.finish(performance.now() - started);
  return taskIds;
}
