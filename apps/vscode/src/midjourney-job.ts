import {
  type FailureReport,
  type JobSubject,
  type MidjourneyClient,
  type MidjourneyJob,
  runMidjourneyJob,
} from "@upscale/core";
import * as vscode from "vscode";
import { openResult } from "./compare/open-result.js";
import { JobProgress } from "./job-progress.js";
import { sharpCodecOnDemand } from "./providers.js";
import type { Services } from "./services.js";
import { readSettings } from "./settings.js";
import { type ErrorActions, showFailure, showNotes } from "./show-error.js";
import { workspaceResultStore } from "./workspace-result-store.js";

/**
 * Runs one Midjourney job of the core (`runMidjourneyJob`) under a cancellable progress notification. The core
 * reserves the file (the overwrite question) before anything is sent, records a paid task in the ledger the moment
 * it exists and settles it only once its PNG — carrying its task id — is written: a cancel, a crash or a reload
 * leaves it in `Resume Task…`, and resuming never submits again. `title` heads the progress; `job.source.name` is
 * the task's label in `Resume Task…`.
 */
export async function runMidjourneyCommand(
  title: string,
  job: MidjourneyJob<JobSubject>,
  client: MidjourneyClient,
  services: Services,
): Promise<void> {
  const settings = readSettings();
  // The core's report decides whether Retry is offered: only when nothing was charged. It runs the same job again.
  const actions = services.errorActions("gptunnel", () => runMidjourneyCommand(title, job, client, services));
  const progress = new JobProgress(title, 1);
  const started = performance.now();
  let taskId = job.kind === "resume" ? job.taskId : undefined;
  let cancelled: FailureReport | undefined;
  const summary = await runMidjourneyJob(job, {
    client,
    ledger: services.ledger,
    store: workspaceResultStore(settings.overwrite),
    codec: sharpCodecOnDemand,
    signal: progress.signal,
    redact: actions.redact,
    onEvent: (event) => {
      progress.onEvent(event);
      if (event.type === "task-created") taskId = event.taskId;
      if (event.type === "cancelled") cancelled = event.report;
    },
  }).finally(() => progress.close());

  const record = { input: job.source.name, provider: "midjourney", ms: performance.now() - started, taskId };
  const [saved] = summary.saved;
  const [failed] = summary.failed;
  if (saved !== undefined) {
    const { image } = saved;
    services.log.job({
      ...record,
      output: saved.saved.fsPath,
      size: `${image.width}×${image.height}`,
      notes: image.notes,
    });
    showNotes([{ uri: saved.saved, notes: image.notes }]);
    if (settings.openResult) {
      await openResult(saved.saved);
    }
  } else if (failed !== undefined) {
    services.log.job({ ...record, failure: failed.report });
    await showFailure(failed.report, actions, "Midjourney");
  } else if (cancelled !== undefined) {
    services.log.job({ ...record, failure: cancelled });
    await showCancelled(cancelled, actions);
  }
}

async function showCancelled(report: FailureReport, actions: ErrorActions): Promise<void> {
  const { taskId } = report;
  if (report.next === "resume" && taskId !== undefined) {
    const answer = await vscode.window.showInformationMessage(
      `Midjourney: cancelled. Task ${taskId} keeps running at GPTunnel: finish it with "Midjourney: Resume Task…", ` +
        "without paying again.",
      "Resume",
    );
    if (answer === "Resume") await actions.resume?.(taskId);
  } else if (report.charged !== undefined) {
    // Cancelled while a billed submission was out: it may have created (and charged) a task all the same.
    void vscode.window.showWarningMessage(`Midjourney: ${report.message}`);
  } else {
    void vscode.window.showInformationMessage("Midjourney: cancelled before a task was created.");
  }
}
