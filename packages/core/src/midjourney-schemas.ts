import * as z from "zod";

/** GPTunnel task ids are 24 hex characters (MongoDB object ids). */
export const midjourneyTaskIdSchema = z.string().regex(/^[0-9a-f]{24}$/i, "a task id is 24 hex characters");

const usageSchema = z.object({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  prompt_cost: z.number(),
  completion_cost: z.number(),
  total_cost: z.number(),
});

/**
 * The task object every Midjourney endpoint answers with. Only `idle` and `done` are documented statuses, so
 * `status` stays a free string; `actions` too (the vendor's own example spells `upsamle_1`).
 */
export const midjourneyTaskSchema = z.object({
  id: midjourneyTaskIdSchema,
  parentId: z.string().nullish(),
  object: z.literal("task"),
  type: z.string(),
  actions: z.array(z.string()),
  percent: z.number().min(0).max(100),
  status: z.string(),
  result: z.string().nullable(),
  error: z.unknown().nullable(),
  usage: usageSchema.optional(),
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
