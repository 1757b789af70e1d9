import { readFile } from "node:fs/promises";
import {
  type LedgerEntry,
  MIDJOURNEY_MAX_IN_FLIGHT,
  readImageInfo,
  readMidjourneyTaskId,
  resumeMidjourneyTask,
  taskImageName,
} from "@upscale/core";
import { UsageError } from "../cli-errors.js";
import type { Job, JobResult, Plan } from "../job.js";
import { isTaskId } from "../midjourney-png.js";
import { outputPath, refuseCollisions } from "../output-path.js";
import type { Command } from "../parse-args.js";
import { reserveOutput } from "../write-file-atomic.js";
import { createMidjourneySetup, type MidjourneySetup, runMidjourneyFlow, targetFile } from "./midjourney-save.js";

/**
 * `upscale midjourney resume [taskId...]`: poll tasks already submitted and save their images; never submits,
 * so never charges. Without ids it finishes every task the ledger still holds (paid for, image not saved), each
 * into the place it was meant for unless -o says otherwise.
 */
export async function planResume(command: Extract<Command, { kind: "resume" }>, env: NodeJS.ProcessEnv): Promise<Plan> {
  const invalid = command.taskIds.find((taskId) => !isTaskId(taskId));
  if (invalid !== undefined) {
    throw new UsageError(`"${invalid}" is not a task id: use the 24-character id printed when the task was submitted.`);
  }
  const { setup, key } = await createMidjourneySetup(command, env, command.taskIds.length !== 1);
  const fromLedger = command.taskIds.length === 0;
  const entries: Pick<LedgerEntry, "taskId" | "target">[] = fromLedger
    ? await setup.ledger.pending()
    : [...new Set(command.taskIds)].map((taskId) => ({ taskId }));
  const planned = entries.map(({ taskId, target }) => ({
    taskId,
    output:
      command.common.out === undefined && target !== undefined
        ? targetFile(target, taskId)
        : outputPath(setup.target, undefined, taskImageName(taskId)),
  }));
  refuseCollisions(planned.map(({ taskId, output }) => ({ input: taskId, output })));
  return {
    jobs: planned.map(({ taskId, output }) => resumeJob(setup, taskId, output)),
    concurrency: command.common.concurrency ?? MIDJOURNEY_MAX_IN_FLIGHT,
    secrets: [key],
    ledger: setup.ledger,
    notes: fromLedger ? [ledgerNote(entries)] : [],
  };
}

function ledgerNote(entries: readonly Pick<LedgerEntry, "taskId">[]): string {
  if (entries.length === 0) return "No unfinished Midjourney tasks: nothing to resume.";
  const tasks = entries.length === 1 ? "task" : "tasks";
  return `Finishing ${entries.length} unfinished Midjourney ${tasks} (no new charge): ${entries.map((e) => e.taskId).join(" ")}`;
}

function resumeJob(setup: MidjourneySetup, taskId: string, output: string): Job {
  return {
    input: taskId,
    run: async (context) => {
      const saved = await alreadySaved(output, taskId);
      if (saved !== undefined) {
        // Saved by an earlier run that stopped before it could tell the ledger.
        await setup.ledger.settle(taskId).catch(() => undefined);
        return saved;
      }
      const reserved = await reserveOutput(output, { overwrite: setup.overwrite });
      try {
        const run = { reserved, output: () => output, target: output, label: taskId, billed: false };
        return await runMidjourneyFlow(setup, context, run, (options) =>
          resumeMidjourneyTask(setup.client, taskId, options),
        );
      } finally {
        await reserved.discard();
      }
    },
  };
}

/** The task's image is already at `output` (a PNG carrying this task id): nothing to fetch. */
async function alreadySaved(output: string, taskId: string): Promise<JobResult | undefined> {
  const bytes = await readFile(output).catch(() => undefined);
  if (bytes === undefined || readMidjourneyTaskId(bytes) !== taskId) return undefined;
  const info = readImageInfo(bytes);
  if (info === undefined) return undefined;
  return { output, provider: "midjourney", width: info.width, height: info.height, taskId };
}
