import { formatUsd, IDEOGRAM_REJECT_REASONS } from "@upscale/core/vendor-facts";
import type { TeamConfig } from "./config.js";
import type { LimitStore } from "./limit-store.js";
import type { RelayRefusal } from "./vendor-errors.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// A day's counters and a generation's held amount outlive the day, so late settlements still find them.
const BUDGET_TTL_MS = DAY_MS * 2;

export type Identification = { ok: true; tokenId: string } | { ok: false; refusal: RelayRefusal; tokenId?: string };

export type Reservation = { ok: true; release(): Promise<void> } | { ok: false; refusal: RelayRefusal };

export type UsdReservation =
  | {
      ok: true;
      /** The vendor refused the call: nothing was charged, the amount comes back. */
      release(): Promise<void>;
      /** The call made generation `generationId`: the amount stays held for it until its real cost is known. */
      holdFor(generationId: string): Promise<void>;
    }
  | { ok: false; refusal: RelayRefusal };

/**
 * Team mode's checks: the caller's relay token and its per-minute request rate (every request, before anything
 * else), then for calls that cost money one of two daily budgets. GPTunnel bills in roubles and tells the price
 * only afterwards, so its calls (and Ideogram's legacy upscale, which quotes nothing) count against a number of
 * paid calls; Ideogram v2 quotes in dollars first and reports the real cost, so it spends a dollar budget.
 * Stores hold token ids (a hash prefix), never tokens.
 */
export interface TeamGate {
  identify(presented: string | undefined): Promise<Identification>;
  reservePaidCall(tokenId: string): Promise<Reservation>;
  /** Takes `usdMicros` (a quote's upper bound) from the token's dollar budget, if it fits. */
  reserveUsd(tokenId: string, usdMicros: number): Promise<UsdReservation>;
  /**
   * Charges generation `generationId` its real cost in place of what was held for it: once, whichever instance
   * reads it first. A generation no budget holds anything for (pass-through, or settled already) changes nothing.
   */
  settleGeneration(generationId: string, costUsdMicros: number): Promise<void>;
}

export async function createTeamGate(team: TeamConfig, store: LimitStore, now: () => number): Promise<TeamGate> {
  const ids = new Map<string, string>();
  for (const token of team.tokens) ids.set(await sha256Hex(token), (await sha256Hex(`id:${token}`)).slice(0, 16));
  const today = () => new Date(now()).toISOString().slice(0, 10);
  const generationClaim = (generationId: string) => `relay:generation:${generationId}`;
  const dailyLimit = (message: string): RelayRefusal => ({
    status: 402,
    // Ideogram's own reason for a spent daily limit; the core reads it as INSUFFICIENT_BALANCE.
    type: IDEOGRAM_REJECT_REASONS.dailyLimit,
    message: `${message} It resets at 00:00 UTC.`,
  });

  return {
    async identify(presented) {
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
      return { ok: true, tokenId };
    },

    async reservePaidCall(tokenId) {
      const key = `relay:budget:${tokenId}:${today()}`;
      const { granted } = await store.reserve(key, team.dailyPaidCalls, 1, BUDGET_TTL_MS);
      if (!granted) {
        return {
          ok: false,
          refusal: dailyLimit(`This relay token's daily budget of ${team.dailyPaidCalls} paid calls is used up.`),
        };
      }
      return { ok: true, release: () => store.release(key, 1) };
    },

    async reserveUsd(tokenId, usdMicros) {
      const key = `relay:spend-usd-micros:${tokenId}:${today()}`;
      const budget = team.dailyBudgetUsdMicros;
      const { granted, used } = await store.reserve(key, budget, usdMicros, BUDGET_TTL_MS);
      if (!granted) {
        return {
          ok: false,
          refusal: dailyLimit(
            `This relay token's daily budget of ${formatUsd(budget)} for Ideogram is too small for this upscale: ` +
              `${formatUsd(used)} is spent or held today, and Ideogram quotes up to ${formatUsd(usdMicros)} for it.`,
          ),
        };
      }
      return {
        ok: true,
        release: () => store.release(key, usdMicros),
        holdFor: (generationId) => store.hold(generationClaim(generationId), key, usdMicros, BUDGET_TTL_MS),
      };
    },

    async settleGeneration(generationId, costUsdMicros) {
      await store.settle(generationClaim(generationId), costUsdMicros);
    },
  };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
