import { type IdeogramUpscaleRequest, ideogramUpscaleRequestSchema } from "@upscale/core";
import * as vscode from "vscode";
import { resolveImageTargets } from "../image-targets.js";
import { createProvider, type FileProviderId, PROVIDER_VENDOR } from "../providers.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { showError } from "../show-error.js";
import { type UpscaleRun, upscaleFiles } from "../upscale-files.js";

const FILE_PROVIDERS: (vscode.QuickPickItem & { id: FileProviderId })[] = [
  { id: "local", label: "Offline", description: "on this machine, no key, no network" },
  { id: "ideogram", label: "Ideogram", description: "2×, charged per image" },
];

/** `Upscale Image With…`: provider and options for this run only; the settings stay as they are. */
export async function upscaleImageWithCommand(services: Services, clicked?: unknown, selected?: unknown) {
  const inputs = await resolveImageTargets(clicked, selected);
  if (inputs === undefined || inputs.length === 0) return;
  const current = readSettings().provider;
  // A single-choice quick pick ignores `picked`: the provider in the settings comes first, so Enter keeps it.
  const items = [...FILE_PROVIDERS].sort((a, b) => Number(b.id === current) - Number(a.id === current));
  const picked = await vscode.window.showQuickPick(items, { title: "Upscale with…" });
  if (picked === undefined) return;
  const run: UpscaleRun = { id: picked.id };
  try {
    const provider = await createProvider(run, readSettings(), services.keys);
    const { scales } = provider.capabilities;
    if (scales.length > 1) {
      const scale = await vscode.window.showQuickPick(
        scales.map((factor) => ({ label: `${factor}×`, factor })),
        { title: "Scale" },
      );
      if (scale === undefined) return;
      run.scale = scale.factor;
    }
  } catch (error) {
    await showError(error, services.errorActions(PROVIDER_VENDOR[run.id]), { billed: false });
    return;
  }
  if (run.id === "ideogram") {
    const request = await askIdeogramRequest();
    if (request === undefined) return;
    run.ideogram = request;
  }
  await upscaleFiles(inputs, run, services);
}

/** Prompt, resemblance and detail; an empty answer leaves Ideogram's default. Undefined when cancelled. */
async function askIdeogramRequest(): Promise<IdeogramUpscaleRequest | undefined> {
  const prompt = await vscode.window.showInputBox({
    title: "Ideogram: prompt (optional)",
    prompt: "What the image shows, to guide the upscale. Leave empty for none.",
  });
  if (prompt === undefined) return undefined;
  const request: IdeogramUpscaleRequest = {};
  if (prompt.trim() !== "") request.prompt = prompt.trim();
  for (const field of ["resemblance", "detail"] as const) {
    const schema = ideogramUpscaleRequestSchema.shape[field];
    const answer = await vscode.window.showInputBox({
      title: `Ideogram: ${field} (optional)`,
      prompt: `1–100; empty for Ideogram's default.`,
      validateInput: (value) =>
        value.trim() === "" || schema.safeParse(Number(value)).success ? undefined : "A whole number from 1 to 100.",
    });
    if (answer === undefined) return undefined;
    if (answer.trim() !== "") request[field] = Number(answer);
  }
  return request;
}
