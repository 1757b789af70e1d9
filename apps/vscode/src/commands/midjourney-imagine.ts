import { imagineAndWait } from "@upscale/core";
import * as vscode from "vscode";
import { runMidjourneyJob } from "../midjourney-job.js";
import { createGptunnelClient } from "../providers.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { showError } from "../show-error.js";
import { workspaceRoot } from "../uri-paths.js";

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
    await runMidjourneyJob(
      {
        title: "Midjourney: imagining",
        label: `imagine "${prompt.trim().slice(0, 60)}"`,
        output: { folder },
        billed: true,
        run: (options) => imagineAndWait(client, prompt.trim(), options),
      },
      services,
    );
  } catch (error) {
    await showError(error, services.errorActions("gptunnel"), { billed: false, prefix: "Midjourney" });
  }
}
