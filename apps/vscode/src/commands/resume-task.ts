import { decodeLedgerTarget, type LedgerEntry } from "@upscale/core";
import * as vscode from "vscode";
import { ideogramResultName, resumeIdeogramEntry } from "../ideogram-resume.js";
import { runMidjourneyCommand } from "../midjourney-job.js";
import { createGptunnelClient } from "../providers.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { showError } from "../show-error.js";
import { baseName, workspaceRoot } from "../uri-paths.js";
import { folderTarget } from "../workspace-result-store.js";

/**
 * The resume command (`Midjourney: Resume Task…`): the paid tasks not yet saved — Midjourney tasks and Ideogram
 * generations, kept in globalState, so also after a reload — or the one a notification's Resume button names.
 * Waits for it and saves it where it was headed; never submits, so never pays again.
 */
export async function resumeTaskCommand(services: Services, taskId?: unknown): Promise<void> {
  let entry: LedgerEntry | undefined;
  try {
    entry = typeof taskId === "string" ? await findEntry(services, taskId) : await pickEntry(services);
  } catch (error) {
    await showError(error, services.errorActions(undefined), { billed: false });
    return;
  }
  if (entry === undefined) return;
  if (entry.vendor === "ideogram") await resumeIdeogramEntry(entry, services);
  else await resumeMidjourneyEntry(entry, services);
}

async function resumeMidjourneyEntry(entry: LedgerEntry, services: Services): Promise<void> {
  try {
    const client = await createGptunnelClient(readSettings(), services.keys);
    const target = entry.target === undefined ? folderTarget(workspaceRoot()) : decodeLedgerTarget(entry.target);
    const label = entry.label ?? `${entry.kind} ${entry.taskId}`;
    await runMidjourneyCommand(
      `Midjourney: resuming ${entry.label ?? entry.taskId}`,
      {
        kind: "resume",
        taskId: entry.taskId,
        source: { id: entry.taskId, name: label },
        target,
        // Where it was headed: a file (the question comes again, it may exist by now), or its task's own name.
        fileName: target.kind === "file" ? baseName(vscode.Uri.parse(target.path)) : undefined,
      },
      client,
      services,
    );
  } catch (error) {
    await showError(error, services.errorActions("gptunnel"), { billed: false, prefix: "Midjourney" });
  }
}

/**
 * The pending task a Resume button names. A notification outlives its task: once the task is saved (through
 * `Resume Task…`, or an earlier press) its button must not save a second copy.
 */
async function findEntry(services: Services, taskId: string): Promise<LedgerEntry | undefined> {
  const entry = (await services.ledger.pending()).find((candidate) => candidate.taskId === taskId);
  if (entry === undefined) {
    void vscode.window.showInformationMessage(`Upscale: task ${taskId} is already saved; nothing to resume.`);
  }
  return entry;
}

async function pickEntry(services: Services): Promise<LedgerEntry | undefined> {
  const pending = await services.ledger.pending();
  if (pending.length === 0) {
    void vscode.window.showInformationMessage("Upscale: no unfinished paid tasks to resume.");
    return undefined;
  }
  const items = [...pending]
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((entry) => ({ ...describeEntry(entry), entry }));
  return (await vscode.window.showQuickPick(items, { title: "Resume which paid task?" }))?.entry;
}

/** A row of the list: what it was for, its id, which vendor and when it was paid for. */
function describeEntry(entry: LedgerEntry): vscode.QuickPickItem {
  const submitted = `submitted ${new Date(entry.createdAt).toLocaleString()}`;
  if (entry.vendor === "ideogram") {
    const result = ideogramResultName(entry);
    return {
      label: entry.label === undefined ? result : `${entry.label} → ${result}`,
      description: entry.taskId,
      detail: `Ideogram upscale, ${submitted}`,
    };
  }
  return {
    label: entry.label ?? `${entry.kind} ${entry.taskId}`,
    description: entry.taskId,
    detail: `Midjourney ${entry.kind}, ${submitted}`,
  };
}
