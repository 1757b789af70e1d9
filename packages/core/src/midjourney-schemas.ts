import * as z from "zod";
import { tolerated } from "./tolerated-field.js";

/** GPTunnel task ids are 24 hex characters (MongoDB object ids). */
export const midjourneyTaskIdSchema = z.string().regex(/^[0-9a-f]{24}$/i, "a task id is 24 hex characters");

const usageSchema = z.object({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_cost: z.number().nullish(),
  completion_cost: z.number().nullish(),
  total_cost: z.number().nullish(),
});

/**
 * The task object every Midjourney endpoint answers with. What the client relies on is checked: the id, the
 * status, the result link and the error. Only `idle` and `done` are documented statuses, so `status` stays a
 * free string; `actions` too (the vendor's own example spells `upsamle_1`). A `percent` that is null or out of
 * range means "unknown".
 */
export const midjourneyTaskSchema = z.object({
  id: midjourneyTaskIdSchema,
  parentId: tolerated(z.string().nullable()),
  object: tolerated(z.string()),
  type: tolerated(z.string()),
  actions: tolerated(z.array(z.string())),
  percent: tolerated(z.number().min(0).max(100)),
  status: z.string(),
  result: z.string().nullable(),
  error: z.unknown(),
  usage: tolerated(usageSchema),
});

export type MidjourneyTask = z.infer<typeof midjourneyTaskSchema>;

/** OpenAI-style error body used by GPTunnel. */
export const gptunnelErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    param: z.unknown().optional(),
    code: z.unknown().optional(),
  }),
});

export type GptunnelErrorBody = z.infer<typeof gptunnelErrorBodySchema>;
