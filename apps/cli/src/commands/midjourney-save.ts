import {
  abortError,
  imageTypeOfName,
  type MidjourneyClient,
  type MidjourneyTask,
  readImageInfo,
  waitForMidjourneyImage,
} from "@upscale/core";
import { UsageError } from "../cli-errors.js";
import type { JobContext, JobResult } from "../job.js";
import { pngWithTaskId } from "../midjourney-png.js";
import { type OutTarget, outputPath, resolveOutTarget } from "../output-path.js";
import type { CommonOptions, MidjourneyOptions } from "../parse-args.js";
import { midjourneyClient } from "../providers.js";
import { type ReservedOutput, reserveInFolder, reserveOutput } from "../write-file-atomic.js";

export interface MidjourneySetup {
  client: MidjourneyClient;
  target: OutTarget;
  overwrite: boolean;
  deadlineMs: number | undefined;
}

/**
 * The client and output settings every Midjourney command shares. A single -o file must be a .png: the PNG is
 * what carries the task id.
 */
export async function createMidjourneySetup(
  command: { midjourney: MidjourneyOptions; common: CommonOptions },
  env: NodeJS.ProcessEnv,
  severalResults: boolean,
): Promise<{ setup: MidjourneySetup; key: string }> {
  const { client, key } = midjourneyClient(command.midjourney, env);
  const target = await resolveOutTarget(command.common.out, severalResults);
  if (target.kind === "file" && imageTypeOfName(target.path) !== "image/png") {
    throw new UsageError("Midjourney images are saved as PNG with their task id inside: name the -o file .png.");
  }
  const setup = { client, target, overwrite: command.common.overwrite, deadlineMs: command.midjourney.deadlineMs };
  return { setup, key };
}

/** `midjourney-<taskId>.png`: where a task's own image (a grid, a variation, a resumed task) is saved. */
export function taskImageName(taskId: string): string {
  return `midjourney-${taskId}.png`;
}

/**
 * One paid submission (imagine, variation), then wait and save its image. A taken -o is refused first, so a grid
 * is never paid for that could not be saved; the task id is reported the moment it exists.
 *
 * The submission gets no abort signal: cancelling it mid-flight could charge for a task whose id never arrives.
 * A first Ctrl-C lets it finish (the client's timeout bounds it), then stops before waiting, so the id is
 * printed for `resume`; a second Ctrl-C still quits at once.
 */
export async function submitAndSave(
  setup: MidjourneySetup,
  context: JobContext,
  submit: () => Promise<MidjourneyTask>,
  /** The real files read (fileIdentity): a result is never written over one. */
  inputs?: ReadonlySet<string>,
): Promise<JobResult> {
  const { target, overwrite } = setup;
  // The grid's name comes with its task id; its folder (or the -o file) is proven writable before paying.
  const reserved =
    target.kind === "file"
      ? await reserveOutput(target.path, { overwrite, inputs })
      : await reserveInFolder(target.kind === "dir" ? target.path : ".", { overwrite, inputs });
  try {
    if (context.signal.aborted) throw abortError(context.signal);
    context.onProgress({ stage: "submitting" });
    const release = context.commitBilled();
    let task: MidjourneyTask;
    try {
      task = await submit();
    } finally {
      release();
    }
    context.onProgress({ stage: "waiting", taskId: task.id, percent: task.percent, status: task.status });
    return await waitAndSave(setup, task.id, context, reserved);
  } finally {
    await reserved.discard();
  }
}

/**
 * Waits for a submitted task (nothing is sent that could charge) and saves its image as a PNG carrying the
 * task id. Used by resume.
 */
export async function saveTaskImage(setup: MidjourneySetup, taskId: string, context: JobContext): Promise<JobResult> {
  const reserved = await reserveOutput(outputPath(setup.target, undefined, taskImageName(taskId)), {
    overwrite: setup.overwrite,
  });
  try {
    return await waitAndSave(setup, taskId, context, reserved);
  } finally {
    await reserved.discard();
  }
}

async function waitAndSave(
  setup: MidjourneySetup,
  taskId: string,
  { signal, onProgress }: JobContext,
  reserved: ReservedOutput,
): Promise<JobResult> {
  const { image } = await waitForMidjourneyImage(setup.client, taskId, {
    signal,
    onProgress,
    deadlineMs: setup.deadlineMs,
  });
  const png = await pngWithTaskId(image.bytes, taskId);
  const output = await reserved.write(png, outputPath(setup.target, undefined, taskImageName(taskId)));
  const { width, height } = readImageInfo(png) ?? image;
  return { output, provider: "midjourney", width, height, taskId };
}
