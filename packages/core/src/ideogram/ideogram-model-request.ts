import type {
  EnhancementStrength,
  IdeogramV2Factor,
  IdeogramV2ModelField,
  ResolutionTier,
} from "../vendor-facts/ideogram-v2.js";
import { IDEOGRAM_V2_DEFAULT_FACTOR, IDEOGRAM_V2_MODELS, isIdeogramV2Model } from "../vendor-facts/ideogram-v2.js";
import { IDEOGRAM_LEGACY_MODEL } from "./ideogram-model-provider.js";
import type { IdeogramV2UpscaleRequest } from "./ideogram-v2-request.js";

/** What an app keeps for every model at once (its settings): each model reads only its own fields. */
export interface IdeogramModelChoices {
  factor?: IdeogramV2Factor;
  /** Topaz Bloom 2 and Topaz Redefine. Blank means none. */
  prompt?: string;
  /** Topaz Wonder 3.5. */
  strength?: EnhancementStrength;
  /** Nano Banana Pro. */
  resolution?: ResolutionTier;
}

/**
 * The v2 request fields `model` takes, picked from `choices`: a field the model has no use for is left out (the
 * core refuses it otherwise), so an app can keep one value per field whatever model is chosen. A factor the model
 * does not offer is kept, so the request check says which it offers instead of quietly changing the price. The
 * legacy model (and any unknown one) takes none of them.
 */
export function ideogramModelRequest(
  model: string,
  choices: IdeogramModelChoices,
): Omit<IdeogramV2UpscaleRequest, "model"> {
  if (!isIdeogramV2Model(model)) return {};
  const facts = IDEOGRAM_V2_MODELS[model];
  const takes = (field: IdeogramV2ModelField) => facts.fields.includes(field);
  const request: Omit<IdeogramV2UpscaleRequest, "model"> = {};
  if (facts.factors.length > 0 && choices.factor !== undefined) request.factor = choices.factor;
  if (takes("prompt") && choices.prompt !== undefined && choices.prompt.trim() !== "") {
    request.prompt = choices.prompt.trim();
  }
  if (takes("enhancement_strength") && choices.strength !== undefined) request.enhancementStrength = choices.strength;
  if (takes("resolution_tier") && choices.resolution !== undefined) request.resolutionTier = choices.resolution;
  return request;
}

/** A model by name, as a sentence uses it: "Topaz Standard V2", "Ideogram Auto", "Ideogram legacy upscale". */
export function ideogramModelName(model: string): string {
  if (model === IDEOGRAM_LEGACY_MODEL) return "Ideogram legacy upscale";
  if (model === "auto") return "Ideogram Auto";
  return isIdeogramV2Model(model) ? IDEOGRAM_V2_MODELS[model].label : model;
}

/**
 * The model and the size it makes, as a sentence uses it (a price question, a total, what was spent): "Topaz
 * Standard V2 ×4", "Ideogram Auto ×2" (the default factor), "Nano Banana Pro 2K", "Ideogram legacy upscale ×2".
 */
export function describeIdeogramRequest(model: string, request: Omit<IdeogramV2UpscaleRequest, "model"> = {}): string {
  const name = ideogramModelName(model);
  if (model === IDEOGRAM_LEGACY_MODEL) return `${name} ×2`;
  if (!isIdeogramV2Model(model)) return name;
  if (IDEOGRAM_V2_MODELS[model].factors.length > 0) return `${name} ×${request.factor ?? IDEOGRAM_V2_DEFAULT_FACTOR}`;
  return request.resolutionTier === undefined ? name : `${name} ${request.resolutionTier}`;
}
