import type { HeaderAuth, VendorCall } from "./fact-types.js";

// GPTunnel's Midjourney API as its docs (docs.gptunnel.ru) and the seed page describe it. What is marked
// UNCONFIRMED is a guess nobody could check: a wrong one is fixed here, once.

/** GPTunnel's API origin (its balance endpoint sits here too). */
export const GPTUNNEL_ORIGIN = "https://gptunnel.ru";
/** Where the Midjourney calls sit on that origin: `…/imagine`, `…/result?taskId=`, `…/upsample`, `…/variation`. */
export const GPTUNNEL_MIDJOURNEY_PATH = "/v1/midjourney";
/** The Midjourney client's default base URL. */
export const DEFAULT_GPTUNNEL_BASE_URL = `${GPTUNNEL_ORIGIN}${GPTUNNEL_MIDJOURNEY_PATH}`;

/** The raw key in `Authorization`, no `Bearer` (every docs.gptunnel.ru page). */
export const GPTUNNEL_AUTH: HeaderAuth = { header: "authorization", prefix: "" };

/** Task ids are 24 hex characters (MongoDB object ids: a seconds timestamp, then random bytes). */
export const GPTUNNEL_TASK_ID_PATTERN = /^[0-9a-f]{24}$/i;

/** The Midjourney calls whose bodies the docs give (`/outpaint`, `/pan`, `/upscale`, `/reroll` are UNCONFIRMED). */
export type GptunnelOperation = "imagine" | "variation" | "inpaint" | "upsample" | "result";

/**
 * What each call costs: imagine, variation and inpaint one generation each (`total_cost` 18 in the docs'
 * examples). Upsample is free from Midjourney v5 on and one generation before (seed); re-sending it returns the
 * task already made, so it is never paid twice. Reading a task's state is free.
 */
export const GPTUNNEL_CALLS: Readonly<Record<GptunnelOperation, VendorCall>> = {
  imagine: { method: "POST", billed: "yes", billedAgainIfResent: true },
  variation: { method: "POST", billed: "yes", billedAgainIfResent: true },
  inpaint: { method: "POST", billed: "yes", billedAgainIfResent: true },
  upsample: { method: "POST", billed: "maybe", billedAgainIfResent: false },
  result: { method: "GET", billed: "no", billedAgainIfResent: false },
};

/** The field of a task object holding its image's link: null until the task is done. */
export const GPTUNNEL_RESULT_LINK_FIELD = "result";

/** The error types seen in the docs, with their statuses (401 is UNCONFIRMED: the docs give only the body). */
export const GPTUNNEL_ERRORS = {
  invalidRequest: { status: 400, type: "invalid_request_error" },
  unauthorized: { status: 401, type: "unauthorized_request_error" },
  insufficientBalance: {
    status: 402,
    type: "insufficient_balance_error",
    message: "Organization balance is too low to use API",
  },
} as const;

/** GPTunnel's OpenAI-style error body. */
export interface GptunnelErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** The type the docs show GPTunnel answering `status` with, if they show one. */
export function gptunnelErrorType(status: number): string | undefined {
  const { invalidRequest, unauthorized, insufficientBalance } = GPTUNNEL_ERRORS;
  return [invalidRequest, unauthorized, insufficientBalance].find((error) => error.status === status)?.type;
}

/** A GPTunnel error body, as the vendor (and the relay, and the fake) answer. */
export function gptunnelErrorBody(message: string, type: string): GptunnelErrorBody {
  return { error: { message, type, param: null, code: null } };
}
