import { basename } from "node:path";
import {
  imageTypeOfName,
  looksLikeResult,
  type MidjourneyImageIndex,
  type MidjourneyJob,
  resultFileName,
  taskImageName,
  upsampleSuffix,
} from "@upscale/core";
import { FileError } from "../cli-errors.js";
import { type Classify, expandInputs } from "../expand-inputs.js";
import { isTaskIdArgument, readTaskIdFromPng } from "../midjourney-png.js";
import { outputPath } from "../output-path.js";
import type { Command } from "../parse-args.js";
import { type Plan, reportFailure } from "../plan.js";
import { MIDJOURNEY_RESUME } from "../resume-hints.js";
import { createMidjourneySetup, fileTarget, runMidjourney } from "./midjourney-setup.js";

type UpsampleCommand = Extract<Command, { kind: "upsample" }>;

/** An argument to upsample: a grid's task id, or a grid PNG saved by this tool (its id read from inside). */
interface GridSource {
  input: string;
  taskId: string;
  file?: string;
}

/**
 * `upscale midjourney upsample <taskId|grid.png>... --index N` (also `--provider midjourney`): one quadrant of
 * each grid, through the core. Re-sending an upsample returns the same task, so a retry never pays twice; the
 * task is in the ledger until its image is saved.
 */
export async function planUpsample(command: UpsampleCommand, env: NodeJS.ProcessEnv): Promise<Plan> {
  const { common, index } = command;
  const taskIds: string[] = [];
  const paths: string[] = [];
  for (const arg of command.inputs) {
    ((await isTaskIdArgument(arg)) ? taskIds : paths).push(arg);
  }
  const expanded = paths.length === 0 ? undefined : await expandInputs(paths, gridFiles);
  const sources: GridSource[] = taskIds.map((taskId) => ({ input: taskId, taskId }));
  const unreadable: { input: string; error: unknown }[] = [];
  for (const file of expanded?.files ?? []) {
    const taskId = await readTaskIdFromPng(file).catch((error: unknown) => {
      unreadable.push({ input: file, error });
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
  const jobs = unique.map(
    (source): MidjourneyJob => ({
      kind: "upsample",
      parentId: source.taskId,
      index,
      source: { id: source.input, name: source.input },
      ...fileTarget(setup, outputPath(setup.target, source.file, upsampleName(source, index))),
    }),
  );
  const unmatched = expanded?.unmatched ?? [];
  const skipped = expanded?.skipped ?? [];
  return {
    total: jobs.length + unreadable.length + unmatched.length + skipped.length,
    provider: "midjourney",
    secrets: [key],
    ledger: setup.ledger,
    resume: MIDJOURNEY_RESUME,
    run: async (context) => {
      for (const { file, reason } of skipped)
        context.onEvent({ type: "skipped", source: { id: file, name: file }, reason });
      await runMidjourney(setup, jobs, context, { inputs: expanded?.identities, concurrency: common.concurrency });
      for (const { input, error } of unreadable) reportFailure(context, input, error);
      for (const { arg, message } of unmatched) reportFailure(context, arg, new FileError("NOT_FOUND", message));
    },
  };
}

/** What a folder or glob of grids holds that is not one: grids are PNGs; `@u2` / `@2x` names are this tool's results. */
const gridFiles: Classify = async (file) => {
  if (imageTypeOfName(file) !== "image/png") return "not a PNG: Midjourney grids are saved as PNG.";
  return looksLikeResult(basename(file)) ? "named like an upsampled or upscaled image, not a grid." : undefined;
};

/** `grid@u2.png` beside the grid, or `midjourney-<taskId>@u2.png` for a task id. */
function upsampleName(source: GridSource, index: MidjourneyImageIndex): string {
  const gridName = source.file === undefined ? taskImageName(source.taskId) : basename(source.file);
  return resultFileName(gridName, upsampleSuffix(index), "image/png");
}
