import { GPTUNNEL_BALANCE_SEGMENT, GPTUNNEL_MIDJOURNEY_PATH, GPTUNNEL_WALLET_PARAM } from "@upscale/core/vendor-facts";
import { authorize } from "./client-credential.js";
import { flagQuery } from "./flag-query.js";
import { forwardGptunnel } from "./midjourney-routes.js";
import type { RelayHonoContext, RelayServices } from "./relay-context.js";
import { vendorErrorResponse } from "./vendor-errors.js";

/** `/v1/balance`: beside the Midjourney API (`/v1/midjourney`), where a client's Midjourney base URL points. */
export const GPTUNNEL_BALANCE_ROUTE = GPTUNNEL_MIDJOURNEY_PATH.replace(/[^/]+$/, GPTUNNEL_BALANCE_SEGMENT);

/**
 * `GET /v1/balance[?useWalletBalance=true]` → GPTunnel's balance, free. The balance is in roubles (GPTunnel's
 * currency), the organisation's unless the query asks for the key owner's personal wallet. In team mode it is the
 * team key's: every token holder sees it.
 */
export async function gptunnelBalance(services: RelayServices, c: RelayHonoContext): Promise<Response> {
  const wallet = flagQuery(c, GPTUNNEL_WALLET_PARAM);
  if (wallet === undefined) {
    return vendorErrorResponse("gptunnel", {
      status: 400,
      message: `The relay passes on no query but ${GPTUNNEL_WALLET_PARAM}=true or false.`,
    });
  }
  const auth = await authorize(services, c, "gptunnel", false);
  if (!auth.ok) return auth.response;
  const headers = { ...auth.upstreamHeaders, accept: "application/json" };
  const path = `${GPTUNNEL_BALANCE_ROUTE}${wallet ? `?${GPTUNNEL_WALLET_PARAM}=true` : ""}`;
  return forwardGptunnel(services, c, path, "GET", headers, undefined);
}
