import * as z from "zod";
import { tolerated } from "../internal/tolerated-field.js";
import { IDEOGRAM_GENERATION_ID_PATTERN } from "../vendor-facts/ideogram-v2.js";

/** Ideogram's answers to the v2 upscale calls, read at the network boundary. Field names are Ideogram's. */

export const ideogramGenerationIdSchema = z
  .string()
  .regex(IDEOGRAM_GENERATION_ID_PATTERN, "a generation id is 8–128 letters, digits, - or _");

/** `?dry_run=true`: what the upscale would cost. A quote without a usable price is no quote. */
export const ideogramPriceQuoteSchema = z.object({
  object: tolerated(z.string()),
  billing_identifier: tolerated(z.string()),
  quantity: tolerated(z.number()),
  usd_micros: z.number().int().min(0),
  credit_millis: tolerated(z.number()),
  // An unknown qualifier is read as an estimate: never promise an exact price that is not.
  qualifier: z.string(),
  upper_bound_usd_micros: tolerated(z.number().int().min(0).nullable()),
});

export type IdeogramPriceQuoteBody = z.infer<typeof ideogramPriceQuoteSchema>;

/** An async submission: only the id is relied on (it is recorded before anything else happens). */
export const ideogramSubmissionSchema = z.object({
  generation_id: ideogramGenerationIdSchema,
  generation_kind: tolerated(z.string()),
  seed: tolerated(z.number().int()),
});

/** One image of a completed generation; its link and safety verdict are relied on, the rest passed on. */
export const ideogramV2ImageSchema = z.object({
  object_type: tolerated(z.string()),
  url: z.string().nullish(),
  is_image_safe: z.boolean(),
  prompt: tolerated(z.string()),
  resolution: tolerated(z.string()),
  seed: tolerated(z.number().int()),
  width: tolerated(z.number().int()),
  height: tolerated(z.number().int()),
});

/**
 * `GET /v2/generations/{id}`. `status` stays free text: an unknown one is read as still running, and a deadline
 * ends the wait. `data` is only read once the generation is `completed`.
 */
export const ideogramGenerationSchema = z.object({
  generation_id: tolerated(z.string()),
  status: z.string(),
  failure_reason: tolerated(z.string().nullable()),
  response_type: tolerated(z.string()),
  data: tolerated(z.array(ideogramV2ImageSchema)),
  usage_cost_usd_micros: tolerated(z.number().min(0)),
});

export type IdeogramGenerationBody = z.infer<typeof ideogramGenerationSchema>;
