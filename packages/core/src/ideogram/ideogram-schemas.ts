import * as z from "zod";
import { tolerated } from "../internal/tolerated-field.js";

/** The `image_request` JSON field of `POST /upscale`, with the documented ranges. */
export const ideogramUpscaleRequestSchema = z.object({
  prompt: z.string().optional(),
  resemblance: z.number().int().min(1).max(100).optional(),
  detail: z.number().int().min(1).max(100).optional(),
  magic_prompt_option: z.enum(["AUTO", "ON", "OFF"]).optional(),
  num_images: z.number().int().min(1).max(8).optional(),
  seed: z.number().int().min(0).max(2147483647).optional(),
});

/** The legacy (v1) model's `image_request`: prompt, resemblance, detail, magic prompt, seed. */
export type IdeogramUpscaleRequest = z.infer<typeof ideogramUpscaleRequestSchema>;

/** What the client relies on is checked (the link and the safety verdict); the rest is passed on as found. */
export const ideogramImageObjectSchema = z.object({
  url: z.string().nullish(),
  prompt: tolerated(z.string()),
  resolution: tolerated(z.string()),
  is_image_safe: z.boolean(),
  seed: tolerated(z.number().int()),
  upscaled_resolution: tolerated(z.string()),
  style_type: tolerated(z.string().nullable()),
});

export type IdeogramImageObject = z.infer<typeof ideogramImageObjectSchema>;

export const ideogramUpscaleResponseSchema = z.object({
  created: tolerated(z.string()),
  data: z.array(ideogramImageObjectSchema),
});

export type IdeogramUpscaleResponse = z.infer<typeof ideogramUpscaleResponseSchema>;

/**
 * Ideogram error bodies vary (`{ error }`, `{ detail }`, `{ reject_reason }`, a 429's `max_inflight_requests`):
 * every field is optional.
 */
export const ideogramErrorBodySchema = z.object({
  error: z.unknown().optional(),
  detail: z.unknown().optional(),
  message: z.string().optional(),
  reject_reason: z.string().optional(),
  max_inflight_requests: tolerated(z.number()),
});

export type IdeogramErrorBody = z.infer<typeof ideogramErrorBodySchema>;
