import {
  IDEOGRAM_LEGACY_MODEL,
  type IdeogramModel,
  type IdeogramUpscaleRequest,
  type IdeogramV2UpscaleRequest,
} from "@upscale/core";
import {
  type EnhancementStrength,
  IDEOGRAM_V2_MODELS,
  type IdeogramV2Factor,
  type ResolutionTier,
} from "@upscale/core/vendor-facts";
import type { UpscaleSettings } from "./settings.js";

/**
 * Ideogram's model and what the user set for it: from the settings, or picked in "Upscale Image With…" for one run.
 * It holds every model's options; each model is sent only its own (the core refuses any other).
 */
export interface IdeogramChoice {
  model: IdeogramModel;
  /** For the models that take a factor; Nano Banana Pro takes none, legacy is always 2×. */
  factor: IdeogramV2Factor;
  enhancementStrength: EnhancementStrength;
  resolutionTier: ResolutionTier;
  /** "" for none. */
  prompt: string;
  /** Legacy only: resemblance and detail picked for one run, beside the prompt. */
  legacyRequest?: IdeogramUpscaleRequest;
}

export function ideogramChoiceFromSettings(settings: UpscaleSettings): IdeogramChoice {
  return {
    model: settings.ideogramModel,
    factor: settings.ideogramScale,
    enhancementStrength: settings.ideogramStrength,
    resolutionTier: settings.ideogramResolution,
    prompt: settings.ideogramPrompt,
  };
}

/** The fields of a v2 model's request that it takes (nothing for legacy, which has its own). */
export function ideogramV2Request(choice: IdeogramChoice): Omit<IdeogramV2UpscaleRequest, "model"> {
  if (choice.model === IDEOGRAM_LEGACY_MODEL) return {};
  const facts = IDEOGRAM_V2_MODELS[choice.model];
  const request: Omit<IdeogramV2UpscaleRequest, "model"> = {};
  if (facts.factors.length > 0) request.factor = choice.factor;
  if (facts.fields.includes("enhancement_strength")) request.enhancementStrength = choice.enhancementStrength;
  if (facts.fields.includes("resolution_tier")) request.resolutionTier = choice.resolutionTier;
  if (facts.fields.includes("prompt") && choice.prompt !== "") request.prompt = choice.prompt;
  return request;
}

/** Legacy's `image_request`: what was picked for the run, else the prompt setting. */
export function ideogramLegacyRequest(choice: IdeogramChoice): IdeogramUpscaleRequest | undefined {
  if (choice.legacyRequest !== undefined) return choice.legacyRequest;
  return choice.prompt === "" ? undefined : { prompt: choice.prompt };
}

/** Whether the model reads a prompt (Topaz Bloom 2, Topaz Redefine, legacy). */
export function takesPrompt(model: IdeogramModel): boolean {
  return model === IDEOGRAM_LEGACY_MODEL || IDEOGRAM_V2_MODELS[model].fields.includes("prompt");
}

/** The model by name, as a sentence can use it: "Topaz Standard V2", "Ideogram Auto", "Ideogram legacy upscale". */
export function ideogramModelName(model: IdeogramModel): string {
  if (model === IDEOGRAM_LEGACY_MODEL) return "Ideogram legacy upscale";
  if (model === "auto") return "Ideogram Auto";
  return IDEOGRAM_V2_MODELS[model].label;
}

/** The model and its size: "Topaz Standard V2 ×4", "Nano Banana Pro 2K", "Ideogram legacy upscale ×2". */
export function describeIdeogramChoice(choice: IdeogramChoice): string {
  const name = ideogramModelName(choice.model);
  if (choice.model === IDEOGRAM_LEGACY_MODEL) return `${name} ×2`;
  const size = IDEOGRAM_V2_MODELS[choice.model].factors.length > 0 ? `×${choice.factor}` : choice.resolutionTier;
  return `${name} ${size}`;
}
