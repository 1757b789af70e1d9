import {
  describeIdeogramRequest,
  IDEOGRAM_LEGACY_MODEL,
  type IdeogramModel,
  type IdeogramModelChoices,
  type IdeogramUpscaleRequest,
  ideogramModelRequest,
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
 * It holds every model's options; each model is sent only its own (the core's `ideogramModelRequest`).
 */
export interface IdeogramChoice extends IdeogramModelChoices {
  model: IdeogramModel;
  /** For the models that take a factor; Nano Banana Pro takes none, legacy is always 2×. */
  factor: IdeogramV2Factor;
  /** Topaz Wonder 3.5. */
  strength: EnhancementStrength;
  /** Nano Banana Pro. */
  resolution: ResolutionTier;
  /** "" for none. */
  prompt: string;
  /** Legacy only: resemblance and detail picked for one run, beside the prompt. */
  legacyRequest?: IdeogramUpscaleRequest;
}

export function ideogramChoiceFromSettings(settings: UpscaleSettings): IdeogramChoice {
  return {
    model: settings.ideogramModel,
    factor: settings.ideogramScale,
    strength: settings.ideogramStrength,
    resolution: settings.ideogramResolution,
    prompt: settings.ideogramPrompt,
  };
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

/** The model and its size: "Topaz Standard V2 ×4", "Nano Banana Pro 2K", "Ideogram legacy upscale ×2". */
export function describeIdeogramChoice(choice: IdeogramChoice): string {
  return describeIdeogramRequest(choice.model, ideogramModelRequest(choice.model, choice));
}
