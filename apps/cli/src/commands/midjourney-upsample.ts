import { basename } from "node:path";
import { createMidjourneyProvider, ProviderRegistry, resultFileName, upsampleSuffix, upscale } from "@upscale/core";
import { FileError } from "../cli-errors.js";
import { expandInputs } from "../expand-inputs.js";
import { failedJob, type Job, type Plan } from "../job.js";
import { isTaskIdArgument, pngWithTaskId, readTaskIdFromPng } from "../midjourney-png.js";
import { outputPath, refuseCollisions } from "../output-path.js";
import type { Command, GridIndex } from "../parse-args.js";
import { DEFAULT_CONCURRENCY } from "../providers.js";
import { type ReserveOptions, reserveOutput } from "../write-file-atomic.js";
import { createMidjourneySetup, taskImageName } from "./midjourney-save.js";

type UpsampleCommand = Extract<Command, { kind: "upsample" }>;

/** An argument to upsample: a grid's task id, or a grid PNG saved by this tool (its id is inside). */
type GridSource = { input: string; taskId: string; file?: undefined } | { input: string; file: string };

/**
 * `upscale midjourney upsample <taskId|grid.png>... --index N` (also `--provider midjourney`): one quadrant of
 * each grid, through the core's Midjourney provider. Re-sending an upsample returns the same task, so a
 * retry never pays twice.
 */
export async function planUpsample(command: UpsampleCommand, env: NodeJS.ProcessEnv): Promise<Plan> {
  const { common, index } = command;
  const taskIds: string[] = [];
  const paths: string[] = [];
  for (const arg of command.inputs) {
    ((await isTaskIdArgument(arg)) ? taskIds : paths).push(arg);
  }
  const expanded = paths.length === 0 ? undefined : await expandInputs(paths);
  const sources: GridSource[] = [
    ...taskIds.map((taskId) => ({ input: taskId, taskId })),
    ...(expanded?.files ?? []).map((file) => ({ input: file, file })),
  ];
  const { setup, key } = await createMidjourneySetup(
    command,
    env,
    sources.length > 1 || expanded?.usedPatterns === true,
  );
  const { client, target, deadlineMs } = setup;
  const registry = new ProviderRegistry([createMidjourneyProvider({ client, deadlineMs })]);
  const planned = sources.map((source) => ({
    source,
    output: outputPath(target, source.file, upsampleName(source, index)),
  }));
  refuseCollisions(planned.map(({ source, output }) => ({ input: source.input, output })));

  const writing = { overwrite: common.overwrite, inputs: expanded?.identities };
  const jobs = planned.map(({ source, output }) => upsampleJob(source, output, index, registry, writing));
  const unmatched = (expanded?.unmatched ?? []).map(({ arg, message }) =>
    failedJob(arg, new FileError("NOT_FOUND", message)),
  );
  return {
    jobs: [...jobs, ...unmatched],
    concurrency: common.concurrency ?? DEFAULT_CONCURRENCY.midjourney,
    secrets: [key],
  };
}

/** `grid@u2.png` beside the grid, or `midjourney-<taskId>@u2.png` for a task id. */
function upsampleName(source: GridSource, index: GridIndex): string {
  const gridName = source.file === undefined ? taskImageName(source.taskId) : basename(source.file);
  return resultFileName(gridName, upsampleSuffix(index), "image/png");
}

function upsampleJob(
  source: GridSource,
  output: string,
  index: GridIndex,
  registry: ProviderRegistry,
  writing: ReserveOptions,
): Job {
  return {
    input: source.input,
    run: async ({ signal, onProgress }) => {
      const gridTaskId = source.file === undefined ? source.taskId : await readTaskIdFromPng(source.file);
      const reserved = await reserveOutput(output, writing);
      try {
        const result = await upscale(
          { midjourneyTask: gridTaskId, index },
          { provider: "midjourney", registry, signal, onProgress },
        );
        const taskId = String(result.meta.taskId);
        const written = await reserved.write(await pngWithTaskId(result.bytes, taskId));
        return { output: written, provider: result.provider, width: result.width, height: result.height, taskId };
      } finally {
        await reserved.discard();
      }
    },
  };
}
