import {
  GPTUNNEL_BALANCE_SEGMENT,
  GPTUNNEL_ERRORS,
  GPTUNNEL_MIDJOURNEY_PATH,
  GPTUNNEL_WALLET_PARAM,
} from "@upscale/core/vendor-facts";
import { gptunnelError } from "./gptunnel-errors.js";
import { jsonReply } from "./http-reply.js";
import { type FakeKeys, isAuthorized } from "./keys.js";
import type { Route } from "./request-pipeline.js";
import type { ScenarioState } from "./scenario-state.js";

/** `/v1/balance`: beside the Midjourney API, not under it. */
export const GPTUNNEL_BALANCE_PATH = GPTUNNEL_MIDJOURNEY_PATH.replace(/[^/]+$/, GPTUNNEL_BALANCE_SEGMENT);
/** The organisation every fake key belongs to. */
export const FAKE_ORG_ID = "fake-org-0001";

/**
 * GPTunnel's `GET /v1/balance` with the raw key: the organisation's balance in roubles (negative down to its credit
 * limit), or with `useWalletBalance=true` the personal wallet (whose credit limit is 0: unconfirmed).
 */
export function gptunnelBalanceRoute(deps: { state: ScenarioState; keys: FakeKeys }): Route {
  const { state, keys } = deps;
  return {
    endpoint: "balance",
    method: "GET",
    matches: (path) => path === GPTUNNEL_BALANCE_PATH,
    guard: (req) =>
      isAuthorized(req, "gptunnel", keys)
        ? undefined
        : gptunnelError(
            GPTUNNEL_ERRORS.unauthorized.status,
            "Unauthorized: send your GPTunnel API key as the Authorization header.",
          ),
    errorReply: (status, message) => gptunnelError(status, message),
    handle: async ({ url }) => {
      const { balance, creditLimit, walletBalance } = state.scenario.account;
      const wallet = url.searchParams.get(GPTUNNEL_WALLET_PARAM) === "true";
      return jsonReply(200, {
        orgId: FAKE_ORG_ID,
        object: "balance",
        balance: wallet ? walletBalance : balance,
        creditLimit: wallet ? 0 : creditLimit,
      });
    },
  };
}
