import { resultFileName, taskImageName, upsampleSuffix } from "@upscale/core";
import * as vscode from "vscode";
import { runMidjourneyCommand } from "../midjourney-job.js";
import { pickQuadrant, resolveMidjourneyParent } from "../midjourney-parent.js";
import { createGptunnelClient } from "../providers.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { showError } from "../show-error.js";
import { baseName, parentFolder, workspaceRoot } from "../uri-paths.js";
import { fileTarget } from "../workspace-result-store.js";

/** `Midjourney: Upsample…`: one image of a grid at 2×, saved as `grid@u2.png` beside the grid. */
export async function midjourneyUpsampleCommand(services: Services, clicked?: unknown): Promise<void> {
  try {
    const parent = await resolveMidjourneyParent(clicked);
    if (parent === undefined) return;
    const index = await pickQuadrant("Midjourney: upsample which image?", false);
    if (index === undefined || index === "whole") return;
    const client = await createGptunnelClient(readSettings(), services.keys);
    const folder = parent.file === undefined ? workspaceRoot() : parentFolder(parent.file);
    const gridName = parent.file === undefined ? taskImageName(parent.taskId) : baseName(parent.file);
    const fileName = resultFileName(gridName, upsampleSuffix(index), "image/png");
    const label = `upsample ${index} of ${gridName}`;
    await runMidjourneyCommand(
      `Midjourney: upsampling image ${index} of ${gridName}`,
      {
        kind: "upsample",
        parentId: parent.taskId,
        index,
        source: { id: label, name: label },
        target: fileTarget(vscode.Uri.joinPath(folder, fileName)),
        fileName,
      },
      client,
      services,
    );
  } catch (error) {
    await showError(error, services.errorActions("gptunnel"), { billed: false, prefix: "Midjourney" });
  }
}
