import { describe, expect, it } from "vitest";
import { ideogramErrorBodySchema, ideogramUpscaleResponseSchema } from "../ideogram/ideogram-schemas.js";
import { gptunnelErrorBodySchema, isMidjourneyTaskId, midjourneyTaskSchema } from "../midjourney/midjourney-schemas.js";
import {
  GPTUNNEL_ERRORS,
  GPTUNNEL_RESULT_LINK_FIELD,
  gptunnelErrorBody,
  gptunnelErrorType,
  IDEOGRAM_REJECT_REASONS,
  IDEOGRAM_RESULT_LINKS,
  IDEOGRAM_SAFETY_STATUS,
  ideogramErrorBody,
} from "./index.js";

/** The core's wire schemas must read exactly what the facts say the vendors send; the relay and the fake send it. */
const LINK = "https://images.example/result.png";
const TASK_ID = "6558a19c0bfe4600011437cd";

describe("the core reads what the vendor facts describe", () => {
  it("task ids: the seed's, in either case; nothing shorter, longer or not hex", () => {
    expect([TASK_ID, TASK_ID.toUpperCase()].map(isMidjourneyTaskId)).toEqual([true, true]);
    expect([TASK_ID.slice(1), `${TASK_ID}0`, `${TASK_ID.slice(1)}g`].map(isMidjourneyTaskId)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("a finished task's link, from the facts' field", () => {
    const task = midjourneyTaskSchema.parse({
      id: TASK_ID,
      status: "done",
      error: null,
      [GPTUNNEL_RESULT_LINK_FIELD]: LINK,
    });
    expect(task.result).toBe(LINK);
  });

  it("an upscale's links, from the facts' list and field", () => {
    const { list, link } = IDEOGRAM_RESULT_LINKS;
    const answer = ideogramUpscaleResponseSchema.parse({ [list]: [{ [link]: LINK, is_image_safe: true }] });
    expect(answer.data.map((image) => image.url)).toEqual([LINK]);
  });

  it("GPTunnel's error bodies, with the documented type for each status", () => {
    for (const { status, type } of Object.values(GPTUNNEL_ERRORS)) {
      expect(gptunnelErrorType(status)).toBe(type);
      expect(gptunnelErrorBodySchema.parse(gptunnelErrorBody("No.", type)).error).toEqual({
        message: "No.",
        type,
        param: null,
        code: null,
      });
    }
    expect(gptunnelErrorType(429)).toBeUndefined();
  });

  it("Ideogram's error bodies: a detail with its reject reason, and a safety failure's error", () => {
    const refused = ideogramErrorBody(402, "Spent.", IDEOGRAM_REJECT_REASONS.dailyLimit);
    expect(ideogramErrorBodySchema.parse(refused)).toEqual({ detail: "Spent.", reject_reason: "daily_limit" });
    expect(ideogramErrorBodySchema.parse(ideogramErrorBody(IDEOGRAM_SAFETY_STATUS, "Unsafe."))).toEqual({
      error: "Unsafe.",
    });
  });
});
