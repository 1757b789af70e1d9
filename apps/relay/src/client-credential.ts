import { GPTUNNEL_AUTH, type HeaderAuth, IDEOGRAM_AUTH } from "@upscale/core/vendor-facts";
import type { RelayHonoContext, RelayServices } from "./relay-context.js";
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
  services: RelayServices,
  c: RelayHonoContext,
  vendor: Vendor,
  paid: boolean,
): Promise<Authorization> {
  const presented = presentedSecret(c, vendor);
  const refuse = (status: number, message: string): Authorization => ({
    ok: false,
    response: vendorErrorResponse(vendor, { status, message }),
  });
  if (services.gate === undefined) {
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
  const key = vendor === "ideogram" ? services.config.team?.ideogramKey : services.config.team?.gptunnelKey;
  if (key === undefined) return refuse(403, `This relay does not offer ${VENDOR_NAMES[vendor]}.`);
  let admission: Awaited<ReturnType<typeof services.gate.admit>>;
  try {
    admission = await services.gate.admit(presented, paid);
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

/** How each vendor's own API takes its key, upstream of the relay (Ideogram: the official style). */
export const VENDOR_AUTH: Record<Vendor, HeaderAuth> = { gptunnel: GPTUNNEL_AUTH, ideogram: IDEOGRAM_AUTH.official };

export function vendorAuthHeaders(vendor: Vendor, key: string): Record<string, string> {
  const { header, prefix } = VENDOR_AUTH[vendor];
  return { [header]: `${prefix}${key}` };
}

/** The key or token the client sent, in the style its client uses for that vendor, or the relay style for either. */
function presentedSecret(c: RelayHonoContext, vendor: Vendor): string | undefined {
  const value = presentedIn(c, IDEOGRAM_AUTH.relay) ?? presentedIn(c, VENDOR_AUTH[vendor]);
  return value === "" ? undefined : value;
}

/** The header's value; with a prefix (`Bearer `), the one token after it, else nothing. */
function presentedIn(c: RelayHonoContext, { header, prefix }: HeaderAuth): string | undefined {
  const value = c.req.header(header)?.trim();
  if (value === undefined || prefix === "") return value;
  const [scheme, token, ...rest] = value.split(/\s+/);
  return scheme?.toLowerCase() === prefix.trim().toLowerCase() && rest.length === 0 ? token : undefined;
}
