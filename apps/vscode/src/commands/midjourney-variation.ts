import * as vscode from "vscode";
import { runMidjourneyCommand } from "../midjourney-job.js";
import { pickQuadrant, resolveMidjourneyParent } from "../midjourney-parent.js";
import { createGptunnelClient } from "../providers.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { showError } from "../show-error.js";
import { baseName, parentFolder, workspaceRoot } from "../uri-paths.js";
import { folderTarget } from "../workspace-result-store.js";

/** `Midjourney: Variation…`: a new grid from one image of a grid (or from an upsampled image). Charged. */
export async function midjourneyVariationCommand(services: Services, clicked?: unknown): Promise<void> {
  try {
    const parent = await resolveMidjourneyParent(clicked);
    if (parent === undefined) return;
    const index = await pickQuadrant("Midjourney: variation of which image?", true);
    if (index === undefined) return;
    let mode: "high" | "low" | undefined;
    if (index === "whole") {
      const picked = await vscode.window.showQuickPick(
        [
          { label: "High", description: "strong variation", mode: "high" as const },
          { label: "Low", description: "subtle variation", mode: "low" as const },
        ],
        { title: "Midjourney: how far may the variation stray?" },
      );
      if (picked === undefined) return;
      mode = picked.mode;
    }
    const client = await createGptunnelClient(readSettings(), services.keys);
    const source = parent.file === undefined ? `task ${parent.taskId}` : baseName(parent.file);
    const label = index === "whole" ? `variation of ${source}` : `variation ${index} of ${source}`;
    await runMidjourneyCommand(
      `Midjourney: variation of ${source}`,
      {
        kind: "variation",
        parentId: parent.taskId,
        index: index === "whole" ? undefined : index,
        mode,
        source: { id: label, name: label },
        target: folderTarget(parent.file === undefined ? workspaceRoot() : parentFolder(parent.file)),
      },
      client,
      services,
    );
  } catch (error) {
    await showError(error, services.errorActions("gptunnel"), { billed: false, prefix: "Midjourney" });
  }
}
