import * as vscode from "vscode";
import { resolveImageTargets } from "../image-targets.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { upscaleFiles } from "../upscale-files.js";
import { midjourneyUpsampleCommand } from "./midjourney-upsample.js";

/** `Upscale Image`: the explorer selection, the previewed image, or picked files, with `upscale.provider`. */
export async function upscaleImageCommand(services: Services, clicked?: unknown, selected?: unknown): Promise<void> {
  const inputs = await resolveImageTargets(clicked, selected);
  if (inputs === undefined) return;
  if (inputs.length === 0) {
    void vscode.window.showInformationMessage("Upscale: select PNG, JPEG or WebP images.");
    return;
  }
  const { provider } = readSettings();
  if (provider !== "midjourney") {
    await upscaleFiles(inputs, { id: provider }, services);
    return;
  }
  // Midjourney enlarges one image of a grid it made: the file must be such a grid, saved with its task id.
  if (inputs.length > 1) {
    void vscode.window.showWarningMessage(
      "Upscale: the Midjourney provider upsamples one grid at a time; select one grid image, or switch upscale.provider.",
    );
    return;
  }
  await midjourneyUpsampleCommand(services, inputs[0]);
}
