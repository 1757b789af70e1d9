import { resolve } from "node:path";
import {
  createTaskLedger,
  imageTypeOfName,
  type MidjourneyClient,
  type MidjourneyFlowOptions,
  type MidjourneyImage,
  type TaskLedger,
  taskImageName,
} from "@upscale/core";
import { UsageError } from "../cli-errors.js";
import type { JobContext, JobResult } from "../job.js";
import { jsonFileLedgerStorage, ledgerPath } from "../ledger-file.js";
import { pngWithTaskId } from "../midjourney-png.js";
import { type OutTarget, resolveOutTarget } from "../output-path.js";
import type { CommonOptions, MidjourneyOptions } from "../parse-args.js";
import { midjourneyClient } from "../providers.js";
import type { ReservedOutput } from "../write-file-atomic.js";

export interface MidjourneySetup {
  client: MidjourneyClient;
  target: OutTarget;
  overwrite: boolean;
  deadlineMs: number | undefined;
  /** Every task paid for is recorded here (a JSON file) until its image is saved: `resume` finds it later. */
  ledger: TaskLedger;
  ledgerPath: string;
}

/**
 * The client, output settings and task ledger every Midjourney command shares. A single -o file must be a .png:
 * the PNG is what carries the task id.
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
  const path = ledgerPath(env);
  const setup: MidjourneySetup = {
    client,
    target,
    overwrite: command.common.overwrite,
    deadlineMs: command.midjourney.deadlineMs,
    ledger: createTaskLedger(jsonFileLedgerStorage(path)),
    ledgerPath: path,
  };
  return { setup, key };
}

/**
 * Where a task's image goes, as the ledger keeps it (an absolute path, so `resume` from another folder puts it
 * in the same place): the file itself, or a folder ending in "/" that gets `midjourney-<taskId>.png`.
 */
export function ledgerTarget(target: OutTarget): string {
  if (target.kind === "file") return resolve(target.path);
  return `${resolve(target.kind === "dir" ? target.path : ".")}/`;
}

/** The file a ledger target names for `taskId`. */
export function targetFile(ledgerTarget: string, taskId: string): string {
  return ledgerTarget.endsWith("/") ? `${ledgerTarget}${taskImageName(taskId)}` : ledgerTarget;
}

export interface FlowRun {
  /** Where the image goes, from the new task's id. */
  output: (taskId: string) => string;
  /** Reserved before anything is sent, so a paid image never meets "cannot write". */
  reserved: ReservedOutput;
  label: string;
  target: string;
  /** The flow submits a billed request: a first Ctrl-C waits for it until the task id is known. */
  billed: boolean;
}

/**
 * Runs one of the core's Midjourney flows (imagine, variation, upsample, resume) and saves its image as a PNG
 * carrying the task id. The core records the task in the ledger the moment its id exists and settles it once
 * the image is saved; a failure to save leaves it there for `resume`.
 */
export async function runMidjourneyFlow(
  setup: MidjourneySetup,
  context: JobContext,
  run: FlowRun,
  flow: (options: MidjourneyFlowOptions) => Promise<MidjourneyImage>,
): Promise<JobResult> {
  let release: (() => void) | undefined;
  let output: string | undefined;
  let ledgerWarned = false;
  try {
    const { task, image } = await flow({
      signal: context.signal,
      deadlineMs: setup.deadlineMs,
      ledger: setup.ledger,
      label: run.label,
      target: run.target,
      onProgress: (progress) => {
        if (progress.stage === "submitting" && run.billed) release = context.commitBilled();
        if (progress.taskId !== undefined) release?.();
        context.onProgress(progress);
      },
      onLedgerError: (error) => {
        if (ledgerWarned) return;
        ledgerWarned = true;
        const reason = error instanceof Error ? error.message : String(error);
        context.note(`Could not record the task in ${setup.ledgerPath} (${reason}); its id is printed here instead.`);
      },
      save: async ({ task, image }) => {
        output = await run.reserved.write(await pngWithTaskId(image.bytes, task.id), run.output(task.id));
      },
    });
    const { width, height } = image;
    return { output: output ?? run.output(task.id), provider: "midjourney", width, height, taskId: task.id };
  } finally {
    release?.();
  }
}
