import * as z from "zod";
import { IMAGE_EXTENSIONS, type ImageMimeType, readImageInfo } from "../image/image-format.js";
import { type EncodedMultipart, encodeMultipart, type MultipartPart } from "../internal/multipart.js";
import { InputError } from "../outcome/errors.js";
import {
  ENHANCEMENT_STRENGTHS,
  type EnhancementStrength,
  factorsThatFit,
  IDEOGRAM_V2_DEFAULT_FACTOR,
  IDEOGRAM_V2_DEFAULT_MODEL,
  IDEOGRAM_V2_MAX_IMAGE_BYTES,
  IDEOGRAM_V2_MAX_OUTPUT_SIDE,
  IDEOGRAM_V2_MAX_SEED,
  IDEOGRAM_V2_MODEL_IDS,
  IDEOGRAM_V2_MODELS,
  type IdeogramV2Factor,
  type IdeogramV2Model,
  isIdeogramV2Model,
  RESOLUTION_TIERS,
  type ResolutionTier,
  upscaleFactorField,
} from "../vendor-facts/ideogram-v2.js";
import { checkIdeogramUpload } from "./ideogram-upload.js";

/** What to ask of Ideogram's v2 upscale. Each model takes only its own fields (see `IDEOGRAM_V2_MODELS`). */
export interface IdeogramV2UpscaleRequest {
  /** Default `auto`. */
  model?: IdeogramV2Model;
  /** ×2 (default), ×4 or ×8 where the model offers it; none for Nano Banana Pro. */
  factor?: IdeogramV2Factor;
  /** 0–2147483647: the same seed repeats the same upscale. */
  seed?: number;
  /** Topaz Bloom 2 and Topaz Redefine only. */
  prompt?: string;
  /** Topaz Wonder 3.5 only. */
  enhancementStrength?: EnhancementStrength;
  /** Nano Banana Pro only. */
  resolutionTier?: ResolutionTier;
}

/** A request checked against its model: the model and (where it takes one) the factor are filled in. */
export interface CheckedV2Request extends IdeogramV2UpscaleRequest {
  model: IdeogramV2Model;
}

/** The image as checked before upload. */
export interface V2Input {
  mimeType: ImageMimeType;
  width: number;
  height: number;
}

const requestSchema = z
  .object({
    model: z.string(),
    factor: z.number(),
    seed: z.number().int().min(0).max(IDEOGRAM_V2_MAX_SEED),
    prompt: z.string(),
    enhancementStrength: z.string(),
    resolutionTier: z.string(),
  })
  .partial()
  .strict();

const EXPECTED: Record<keyof IdeogramV2UpscaleRequest, string> = {
  model: `one of ${IDEOGRAM_V2_MODEL_IDS.join(", ")}`,
  factor: "2, 4 or 8",
  seed: `a whole number from 0 to ${IDEOGRAM_V2_MAX_SEED}`,
  prompt: "text",
  enhancementStrength: ENHANCEMENT_STRENGTHS.join(", "),
  resolutionTier: RESOLUTION_TIERS.join(", "),
};

/** Which model field each option fills, for the "not a field of this model" check. */
const MODEL_FIELDS = {
  prompt: "prompt",
  enhancementStrength: "enhancement_strength",
  resolutionTier: "resolution_tier",
} as const;

/**
 * The request checked against the documented fields and its model's own rules, before anything is sent: a field
 * the model does not take, a factor it does not offer or a value out of range is an INVALID_REQUEST saying so.
 */
export function checkIdeogramV2Request(request: unknown = {}): CheckedV2Request {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) throw invalid(describeIssue(parsed.error.issues[0], request));
  const fields = parsed.data;
  const model = fields.model ?? IDEOGRAM_V2_DEFAULT_MODEL;
  if (!isIdeogramV2Model(model)) throw invalid(`model must be ${EXPECTED.model}, got ${quote(model)}`);
  const facts = IDEOGRAM_V2_MODELS[model];
  const { label } = facts;

  for (const option of Object.keys(MODEL_FIELDS) as (keyof typeof MODEL_FIELDS)[]) {
    if (fields[option] === undefined || facts.fields.includes(MODEL_FIELDS[option])) continue;
    const takers = IDEOGRAM_V2_MODEL_IDS.filter((m) => IDEOGRAM_V2_MODELS[m].fields.includes(MODEL_FIELDS[option]));
    const names = takers.map((m) => IDEOGRAM_V2_MODELS[m].label).join(" and ");
    throw invalid(`${option} is for ${names} only, not ${label}`);
  }
  if (fields.enhancementStrength !== undefined && !isOneOf(fields.enhancementStrength, ENHANCEMENT_STRENGTHS)) {
    throw invalid(
      `enhancementStrength must be ${EXPECTED.enhancementStrength}, got ${quote(fields.enhancementStrength)}`,
    );
  }
  if (fields.resolutionTier !== undefined && !isOneOf(fields.resolutionTier, RESOLUTION_TIERS)) {
    throw invalid(`resolutionTier must be ${EXPECTED.resolutionTier}, got ${quote(fields.resolutionTier)}`);
  }

  const checked: CheckedV2Request = { model };
  if (facts.factors.length === 0) {
    if (fields.factor !== undefined) {
      throw invalid(`${label} takes no factor: its output size comes from resolutionTier (${EXPECTED.resolutionTier})`);
    }
  } else {
    const factor = fields.factor ?? IDEOGRAM_V2_DEFAULT_FACTOR;
    if (!(facts.factors as readonly number[]).includes(factor)) {
      throw invalid(`${label} upscales ${facts.factors.map((f) => `×${f}`).join(" or ")} only, not ×${factor}`);
    }
    checked.factor = factor as IdeogramV2Factor;
  }
  if (fields.seed !== undefined) checked.seed = fields.seed;
  if (fields.prompt !== undefined && fields.prompt.trim() !== "") checked.prompt = fields.prompt;
  if (fields.enhancementStrength !== undefined) {
    checked.enhancementStrength = fields.enhancementStrength as EnhancementStrength;
  }
  if (fields.resolutionTier !== undefined) checked.resolutionTier = fields.resolutionTier as ResolutionTier;
  return checked;
}

/**
 * The image as Ideogram takes it (PNG, JPEG or WebP by its bytes, at most 50 MB, a readable size), and an output
 * its model can make: over 8192 px a side is refused before anything is paid, naming the factor that fits.
 */
export function checkV2Input(image: Uint8Array, request: CheckedV2Request): V2Input {
  const mimeType = checkIdeogramUpload(image, IDEOGRAM_V2_MAX_IMAGE_BYTES);
  const info = readImageInfo(image);
  if (info === undefined) {
    throw new InputError("UNSUPPORTED_IMAGE", "The image's size cannot be read: it is damaged. Export it again.");
  }
  checkOutputSize(request, info.width, info.height);
  return { mimeType, width: info.width, height: info.height };
}

function checkOutputSize(request: CheckedV2Request, width: number, height: number): void {
  const { model, factor } = request;
  const facts = IDEOGRAM_V2_MODELS[model];
  if (factor === undefined || !facts.capsOutput || Math.max(width, height) * factor <= IDEOGRAM_V2_MAX_OUTPUT_SIDE) {
    return;
  }
  const size = (f: number) => `${width * f}×${height * f}`;
  const over = `${facts.label} ×${factor} would make this ${width}×${height} image ${size(factor)}, over the ${IDEOGRAM_V2_MAX_OUTPUT_SIDE} px a side Ideogram allows`;
  const fit = factorsThatFit(model, width, height).pop();
  if (fit !== undefined) {
    throw new InputError("INVALID_REQUEST", `${over}: choose ×${fit} (${size(fit)}) instead. Nothing was sent.`);
  }
  const uncapped = IDEOGRAM_V2_MODEL_IDS.filter((m) => !IDEOGRAM_V2_MODELS[m].capsOutput).map(
    (m) => IDEOGRAM_V2_MODELS[m].label,
  );
  const largest = Math.floor(IDEOGRAM_V2_MAX_OUTPUT_SIDE / Math.min(...facts.factors));
  throw new InputError(
    "IMAGE_TOO_LARGE",
    `${over}, and no factor fits: scale the image down to at most ${largest} px a side, or choose ` +
      `${uncapped.join(" or ")}, which have no such cap. Nothing was sent.`,
  );
}

/** The multipart form: `image` and each field the request sets, with `async=true` for a generation to poll. */
export function encodeV2Form(
  image: Uint8Array,
  input: V2Input,
  request: CheckedV2Request,
  options: { async: boolean },
): EncodedMultipart {
  const text: [string, string | undefined][] = [
    ["upscale_factor", request.factor === undefined ? undefined : upscaleFactorField(request.factor)],
    ["seed", request.seed === undefined ? undefined : String(request.seed)],
    ["prompt", request.prompt],
    ["enhancement_strength", request.enhancementStrength],
    ["resolution_tier", request.resolutionTier],
    ["async", options.async ? "true" : undefined],
  ];
  const parts: MultipartPart[] = [
    { name: "image", filename: `image.${IMAGE_EXTENSIONS[input.mimeType]}`, contentType: input.mimeType, data: image },
  ];
  for (const [name, value] of text) if (value !== undefined) parts.push({ name, value });
  return encodeMultipart(parts);
}

function describeIssue(issue: z.core.$ZodIssue | undefined, request: unknown): string {
  if (issue?.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => `"${key}"`).join(", ");
    return `unknown parameter ${keys}; the parameters are ${Object.keys(EXPECTED).join(", ")}`;
  }
  const field = issue?.path[0];
  if (issue !== undefined && issue.path.length === 1 && typeof field === "string" && field in EXPECTED) {
    const got = (request as Record<string, unknown>)[field];
    return `${field} must be ${EXPECTED[field as keyof IdeogramV2UpscaleRequest]}, got ${quote(got)}`;
  }
  return "the request must be an object of upscale parameters";
}

function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}

function quote(value: unknown): string {
  return String(JSON.stringify(value)).slice(0, 40);
}

function invalid(problem: string): InputError {
  return new InputError("INVALID_REQUEST", `Invalid Ideogram upscale request: ${problem}.`);
}
