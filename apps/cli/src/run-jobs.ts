import { isUpscaleError, TaskError } from "@upscale/core";
import type { Job, JobResult } from "./job.js";
import type { JobSignals } from "./job-signals.js";
import type { Reporter } from "./reporter.js";
import type { ResumableTasks } from "./resumable-tasks.js";
import { runBatch } from "./run-batch.js";

/** GPTunnel answers 400 (INVALID_REQUEST) "not found" for a task id it never issued. */
const GONE_FOR_GOOD: ReadonlySet<string> = new Set(["TASK_FAILED", "NOT_FOUND", "INVALID_REQUEST"]);

export interface RunJobsOptions {
  concurrency: number;
  /** The run's: once aborted, jobs not started yet are not started. */
  signal: AbortSignal;
  jobSignals: JobSignals;
  reporter: Reporter;
  tasks: ResumableTasks;
}

/**
 * Runs a command's jobs through the batch runner, reporting each as it settles and keeping track of every
 * Midjourney task that appears, so whatever is unfinished at the end can be resumed.
 */
export async function runJobs(jobs: readonly Job[], options: RunJobsOptions): Promise<void> {
  const { reporter, tasks, signal, jobSignals } = options;
  const runStarted = performance.now();

  const started = new Set<Job>();
  const runOne = async (job: Job): Promise<{ result: JobResult; ms: number }> => {
    started.add(job);
    const jobStarted = performance.now();
    reporter.started(job.input);
    const taskIds = new Set<string>();
    const noteTask = (taskId: string) => {
      taskIds.add(taskId);
      // A resumed task is its own input: nothing new to announce.
      if (tasks.add(taskId) && taskId !== job.input) reporter.taskCreated(job.input, taskId);
    };
    const jobSignal = jobSignals.open();
    try {
      const result = await job.run({
        signal: jobSignal.signal,
        commitBilled: jobSignal.commitBilled,
        onProgress: (progress) => {
          if (progress.taskId !== undefined) noteTask(progress.taskId);
          if (progress.percent !== undefined) reporter.progress(job.input, progress.percent);
        },
      });
      for (const taskId of taskIds) tasks.settle(taskId);
      return { result, ms: performance.now() - jobStarted };
    } catch (error) {
      if (isUpscaleError(error) && error.taskId !== undefined) {
        // A task that failed for good, or that the vendor does not know, cannot be resumed; any other failure
        // (deadline, network, Ctrl-C) can.
        if (GONE_FOR_GOOD.has(error.code)) tasks.settle(error.taskId);
        else tasks.add(error.taskId);
      }
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
      else if (!started.has(job)) reporter.notStarted(job.input, notStartedError());
      else reporter.failed(job.input, settled.reason);
    },
  });
  reporter.finish(performance.now() - runStarted);
}

function notStartedError(): TaskError {
  return new TaskError("ABORTED", "Not started: the run was interrupted first.");
}
