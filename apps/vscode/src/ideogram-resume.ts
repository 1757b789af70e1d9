import {
  createIdeogramV2Client,
  decodeLedgerTarget,
  type FailureReport,
  formatUsd,
  generationImageName,
  type JobsSummary,
  type LedgerEntry,
  type ResultTarget,
  resumeIdeogramJob,
} from "@upscale/core";
import { USD_MICROS } from "@upscale/core/vendor-facts";
import * as vscode from "vscode";
import { JobProgress } from "./job-progress.js";
import { ideogramClientOptions, sharpCodecOnDemand } from "./providers.js";
import type { Services } from "./services.js";
import { readSettings } from "./settings.js";
import { showError, showFailure, showNotes } from "./show-error.js";
import { baseName, workspaceRoot } from "./uri-paths.js";
import { folderTarget, workspaceResultStore } from "./workspace-result-store.js";

/** Where an entry's image goes: the file its upscale was writing, or (an entry without one) the workspace folder. */
function entryTarget(entry: LedgerEntry): ResultTarget {
  return entry.target === undefined ? folderTarget(workspaceRoot()) : decodeLedgerTarget(entry.target);
}

/** The result's file name: the target file's own, else one named after the generation. */
export function ideogramResultName(entry: LedgerEntry): string {
  const target = entry.target === undefined ? undefined : decodeLedgerTarget(entry.target);
  return target?.kind === "file" ? baseName(vscode.Uri.parse(target.path)) : generationImageName(entry.taskId);
}

/**
 * Finishes a paid Ideogram generation into the file it was headed for (the core's `resumeIdeogramJob`): the
 * overwrite question again, then wait, download, convert to the file's type, write, settle. Never submits.
 */
export async function resumeIdeogramEntry(entry: LedgerEntry, services: Services): Promise<void> {
  const settings = readSettings();
  const actions = services.errorActions("ideogram", () => resumeIdeogramEntry(entry, services));
  const fileName = ideogramResultName(entry);
  const progress = new JobProgress(`Ideogram: resuming ${fileName}`, 1);
  const started = performance.now();
  let cancelled: FailureReport | undefined;
  let summary: JobsSummary<vscode.Uri>;
  try {
    const client = createIdeogramV2Client(await ideogramClientOptions(settings, services.keys));
    summary = await resumeIdeogramJob(
      {
        generationId: entry.taskId,
        source: { id: entry.taskId, name: entry.label ?? fileName },
        target: entryTarget(entry),
        fileName,
      },
      {
        client,
        store: workspaceResultStore(settings.overwrite),
        ledger: services.ledger,
        codec: sharpCodecOnDemand,
        signal: progress.signal,
        redact: actions.redact,
        onLedgerError: (error) => services.log.info(`Saving the task ledger failed (it is retried): ${error}`),
        onEvent: (event) => {
          progress.onEvent(event);
          if (event.type === "cancelled") cancelled = event.report;
        },
      },
    );
  } catch (error) {
    await showError(error, actions, { billed: false, prefix: "Ideogram" });
    return;
  } finally {
    progress.close();
  }

  const record = { input: entry.label ?? fileName, provider: "ideogram", ms: performance.now() - started };
  const [saved] = summary.saved;
  const [failed] = summary.failed;
  const [skipped] = summary.skipped;
  if (saved !== undefined) {
    const { image } = saved;
    const size = `${image.width}×${image.height}`;
    services.log.job({ ...record, output: saved.saved.fsPath, size, taskId: entry.taskId, notes: image.notes });
    showNotes([{ uri: saved.saved, notes: image.notes }]);
    if (settings.openResult) {
      await vscode.commands.executeCommand("vscode.open", saved.saved, { viewColumn: vscode.ViewColumn.Beside });
    }
    const cost = image.costUsd === undefined ? "" : `, ${formatUsd(image.costUsd * USD_MICROS)} when it was submitted`;
    void vscode.window.showInformationMessage(
      `Upscale: ${baseName(saved.saved)} saved; nothing more was charged (Ideogram generation ${entry.taskId}${cost}).`,
    );
  } else if (failed !== undefined) {
    services.log.job({ ...record, taskId: entry.taskId, failure: failed.report });
    await showFailure(failed.report, actions, "Ideogram");
  } else if (skipped !== undefined) {
    vscode.window.setStatusBarMessage(`Ideogram: ${fileName} not saved; the generation stays in Resume Task….`, 5000);
  } else if (cancelled !== undefined) {
    void vscode.window.showInformationMessage(
      `Ideogram: cancelled. Generation ${entry.taskId} stays in "Resume Task…", to finish later without paying again.`,
    );
  }
}
