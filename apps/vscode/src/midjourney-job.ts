import {
  type MidjourneyFlowOptions,
  type MidjourneyImage,
  TaskError,
  taskImageName,
  writeMidjourneyTaskId,
} from "@upscale/core";
import * as vscode from "vscode";
import { withCancellableProgress } from "./cancellable-progress.js";
import { chooseOutput, type OutputChoice } from "./choose-output.js";
import { openResult } from "./compare/open-result.js";
import { convertImage } from "./convert-image.js";
import type { Services } from "./services.js";
import { readSettings } from "./settings.js";
import { isCancel, showError } from "./show-error.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/** A file decided before submitting, or a folder where the result is saved under its new task's name. */
export type MidjourneyOutput = OutputChoice | { folder: vscode.Uri };

export interface MidjourneyJob {
  /** Progress title, e.g. "Midjourney: upsampling image 2". */
  title: string;
  /** Shown in `Resume Task…`. */
  label: string;
  output: MidjourneyOutput;
  run(options: MidjourneyFlowOptions): Promise<MidjourneyImage>;
}

/**
 * The ledger's `target` for an output: the file's URI, or the folder's URI ending in "/" (the name comes from
 * the task id, known only once it is submitted).
 */
export function outputTarget(output: MidjourneyOutput): string {
  return "folder" in output ? `${output.folder.toString()}/` : output.uri.toString();
}

export function outputFromTarget(target: string): MidjourneyOutput {
  return target.endsWith("/")
    ? { folder: vscode.Uri.parse(target.slice(0, -1)) }
    : { uri: vscode.Uri.parse(target), overwrite: false };
}

/**
 * Runs one core Midjourney flow under a cancellable progress notification with the vendor's percent; the image
 * is saved as a PNG that carries its task id (so it can be upsampled or varied later) and opened. The core
 * records the task in the ledger the moment it exists and settles it only once the file is written: a cancel, a
 * crash or a reload leaves it in `Resume Task…`, and resuming never submits again.
 */
export async function runMidjourneyJob(job: MidjourneyJob, services: Services): Promise<vscode.Uri | undefined> {
  const started = performance.now();
  let taskId: string | undefined;
  // Retry is offered only for failures before anything was charged (show-error.ts decides): the same job again.
  const actions = services.errorActions("gptunnel", () => runMidjourneyJob(job, services));
  try {
    const saved = await withCancellableProgress(job.title, async (signal, progress) => {
      let written: vscode.Uri | undefined;
      await job.run({
        signal,
        ledger: services.ledger,
        label: job.label,
        target: outputTarget(job.output),
        onProgress: (p) => {
          taskId = p.taskId ?? taskId;
          const status = p.status ?? p.stage;
          progress.report(p.percent, p.percent === undefined ? status : `${p.percent}% · ${status}`);
        },
        // Runs before the core settles the task: if nothing is written (a cancel, a declined overwrite, a write
        // error) the task stays in the ledger, to resume for free.
        save: async ({ task, image }) => {
          if (signal.aborted) throw signal.reason;
          const output = await resolveOutput(job.output, task.id);
          if (output === undefined) throw new TaskError("ABORTED", "Not saved.", { taskId: task.id });
          const png = writeMidjourneyTaskId(await convertImage(image, "image/png"), task.id);
          written = await writeFileAtomic(output.uri, png, output.overwrite);
          services.log.job({
            input: job.label,
            provider: "midjourney",
            output: written.fsPath,
            size: `${image.width}×${image.height}`,
            ms: performance.now() - started,
            taskId: task.id,
          });
        },
      });
      return written;
    });
    if (saved !== undefined && readSettings().openResult) {
      await openResult(saved);
    }
    return saved;
  } catch (error) {
    services.log.job({ input: job.label, provider: "midjourney", ms: performance.now() - started, error, taskId });
    if (isCancel(error) || (error instanceof Error && error.name === "AbortError")) {
      await cancelled(taskId, actions.resume);
    } else {
      await showError(error, actions, "Midjourney");
    }
    return undefined;
  }
}

async function resolveOutput(output: MidjourneyOutput, taskId: string): Promise<OutputChoice | undefined> {
  if (!("folder" in output)) return output;
  const target = vscode.Uri.joinPath(output.folder, taskImageName(taskId));
  return chooseOutput(target, readSettings().overwrite);
}

async function cancelled(taskId: string | undefined, resume: ((taskId: string) => unknown) | undefined) {
  if (taskId === undefined) {
    void vscode.window.showInformationMessage("Midjourney: cancelled before a task was created.");
    return;
  }
  const answer = await vscode.window.showInformationMessage(
    `Midjourney: cancelled. Task ${taskId} keeps running at GPTunnel: finish it with "Midjourney: Resume Task…", ` +
      "without paying again.",
    "Resume",
  );
  if (answer === "Resume") await resume?.(taskId);
}
