import { variationAndWait } from "@upscale/core";
import * as vscode from "vscode";
import { runMidjourneyJob } from "../midjourney-job.js";
import { pickQuadrant, resolveMidjourneyParent } from "../midjourney-parent.js";
import { createGptunnelClient } from "../providers.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { showError } from "../show-error.js";
import { baseName, parentFolder, workspaceRoot } from "../uri-paths.js";

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
    await runMidjourneyJob(
      {
        title: `Midjourney: variation of ${source}`,
        label: index === "whole" ? `variation of ${source}` : `variation ${index} of ${source}`,
        output: { folder: parent.file === undefined ? workspaceRoot() : parentFolder(parent.file) },
        billed: true,
        run: (options) =>
          variationAndWait(client, parent.taskId, index === "whole" ? undefined : index, { ...options, mode }),
      },
      services,
    );
  } catch (error) {
    await showError(error, services.errorActions("gptunnel"), { billed: false, prefix: "Midjourney" });
  }
}
