import { decodeLedgerTarget, type LedgerEntry } from "@upscale/core";
import * as vscode from "vscode";
import { runMidjourneyCommand } from "../midjourney-job.js";
import { createGptunnelClient } from "../providers.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { showError } from "../show-error.js";
import { baseName, workspaceRoot } from "../uri-paths.js";
import { folderTarget } from "../workspace-result-store.js";

/**
 * `Midjourney: Resume Task…`: the paid tasks not yet saved (kept in globalState, so also after a reload), or the
 * one a notification's Resume button names. Waits for it and saves it where it was headed; never submits.
 */
export async function midjourneyResumeCommand(services: Services, taskId?: unknown): Promise<void> {
  try {
    const entry = typeof taskId === "string" ? await findEntry(services, taskId) : await pickEntry(services);
    if (entry === undefined) return;
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
    void vscode.window.showInformationMessage(`Midjourney: task ${taskId} is already saved; nothing to resume.`);
  }
  return entry;
}

async function pickEntry(services: Services): Promise<LedgerEntry | undefined> {
  const pending = await services.ledger.pending();
  if (pending.length === 0) {
    void vscode.window.showInformationMessage("Midjourney: no unfinished tasks to resume.");
    return undefined;
  }
  const items = [...pending]
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((entry) => ({
      label: entry.label ?? `${entry.kind} ${entry.taskId}`,
      description: entry.taskId,
      detail: `${entry.kind}, submitted ${new Date(entry.createdAt).toLocaleString()}`,
      entry,
    }));
  return (await vscode.window.showQuickPick(items, { title: "Midjourney: resume which task?" }))?.entry;
}
