import { IDEOGRAM_REJECT_REASONS } from "@upscale/core/vendor-facts";
import type { TeamConfig } from "./config.js";
import type { LimitStore } from "./limit-store.js";
import type { RelayRefusal } from "./vendor-errors.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export type Admission =
  | { ok: true; tokenId: string; release(): Promise<void> }
  | { ok: false; refusal: RelayRefusal; tokenId?: string };

/**
 * Team mode's checks: the caller's relay token, then its per-minute request rate, then (for calls that cost
 * money) its daily budget. Stores hold token ids (a hash prefix), never tokens.
 */
export interface TeamGate {
  admit(presented: string | undefined, paid: boolean): Promise<Admission>;
}

export async function createTeamGate(team: TeamConfig, store: LimitStore, now: () => number): Promise<TeamGate> {
  const ids = new Map<string, string>();
  for (const token of team.tokens) ids.set(await sha256Hex(token), (await sha256Hex(`id:${token}`)).slice(0, 16));

  return {
    async admit(presented, paid) {
      // Looked up by hash: comparing the hashes of secrets leaks nothing usable through timing.
      const tokenId = presented === undefined ? undefined : ids.get(await sha256Hex(presented));
      if (tokenId === undefined) {
        return {
          ok: false,
          refusal: {
            status: 401,
            message:
              presented === undefined
                ? "This relay needs a relay token (Authorization header): ask the relay's operator for one."
                : "The relay token is not valid: check it with the relay's operator.",
          },
        };
      }
      const at = now();
      const minute = Math.floor(at / MINUTE_MS);
      const requests = await store.countRequest(`relay:rate:${tokenId}:${minute}`, MINUTE_MS);
      if (requests > team.ratePerMinute) {
        return {
          ok: false,
          tokenId,
          refusal: {
            status: 429,
            type: "rate_limit",
            message: `Too many requests: this relay token may make ${team.ratePerMinute} a minute. Wait and retry.`,
            retryAfterSeconds: Math.max(1, Math.ceil(((minute + 1) * MINUTE_MS - at) / 1000)),
          },
        };
      }
      if (!paid) return { ok: true, tokenId, release: async () => {} };
      const day = new Date(at).toISOString().slice(0, 10);
      const budgetKey = `relay:budget:${tokenId}:${day}`;
      if (!(await store.reserve(budgetKey, team.dailyBudget, DAY_MS * 2))) {
        return {
          ok: false,
          tokenId,
          refusal: {
            status: 402,
            // Ideogram's own reason for a spent daily limit; the core reads it as INSUFFICIENT_BALANCE.
            type: IDEOGRAM_REJECT_REASONS.dailyLimit,
            message: `This relay token's daily budget of ${team.dailyBudget} paid calls is used up; it resets at 00:00 UTC.`,
          },
        };
      }
      return { ok: true, tokenId, release: () => store.release(budgetKey) };
    },
  };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
