import type { ServerResponse } from "node:http";
import { IDEOGRAM_REJECT_REASONS, ideogramErrorBody } from "@upscale/core/vendor-facts";
import { jsonReply, type Reply } from "./http-reply.js";
import type { FakeStats } from "./stats.js";

/** Unconfirmed how long Ideogram asks clients to wait; one second is the smallest honest `Retry-After`. */
export const INFLIGHT_RETRY_AFTER_SECONDS = 1;

/** Ideogram's error body for `status` (the vendor facts' shape), with any extra fields a call documents. */
export function ideogramError(
  status: number,
  message: string,
  options: { rejectReason?: string; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Reply {
  const body = { ...ideogramErrorBody(status, message, options.rejectReason), ...options.extra };
  return jsonReply(status, body, options.headers);
}

/** A place among the organisation's images in progress; releasing it twice frees it once. */
export interface InflightSlot {
  release(): void;
}

/**
 * Takes a place among the images in progress (v1 requests and v2 generations share them, per organisation),
 * or answers 429 `inflight_limit` with `Retry-After` when all `limit` are taken.
 */
export function takeInflightSlot(stats: FakeStats, limit: number): { refusal: Reply } | { slot: InflightSlot } {
  if (stats.inflight >= limit) {
    return {
      refusal: ideogramError(
        429,
        `Too many images in progress (at most ${limit} per organisation): wait for one to finish, then retry.`,
        {
          rejectReason: IDEOGRAM_REJECT_REASONS.inflightLimit,
          extra: { max_inflight_requests: limit },
          headers: { "retry-after": String(INFLIGHT_RETRY_AFTER_SECONDS) },
        },
      ),
    };
  }
  stats.enterInflight();
  let held = true;
  return {
    slot: {
      release: () => {
        if (held) stats.leaveInflight();
        held = false;
      },
    },
  };
}

/** Admission for a v1 upscale: its place is held until its response ends. */
export function admitForResponse(stats: FakeStats, limit: number, res: ServerResponse): Reply | undefined {
  const taken = takeInflightSlot(stats, limit);
  if ("refusal" in taken) return taken.refusal;
  res.once("close", () => taken.slot.release());
  return undefined;
}
