import { resultFileName, taskImageName, upsampleAndWait, upsampleSuffix } from "@upscale/core";
import * as vscode from "vscode";
import { chooseOutput } from "../choose-output.js";
import { runMidjourneyJob } from "../midjourney-job.js";
import { pickQuadrant, resolveMidjourneyParent } from "../midjourney-parent.js";
import { createGptunnelClient } from "../providers.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { showError } from "../show-error.js";
import { baseName, parentFolder, workspaceRoot } from "../uri-paths.js";

/** `Midjourney: Upsample…`: one image of a grid at 2×, saved as `grid@u2.png` beside the grid. */
export async function midjourneyUpsampleCommand(services: Services, clicked?: unknown): Promise<void> {
  try {
    const parent = await resolveMidjourneyParent(clicked);
    if (parent === undefined) return;
    const index = await pickQuadrant("Midjourney: upsample which image?", false);
    if (index === undefined || index === "whole") return;
    const settings = readSettings();
    const client = await createGptunnelClient(settings, services.keys);
    const folder = parent.file === undefined ? workspaceRoot() : parentFolder(parent.file);
    const gridName = parent.file === undefined ? taskImageName(parent.taskId) : baseName(parent.file);
    const name = resultFileName(gridName, upsampleSuffix(index), "image/png");
    const output = await chooseOutput(vscode.Uri.joinPath(folder, name), settings.overwrite, parent.file);
    if (output === undefined) return;
    await runMidjourneyJob(
      {
        title: `Midjourney: upsampling image ${index} of ${gridName}`,
        label: `upsample ${index} of ${gridName}`,
        output,
        billed: false,
        run: (options) => upsampleAndWait(client, parent.taskId, index, options),
      },
      services,
    );
  } catch (error) {
    await showError(error, services.errorActions("gptunnel"), { billed: false, prefix: "Midjourney" });
  }
}
