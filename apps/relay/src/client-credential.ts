import type { RelayContext, RelayHonoContext } from "./relay-context.js";
import { type Vendor, vendorErrorResponse } from "./vendor-errors.js";

export type Authorization =
  | { ok: true; upstreamHeaders: Record<string, string>; release(): Promise<void> }
  | { ok: false; response: Response };

const VENDOR_NAMES: Record<Vendor, string> = { gptunnel: "GPTunnel", ideogram: "Ideogram" };

/**
 * What the relay sends upstream to authenticate this call. Pass-through: the client's own vendor key, moved into
 * the header the vendor expects. Team: the client's relay token is checked and counted, and the relay's own key
 * for that vendor is sent instead. In both modes the key goes to that vendor's configured origin only.
 */
export async function authorize(
  ctx: RelayContext,
  c: RelayHonoContext,
  vendor: Vendor,
  paid: boolean,
): Promise<Authorization> {
  const presented = presentedSecret(c, vendor);
  const refuse = (status: number, message: string): Authorization => ({
    ok: false,
    response: vendorErrorResponse(vendor, { status, message }),
  });
  if (ctx.gate === undefined) {
    if (presented === undefined) {
      return refuse(
        401,
        vendor === "ideogram"
          ? "Send your Ideogram API key as Authorization: Bearer <key>."
          : "Send your GPTunnel API key in the Authorization header.",
      );
    }
    return { ok: true, upstreamHeaders: vendorAuthHeaders(vendor, presented), release: async () => {} };
  }
  const key = vendor === "ideogram" ? ctx.config.team?.ideogramKey : ctx.config.team?.gptunnelKey;
  if (key === undefined) return refuse(403, `This relay does not offer ${VENDOR_NAMES[vendor]}.`);
  let admission: Awaited<ReturnType<typeof ctx.gate.admit>>;
  try {
    admission = await ctx.gate.admit(presented, paid);
  } catch {
    // Without its counters the relay cannot enforce a budget, so it refuses rather than forwarding unmetered.
    return {
      ok: false,
      response: vendorErrorResponse(vendor, {
        status: 503,
        message: "The relay cannot reach its limit store (Redis): try again shortly.",
        retryAfterSeconds: 5,
      }),
    };
  }
  c.set("tokenId", admission.tokenId);
  if (!admission.ok) return { ok: false, response: vendorErrorResponse(vendor, admission.refusal) };
  return { ok: true, upstreamHeaders: vendorAuthHeaders(vendor, key), release: admission.release };
}

/** GPTunnel takes the raw key in Authorization; Ideogram's own API takes `Api-Key`. */
export function vendorAuthHeaders(vendor: Vendor, key: string): Record<string, string> {
  return vendor === "gptunnel" ? { authorization: key } : { "api-key": key };
}

/** The key or token the client sent, in the style its client uses for that vendor (or `Bearer` for either). */
function presentedSecret(c: RelayHonoContext, vendor: Vendor): string | undefined {
  const authorization = c.req.header("authorization")?.trim();
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  const value = bearer ?? (vendor === "ideogram" ? c.req.header("api-key")?.trim() : authorization);
  return value === undefined || value === "" ? undefined : value;
}
