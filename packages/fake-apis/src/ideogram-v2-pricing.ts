/**
 * What a v2 upscale makes and what it costs. Ideogram bills per output megapixel at rates it does not publish,
 * so the prices here are the fake's own (README.md, "Prices"); the output rules follow the core's vendor facts.
 */

import {
  IDEOGRAM_V2_DEFAULT_FACTOR,
  IDEOGRAM_V2_MAX_OUTPUT_SIDE,
  IDEOGRAM_V2_MODELS,
  type IdeogramV2Model,
  type ResolutionTier,
  upscaleFactorField,
} from "@upscale/core/vendor-facts";
import type { Checked } from "./checked.js";
import type { UpscaleV2Form } from "./ideogram-v2-form.js";
import type { ImageSize } from "./resize-image.js";

/** USD micros per output megapixel. */
export const PRICE_PER_MEGAPIXEL: Readonly<Record<IdeogramV2Model, number>> = {
  auto: 10_000,
  "topaz-standard-2": 10_000,
  "topaz-text-refine": 12_000,
  "topaz-wonder-3-5": 16_000,
  "topaz-wonder-4": 20_000,
  "topaz-bloom-2": 25_000,
  "topaz-redefine": 30_000,
  "nano-banana-pro": 40_000,
};
/** `auto` runs as Standard V2 here, but is quoted up to the dearest model it could pick. */
const AUTO_UPPER_PRICE = Math.max(
  ...Object.entries(PRICE_PER_MEGAPIXEL)
    .filter(([model]) => IDEOGRAM_V2_MODELS[model as IdeogramV2Model].capsOutput)
    .map(([, price]) => price),
);
/** Every generation is billed for at least this many megapixels. */
export const MIN_BILLED_MEGAPIXELS = 1;
/** One Ideogram credit is worth one US cent here. */
const USD_MICROS_PER_CREDIT = 10_000;
/** Not Ideogram's rule: the fake's own bound on what it renders (8192×8192), so it cannot exhaust memory. */
export const MAX_RENDERED_PIXELS = 8192 * 8192;

/** Long side of a square at each tier; Nano Banana Pro keeps about that many pixels at its own aspect ratio. */
const TIER_SIDE: Readonly<Record<ResolutionTier, number>> = { "1K": 1024, "2K": 2048, "4K": 4096 };
/** The aspect ratios it generates at (width:height); it picks the one nearest the input's. */
const NANO_ASPECT_RATIOS: readonly [number, number][] = [
  [1, 1],
  [2, 3],
  [3, 2],
  [3, 4],
  [4, 3],
  [4, 5],
  [5, 4],
  [9, 16],
  [16, 9],
  [21, 9],
];

export interface OutputPlan {
  size: ImageSize;
  /** `cover` when the model regenerates at another aspect ratio. */
  fit: "fill" | "cover";
  /** A quote is exact only when the output size and the model are known before it runs. */
  exact: boolean;
  /** The most pixels it could bill for. */
  upperBoundPixels: number;
}

/** The output of `model` for an input of `input` pixels, or why Ideogram (or the fake) refuses to make it. */
export function planOutput(model: IdeogramV2Model, form: UpscaleV2Form, input: ImageSize): Checked<OutputPlan> {
  const facts = IDEOGRAM_V2_MODELS[model];
  if (form.resolutionTier !== undefined) return { ok: true, value: tierPlan(form.resolutionTier, input) };
  const factor = form.factor ?? IDEOGRAM_V2_DEFAULT_FACTOR;
  const size = { width: input.width * factor, height: input.height * factor };
  const made = `upscale_factor ${upscaleFactorField(factor)} makes this ${input.width}x${input.height} image ${size.width}x${size.height}`;
  if (facts.capsOutput && Math.max(size.width, size.height) > IDEOGRAM_V2_MAX_OUTPUT_SIDE) {
    return fail(`${made}: ${model} rejects outputs wider or taller than ${IDEOGRAM_V2_MAX_OUTPUT_SIDE} px.`);
  }
  if (size.width * size.height > MAX_RENDERED_PIXELS) {
    return fail(`${made}: this fake renders at most 8192×8192 pixels.`);
  }
  const pixels = size.width * size.height;
  return { ok: true, value: { size, fit: "fill", exact: model !== "auto", upperBoundPixels: pixels } };
}

function tierPlan(tier: ResolutionTier, input: ImageSize): OutputPlan {
  const sizes = NANO_ASPECT_RATIOS.map(([w, h]) => tierSize(TIER_SIDE[tier], w / h));
  const ratio = input.width / input.height;
  const nearest = NANO_ASPECT_RATIOS.reduce((best, candidate) =>
    Math.abs(Math.log(candidate[0] / candidate[1] / ratio)) < Math.abs(Math.log(best[0] / best[1] / ratio))
      ? candidate
      : best,
  );
  return {
    size: tierSize(TIER_SIDE[tier], nearest[0] / nearest[1]),
    fit: "cover",
    exact: false,
    upperBoundPixels: Math.max(...sizes.map((s) => s.width * s.height)),
  };
}

/** About `side`² pixels at `ratio`, each side a multiple of 16 as image models like. */
function tierSize(side: number, ratio: number): ImageSize {
  const round16 = (n: number) => Math.max(16, Math.round(n / 16) * 16);
  return { width: round16(side * Math.sqrt(ratio)), height: round16(side / Math.sqrt(ratio)) };
}

/** Megapixels billed for `pixels`: rounded up to hundredths, never below the minimum. */
export function billedMegapixels(pixels: number): number {
  return Math.max(MIN_BILLED_MEGAPIXELS, Math.ceil(pixels / 10_000) / 100);
}

/** What a finished generation of `model` making `pixels` costs, in USD micros. */
export function generationCost(model: IdeogramV2Model, pixels: number): number {
  return Math.round(billedMegapixels(pixels) * PRICE_PER_MEGAPIXEL[model]);
}

/** The documented `PriceQuote` for `plan`. */
export function priceQuote(model: IdeogramV2Model, plan: OutputPlan) {
  const quantity = billedMegapixels(plan.size.width * plan.size.height);
  const usdMicros = Math.round(quantity * PRICE_PER_MEGAPIXEL[model]);
  const upperPrice = model === "auto" ? AUTO_UPPER_PRICE : PRICE_PER_MEGAPIXEL[model];
  return {
    object: "price_quote",
    billing_identifier: `upscale.${model}.output_megapixel`,
    quantity,
    usd_micros: usdMicros,
    credit_millis: Math.round((usdMicros / USD_MICROS_PER_CREDIT) * 1000),
    qualifier: plan.exact ? "exact" : "estimate",
    upper_bound_usd_micros: Math.round(billedMegapixels(plan.upperBoundPixels) * upperPrice),
  };
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
