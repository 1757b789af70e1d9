import type { HeaderAuth, VendorCall } from "./fact-types.js";

// Ideogram's v1 upscale (`POST /upscale`, "Upscale (legacy)" in its docs) as developer.ideogram.ai and its OpenAPI
// spec describe it, and as API aggregators ("relays") pass it through.

/** Ideogram's API origin. */
export const IDEOGRAM_ORIGIN = "https://api.ideogram.ai";
/** The Ideogram client's default base URL (official style). */
export const DEFAULT_IDEOGRAM_BASE_URL = IDEOGRAM_ORIGIN;
/** The v1 upscale call, under the base URL. */
export const IDEOGRAM_UPSCALE_PATH = "/upscale";
/** Where relays put the same call: `POST <relay>/ideogram/upscale`. */
export const IDEOGRAM_RELAY_PATH = "/ideogram";

/** Ideogram's own API ("official"), or an API aggregator that passes the call through ("relay"). */
export type IdeogramAuthStyle = "official" | "relay";

/** Ideogram's own API takes `Api-Key: <key>`; relays take `Authorization: Bearer <key>`. */
export const IDEOGRAM_AUTH: Readonly<Record<IdeogramAuthStyle, HeaderAuth>> = {
  official: { header: "api-key", prefix: "" },
  relay: { header: "authorization", prefix: "Bearer " },
};

/** The limit in Ideogram's API spec (one docs page says 25 MB; the stricter one is kept). */
export const IDEOGRAM_MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * Width × height of an input, v1 and v2. OUR OWN limit, not Ideogram's: its docs state none. 4096 × 4096 is more
 * than a 10 MB upload holds in practice, and refusing more before uploading stops a decompression bomb (a 17 KB PNG
 * of 12000 × 12000) from being sent and paid for.
 */
export const IDEOGRAM_MAX_INPUT_PIXELS = 4096 * 4096;

/**
 * Images in progress per organisation (a v1 request while it runs, a v2 generation until it completes or fails;
 * a request for n images takes n places); one more is refused with 429 `inflight_limit`.
 */
export const IDEOGRAM_MAX_IN_FLIGHT = 10;

/**
 * An upscale that runs is billed when it completes, even when the safety check withholds the image; one refused
 * before running (400/401/402/403/404/413/422/429) is not. No refunds: a re-sent upscale is paid again.
 */
export const IDEOGRAM_CALLS: Readonly<Record<"upscale", VendorCall>> = {
  upscale: { method: "POST", billed: "yes", billedAgainIfResent: true },
};

/** An upscale answer lists its images under `data`, each with its link in `url` (null when withheld as unsafe). */
export const IDEOGRAM_RESULT_LINKS = { list: "data", link: "url" } as const;

/** The status of a safety failure, whose body is `{ error }` rather than `{ detail }`. */
export const IDEOGRAM_SAFETY_STATUS = 422;

/** `reject_reason` values: the in-flight limit (429), and an empty balance or a plan's daily limit (402). */
export const IDEOGRAM_REJECT_REASONS = {
  inflightLimit: "inflight_limit",
  insufficientFunds: "insufficient_funds",
  dailyLimit: "daily_limit",
} as const;

/** Ideogram's error bodies: `{ detail, reject_reason? }`, or `{ error }` for a safety failure. */
export type IdeogramErrorBody = { detail: string; reject_reason?: string } | { error: string };

/** An Ideogram error body for `status`, as the vendor (and the relay, and the fake) answer. */
export function ideogramErrorBody(status: number, message: string, rejectReason?: string): IdeogramErrorBody {
  if (status === IDEOGRAM_SAFETY_STATUS) return { error: message };
  return rejectReason === undefined ? { detail: message } : { detail: message, reject_reason: rejectReason };
}
