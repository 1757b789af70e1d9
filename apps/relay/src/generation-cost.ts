import { IDEOGRAM_GENERATION_ID_PATTERN, quoteUpperBoundMicros } from "@upscale/core/vendor-facts";
import * as z from "zod";

/** The parts of an Ideogram v2 answer (a submission, or `GET /v2/generations/{id}`) that say what it costs. */
const generationAnswerSchema = z.object({
  generation_id: z.string().regex(IDEOGRAM_GENERATION_ID_PATTERN),
  status: z.string().optional(),
  usage_cost_usd_micros: z.number().int().nonnegative().optional(),
  data: z.array(z.unknown()).optional(),
});

export interface GenerationCost {
  generationId: string;
  /** What Ideogram billed: `usage_cost_usd_micros` once completed, 0 once failed; undefined while unknown. */
  costUsdMicros: number | undefined;
  /** A synchronous answer: the generation is over, though the answer may not say what it cost. */
  finished: boolean;
}

/** Undefined when the answer names no generation (an error before anything ran, or not JSON). */
export function readGenerationCost(status: number, body: unknown): GenerationCost | undefined {
  const parsed = generationAnswerSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const answer = parsed.data;
  const failed = answer.status === "failed" || status >= 500;
  return {
    generationId: answer.generation_id,
    costUsdMicros: answer.usage_cost_usd_micros ?? (answer.status === "failed" ? 0 : undefined),
    finished: failed || answer.status === "completed" || answer.data !== undefined,
  };
}

/** A price quote (`?dry_run=true`): what the relay holds against a budget is its upper bound. */
const priceQuoteSchema = z.object({
  usd_micros: z.number().int().nonnegative(),
  upper_bound_usd_micros: z.number().int().nonnegative().nullish(),
});

export function quotedUpperBound(body: unknown): number | undefined {
  const parsed = priceQuoteSchema.safeParse(body);
  if (!parsed.success) return undefined;
  return quoteUpperBoundMicros(parsed.data.usd_micros, parsed.data.upper_bound_usd_micros);
}
