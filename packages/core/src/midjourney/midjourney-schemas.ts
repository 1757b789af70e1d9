import * as z from "zod";
import { tolerated } from "../internal/tolerated-field.js";
import { InputError } from "../outcome/errors.js";
import { GPTUNNEL_TASK_ID_PATTERN } from "../vendor-facts/gptunnel.js";

/** A GPTunnel task id: 24 hex characters (the vendor facts' `GPTUNNEL_TASK_ID_PATTERN`). */
export const midjourneyTaskIdSchema = z.string().regex(GPTUNNEL_TASK_ID_PATTERN, "a task id is 24 hex characters");

/** Whether `value` is a GPTunnel task id: the one test the clients, the poller, PNG metadata and apps share. */
export function isMidjourneyTaskId(value: unknown): value is string {
  return midjourneyTaskIdSchema.safeParse(value).success;
}

/**
 * `taskId`, or an INVALID_REQUEST before any request when it is no GPTunnel task id. The value is not echoed:
 * whatever was pasted here by mistake (an API key, say) must not reach a log.
 */
export function checkMidjourneyTaskId(taskId: string): string {
  if (isMidjourneyTaskId(taskId)) return taskId;
  throw new InputError(
    "INVALID_REQUEST",
    "That is not a GPTunnel task id: ids are 24 hexadecimal characters, like 6558a19c0bfe4600011437cd. " +
      "Use the id shown when the task was submitted.",
  );
}

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

/** `GET /v1/balance`: the figures are relied on, the rest passed over. */
export const gptunnelBalanceSchema = z.object({
  orgId: tolerated(z.string()),
  object: tolerated(z.string()),
  balance: z.number(),
  creditLimit: z.number(),
});

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
