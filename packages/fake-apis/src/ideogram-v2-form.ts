/**
 * The form of Ideogram's `POST /v2/image/upscale/{model}`, parsed for real and checked against the documented
 * fields and each model's own rules (the core's vendor facts). A problem comes back as a sentence naming the field.
 */

import {
  ENHANCEMENT_STRENGTHS,
  type EnhancementStrength,
  IDEOGRAM_V2_DEFAULT_FACTOR,
  IDEOGRAM_V2_MAX_IMAGE_BYTES,
  IDEOGRAM_V2_MAX_SEED,
  IDEOGRAM_V2_MODEL_IDS,
  IDEOGRAM_V2_MODELS,
  type IdeogramV2Factor,
  type IdeogramV2Model,
  type IdeogramV2ModelField,
  RESOLUTION_TIERS,
  type ResolutionTier,
  upscaleFactorField,
} from "@upscale/core/vendor-facts";
import type { Checked } from "./checked.js";
import { isSupportedImage, readMultipart } from "./ideogram-request.js";

/** Room for the form's other parts and boundaries around a maximal image. */
export const MAX_V2_FORM_BYTES = IDEOGRAM_V2_MAX_IMAGE_BYTES + 1024 * 1024;
/** The tier Nano Banana Pro uses when none is sent: UNCONFIRMED, the middle one. */
export const DEFAULT_RESOLUTION_TIER: ResolutionTier = "2K";

export interface UpscaleV2Form {
  image: Buffer;
  /** Undefined for a model that takes no factor (Nano Banana Pro). */
  factor: IdeogramV2Factor | undefined;
  seed: number | undefined;
  async: boolean;
  prompt: string | undefined;
  enhancementStrength: EnhancementStrength | undefined;
  resolutionTier: ResolutionTier | undefined;
}

const COMMON_FIELDS = ["image", "upscale_factor", "seed", "async", "webhook_url"];
const MODEL_FIELDS: readonly IdeogramV2ModelField[] = ["prompt", "enhancement_strength", "resolution_tier"];

export async function parseUpscaleV2Form(
  model: IdeogramV2Model,
  contentType: string | undefined,
  body: Buffer,
): Promise<Checked<UpscaleV2Form>> {
  if (!contentType?.toLowerCase().startsWith("multipart/form-data")) {
    return fail("Send multipart/form-data with the image in the part named image.");
  }
  const parsed = await readMultipart(contentType, body);
  if (!parsed.ok) return parsed;
  const form = parsed.value;
  const facts = IDEOGRAM_V2_MODELS[model];

  for (const name of new Set(form.keys())) {
    if (COMMON_FIELDS.includes(name)) continue;
    const field = MODEL_FIELDS.find((f) => f === name);
    if (field === undefined) return fail(`Unknown field ${JSON.stringify(name)}.`);
    if (!facts.fields.includes(field)) return fail(`${field} is not a field of ${model}: ${modelsTaking(field)}.`);
  }

  const file = form.get("image");
  if (file === null || typeof file === "string") return fail("image is required: the image, as a file part.");
  if (file.size > IDEOGRAM_V2_MAX_IMAGE_BYTES) {
    return fail(`image is ${(file.size / 1024 / 1024).toFixed(1)} MB: the limit is 50 MB. Send a smaller image.`);
  }
  const image = Buffer.from(await file.arrayBuffer());
  if (!isSupportedImage(image)) return fail("image must be a JPEG, PNG or WebP image (judged by its content).");

  const textFields = [...COMMON_FIELDS.filter((name) => name !== "image"), ...MODEL_FIELDS];
  const filePart = textFields.find((name) => typeof form.get(name) === "object" && form.get(name) !== null);
  if (filePart !== undefined) return fail(`${filePart} must be a text field, not a file.`);
  const value = (name: string) => (form.get(name) as string | null) ?? undefined;

  const factor = parseFactor(model, value("upscale_factor"));
  if (!factor.ok) return factor;
  const seed = value("seed");
  if (seed !== undefined && !(/^\d{1,10}$/.test(seed) && Number(seed) <= IDEOGRAM_V2_MAX_SEED)) {
    return fail(`seed must be a whole number from 0 to ${IDEOGRAM_V2_MAX_SEED}, got ${JSON.stringify(seed)}.`);
  }
  const asyncField = value("async");
  if (asyncField !== undefined && asyncField !== "true" && asyncField !== "false") {
    return fail(`async must be true or false, got ${JSON.stringify(asyncField)}.`);
  }
  const webhook = value("webhook_url");
  // Webhooks are HTTPS only (documented); the fake accepts one and never calls it.
  if (webhook !== undefined && !/^https:\/\/[^\s/]+/i.test(webhook)) return fail("webhook_url must be an HTTPS URL.");
  const strength = oneOf("enhancement_strength", value("enhancement_strength"), ENHANCEMENT_STRENGTHS);
  if (!strength.ok) return strength;
  const tier = oneOf("resolution_tier", value("resolution_tier"), RESOLUTION_TIERS);
  if (!tier.ok) return tier;

  return {
    ok: true,
    value: {
      image,
      factor: factor.value,
      seed: seed === undefined ? undefined : Number(seed),
      async: asyncField === "true" || webhook !== undefined,
      prompt: value("prompt"),
      enhancementStrength: strength.value,
      resolutionTier: facts.fields.includes("resolution_tier") ? (tier.value ?? DEFAULT_RESOLUTION_TIER) : undefined,
    },
  };
}

function parseFactor(model: IdeogramV2Model, field: string | undefined): Checked<IdeogramV2Factor | undefined> {
  const { factors } = IDEOGRAM_V2_MODELS[model];
  if (factors.length === 0) {
    return field === undefined
      ? { ok: true, value: undefined }
      : fail(`${model} takes no upscale_factor: its output size comes from resolution_tier.`);
  }
  if (field === undefined) return { ok: true, value: IDEOGRAM_V2_DEFAULT_FACTOR };
  const factor = factors.find((f) => upscaleFactorField(f) === field);
  if (factor !== undefined) return { ok: true, value: factor };
  const allowed = factors.map(upscaleFactorField).join(", ");
  return fail(`upscale_factor for ${model} must be one of ${allowed}, got ${JSON.stringify(field)}.`);
}

function oneOf<T extends string>(
  name: string,
  field: string | undefined,
  allowed: readonly T[],
): Checked<T | undefined> {
  if (field === undefined || (allowed as readonly string[]).includes(field)) {
    return { ok: true, value: field as T | undefined };
  }
  return fail(`${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(field)}.`);
}

function modelsTaking(field: IdeogramV2ModelField): string {
  const models = IDEOGRAM_V2_MODEL_IDS.filter((m) => IDEOGRAM_V2_MODELS[m].fields.includes(field));
  return `only ${models.join(" and ")} take${models.length === 1 ? "s" : ""} it`;
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
