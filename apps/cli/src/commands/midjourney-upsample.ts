import { basename, resolve } from "node:path";
import {
  MIDJOURNEY_MAX_IN_FLIGHT,
  type MidjourneyImageIndex,
  resultFileName,
  taskImageName,
  upsampleAndWait,
  upsampleSuffix,
} from "@upscale/core";
import { FileError } from "../cli-errors.js";
import { expandInputs } from "../expand-inputs.js";
import { failedJob, type Job, type Plan } from "../job.js";
import { isTaskIdArgument, readTaskIdFromPng } from "../midjourney-png.js";
import { outputPath, refuseCollisions } from "../output-path.js";
import type { Command } from "../parse-args.js";
import { type ReserveOptions, reserveOutput } from "../write-file-atomic.js";
import { createMidjourneySetup, type MidjourneySetup, runMidjourneyFlow } from "./midjourney-save.js";

type UpsampleCommand = Extract<Command, { kind: "upsample" }>;

/** An argument to upsample: a grid's task id, or a grid PNG saved by this tool (its id read from inside). */
interface GridSource {
  input: string;
  taskId: string;
  file?: string;
}

/**
 * `upscale midjourney upsample <taskId|grid.png>... --index N` (also `--provider midjourney`): one quadrant of
 * each grid, through the core's upsample flow. Re-sending an upsample returns the same task, so a retry never
 * pays twice; the task is in the ledger until its image is saved.
 */
export async function planUpsample(command: UpsampleCommand, env: NodeJS.ProcessEnv): Promise<Plan> {
  const { common, index } = command;
  const taskIds: string[] = [];
  const paths: string[] = [];
  for (const arg of command.inputs) {
    ((await isTaskIdArgument(arg)) ? taskIds : paths).push(arg);
  }
  const expanded = paths.length === 0 ? undefined : await expandInputs(paths);
  const sources: GridSource[] = taskIds.map((taskId) => ({ input: taskId, taskId }));
  const unreadable: Job[] = [];
  for (const file of expanded?.files ?? []) {
    const taskId = await readTaskIdFromPng(file).catch((error: unknown) => {
      unreadable.push(failedJob(file, error as Error));
      return undefined;
    });
    if (taskId !== undefined) sources.push({ input: file, file, taskId });
  }
  // One grid given twice (by id, by its PNG, under two names) is upsampled once.
  const unique = sources.filter((source, i) => sources.findIndex((other) => other.taskId === source.taskId) === i);
  const { setup, key } = await createMidjourneySetup(
    command,
    env,
    unique.length > 1 || expanded?.usedPatterns === true,
  );
  const { target } = setup;
  const planned = unique.map((source) => ({
    source,
    output: outputPath(target, source.file, upsampleName(source, index)),
  }));
  refuseCollisions(planned.map(({ source, output }) => ({ input: source.input, output })));

  const writing = { overwrite: common.overwrite, inputs: expanded?.identities };
  const jobs = planned.map(({ source, output }) => upsampleJob(source, output, index, setup, writing));
  const unmatched = (expanded?.unmatched ?? []).map(({ arg, message }) =>
    failedJob(arg, new FileError("NOT_FOUND", message)),
  );
  return {
    jobs: [...jobs, ...unreadable, ...unmatched],
    concurrency: common.concurrency ?? MIDJOURNEY_MAX_IN_FLIGHT,
    secrets: [key],
    ledger: setup.ledger,
  };
}

/** `grid@u2.png` beside the grid, or `midjourney-<taskId>@u2.png` for a task id. */
function upsampleName(source: GridSource, index: MidjourneyImageIndex): string {
  const gridName = source.file === undefined ? taskImageName(source.taskId) : basename(source.file);
  return resultFileName(gridName, upsampleSuffix(index), "image/png");
}

function upsampleJob(
  source: GridSource,
  output: string,
  index: MidjourneyImageIndex,
  setup: MidjourneySetup,
  writing: ReserveOptions,
): Job {
  return {
    input: source.input,
    run: async (context) => {
      const reserved = await reserveOutput(output, writing);
      try {
        const run = { reserved, output: () => output, target: resolve(output), label: source.input, billed: false };
        return await runMidjourneyFlow(setup, context, run, (options) =>
          upsampleAndWait(setup.client, source.taskId, index, options),
        );
      } finally {
        await reserved.discard();
      }
    },
  };
}
