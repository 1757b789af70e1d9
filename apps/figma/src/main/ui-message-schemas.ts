import { IDEOGRAM_MODELS } from "@upscale/core";
import { ENHANCEMENT_STRENGTHS, RESOLUTION_TIERS } from "@upscale/core/vendor-facts";
import * as z from "zod";
import type { UiToMain } from "../shared/messages.js";

/**
 * The UI iframe is a separate page: whatever it posts is checked before the main thread acts on it, and a
 * message that does not fit is dropped with a console line instead of reaching the canvas or the network.
 */
const index = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const service = z.enum(["ideogram", "gptunnel"]);
const empty = z.object({}).strict();

export const uiMessageSchemas: { [K in keyof UiToMain]: z.ZodType<UiToMain[K]> } = {
  ready: empty as z.ZodType<Record<string, never>>,
  "save-settings": z
    .object({
      provider: z.enum(["ideogram", "midjourney"]),
      ideogramModel: z.enum(IDEOGRAM_MODELS),
      factor: z.union([z.literal(2), z.literal(4), z.literal(8)]),
      prompt: z.string().max(2000),
      strength: z.enum(ENHANCEMENT_STRENGTHS),
      resolution: z.enum(RESOLUTION_TIERS),
      ideogramBaseUrl: z.string().max(2000),
      ideogramAuth: z.enum(["official", "relay"]),
      gptunnelBaseUrl: z.string().max(2000),
      includeChildren: z.boolean(),
      placement: z.enum(["replace", "beside"]),
    })
    .partial()
    .strict(),
  "set-key": z.object({ service, key: z.string().min(1).max(500) }).strict(),
  "clear-key": z.object({ service }).strict(),
  upscale: empty as z.ZodType<Record<string, never>>,
  cancel: empty as z.ZodType<Record<string, never>>,
  imagine: z.object({ prompt: z.string().trim().min(1).max(4000) }).strict(),
  upsample: z.object({ index }).strict(),
  variation: z.object({ index }).strict(),
  "fetch-task": z.object({ taskId: z.string().trim().min(1).max(100) }).strict(),
  resume: empty as z.ZodType<Record<string, never>>,
  retry: empty as z.ZodType<Record<string, never>>,
  "open-link": z.object({ url: z.string().min(1).max(4000) }).strict(),
  "codec-result": z
    .object({ id: z.number().int(), bytes: z.instanceof(Uint8Array).optional(), error: z.string().optional() })
    .strict(),
  balance: empty as z.ZodType<Record<string, never>>,
  compare: empty as z.ZodType<Record<string, never>>,
  "close-compare": empty as z.ZodType<Record<string, never>>,
  revert: empty as z.ZodType<Record<string, never>>,
};
