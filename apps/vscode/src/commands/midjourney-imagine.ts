import * as vscode from "vscode";
import { runMidjourneyCommand } from "../midjourney-job.js";
import { createGptunnelClient } from "../providers.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { showError } from "../show-error.js";
import { workspaceRoot } from "../uri-paths.js";
import { folderTarget } from "../workspace-result-store.js";

/** `Midjourney: Imagine…`: a new grid from a prompt, saved as `midjourney-<task id>.png`. Charged. */
export async function midjourneyImagineCommand(services: Services): Promise<void> {
  try {
    const folder = workspaceRoot();
    const prompt = await vscode.window.showInputBox({
      title: "Midjourney: imagine",
      prompt: "What to draw. One generation is charged to your GPTunnel balance.",
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === "" ? "Describe the image." : undefined),
    });
    if (prompt === undefined) return;
    const client = await createGptunnelClient(readSettings(), services.keys);
    const label = `imagine "${prompt.trim().slice(0, 60)}"`;
    await runMidjourneyCommand(
      "Midjourney: imagining",
      { kind: "imagine", prompt: prompt.trim(), source: { id: label, name: label }, target: folderTarget(folder) },
      client,
      services,
    );
  } catch (error) {
    await showError(error, services.errorActions("gptunnel"), { billed: false, prefix: "Midjourney" });
  }
}
