import {
  IDEOGRAM_LEGACY_MODEL,
  IDEOGRAM_MODELS,
  type IdeogramUpscaleRequest,
  ideogramModelName,
  ideogramUpscaleRequestSchema,
  ideogramV2Capabilities,
} from "@upscale/core";
import { ENHANCEMENT_STRENGTHS, IDEOGRAM_V2_MODELS, RESOLUTION_TIERS } from "@upscale/core/vendor-facts";
import * as vscode from "vscode";
import { type IdeogramChoice, ideogramChoiceFromSettings, takesPrompt } from "../ideogram-choice.js";
import { resolveImageTargets } from "../image-targets.js";
import { createProvider, type FileProviderId, PROVIDER_VENDOR } from "../providers.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { showError } from "../show-error.js";
import { type UpscaleRun, upscaleFiles } from "../upscale-files.js";

const FILE_PROVIDERS: (vscode.QuickPickItem & { id: FileProviderId })[] = [
  { id: "local", label: "Offline", description: "on this machine, no key, no network" },
  { id: "ideogram", label: "Ideogram", description: "Topaz upscalers and more, priced before each run" },
];

/** `Upscale Image With…`: provider and options for this run only; the settings stay as they are. */
export async function upscaleImageWithCommand(services: Services, clicked?: unknown, selected?: unknown) {
  const inputs = await resolveImageTargets(clicked, selected);
  if (inputs === undefined || inputs.length === 0) return;
  const settings = readSettings();
  const picked = await vscode.window.showQuickPick(currentFirst(FILE_PROVIDERS, settings.provider), {
    title: "Upscale with…",
  });
  if (picked === undefined) return;
  const run: UpscaleRun = { id: picked.id };
  if (run.id === "ideogram") {
    const choice = await askIdeogramChoice(ideogramChoiceFromSettings(settings));
    if (choice === undefined) return;
    run.ideogram = choice;
  } else {
    try {
      const { scales } = (await createProvider(run, settings, services)).capabilities;
      const factor = await pickFactor(scales, settings.scale);
      if (factor === undefined) return;
      run.scale = factor;
    } catch (error) {
      await showError(error, services.errorActions(PROVIDER_VENDOR[run.id]), { billed: false });
      return;
    }
  }
  await upscaleFiles(inputs, run, services);
}

/**
 * The model, then what that model takes: its factors (offered by its capabilities), Wonder 3.5's strength, Nano
 * Banana Pro's resolution, a prompt for Bloom 2 and Redefine; legacy asks its own prompt, resemblance and detail.
 * Each question starts at the setting. Undefined when cancelled.
 */
async function askIdeogramChoice(current: IdeogramChoice): Promise<IdeogramChoice | undefined> {
  const models = IDEOGRAM_MODELS.map((model) => ({
    id: model,
    label: ideogramModelName(model),
    description: model === IDEOGRAM_LEGACY_MODEL ? "v1 /upscale, 2×" : IDEOGRAM_V2_MODELS[model].summary,
  }));
  const model = (await vscode.window.showQuickPick(currentFirst(models, current.model), { title: "Ideogram model" }))
    ?.id;
  if (model === undefined) return undefined;
  const choice: IdeogramChoice = { ...current, model };
  if (model === IDEOGRAM_LEGACY_MODEL) {
    const legacyRequest = await askLegacyRequest(current.prompt);
    return legacyRequest && { ...choice, legacyRequest };
  }
  const factor = await pickFactor(ideogramV2Capabilities({ model }).scales, current.factor);
  if (factor === undefined) return undefined;
  choice.factor = factor as IdeogramChoice["factor"];
  const { fields, label } = IDEOGRAM_V2_MODELS[model];
  if (fields.includes("enhancement_strength")) {
    const strength = await pickOne(`${label}: enhancement strength`, ENHANCEMENT_STRENGTHS, current.strength);
    if (strength === undefined) return undefined;
    choice.strength = strength;
  }
  if (fields.includes("resolution_tier")) {
    const tier = await pickOne(`${label}: resolution`, RESOLUTION_TIERS, current.resolution);
    if (tier === undefined) return undefined;
    choice.resolution = tier;
  }
  if (takesPrompt(model)) {
    const prompt = await askPrompt(`${label}: prompt (optional)`, current.prompt);
    if (prompt === undefined) return undefined;
    choice.prompt = prompt;
  }
  return choice;
}

/** A factor among `scales`, the current one first (Enter keeps it); skipped when there is no choice to make. */
async function pickFactor(scales: readonly number[], current: number | undefined): Promise<number | undefined> {
  if (scales.length <= 1) return scales[0] ?? current ?? 2;
  const items = scales.map((factor) => ({ id: factor, label: `${factor}×` }));
  return (await vscode.window.showQuickPick(currentFirst(items, current), { title: "Scale" }))?.id;
}

async function pickOne<T extends string>(title: string, values: readonly T[], current: T): Promise<T | undefined> {
  const items = values.map((value) => ({ id: value, label: value }));
  return (await vscode.window.showQuickPick(currentFirst(items, current), { title }))?.id;
}

/** An empty answer means no prompt. Undefined when cancelled. */
async function askPrompt(title: string, value: string): Promise<string | undefined> {
  const prompt = await vscode.window.showInputBox({
    title,
    value,
    prompt: "What the image shows, to guide the upscale. Leave empty for none.",
  });
  return prompt?.trim();
}

/** Legacy's prompt, resemblance and detail; an empty answer leaves Ideogram's default. Undefined when cancelled. */
async function askLegacyRequest(currentPrompt: string): Promise<IdeogramUpscaleRequest | undefined> {
  const prompt = await askPrompt("Ideogram: prompt (optional)", currentPrompt);
  if (prompt === undefined) return undefined;
  const request: IdeogramUpscaleRequest = {};
  if (prompt !== "") request.prompt = prompt;
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

/** A single-choice quick pick ignores `picked`: the current value comes first, so Enter keeps it. */
function currentFirst<T extends { id: unknown }>(items: readonly T[], current: unknown): T[] {
  return [...items].sort((a, b) => Number(b.id === current) - Number(a.id === current));
}
