import { GPTUNNEL_AUTH, type HeaderAuth, IDEOGRAM_AUTH } from "@upscale/core/vendor-facts";
import type { MiddlewareHandler } from "hono";
import type { RelayEnvironment, RelayHonoContext, RelayServices } from "./relay-context.js";
import { type Vendor, vendorErrorResponse } from "./vendor-errors.js";

export type Authorization =
  | { ok: true; upstreamHeaders: Record<string, string>; release(): Promise<void> }
  | { ok: false; response: Response };

const VENDOR_NAMES: Record<Vendor, string> = { gptunnel: "GPTunnel", ideogram: "Ideogram" };

/**
 * Team mode: every request (but a preflight, `/healthz` and the signed `/images/…` links) is authenticated before
 * anything else about it is looked at: its relay token is checked and counted against the token's rate, so a
 * caller without a valid token learns nothing from the relay but 401. The vendor is known from the path alone.
 */
export function authenticateTeam(services: RelayServices): MiddlewareHandler<RelayEnvironment> {
  return async (c, next) => {
    const { gate } = services;
    const path = c.req.path;
    if (gate === undefined || path === "/healthz" || path.startsWith("/images/")) return next();
    const vendor: Vendor = path.startsWith("/v1/") ? "gptunnel" : "ideogram";
    let identified: Awaited<ReturnType<typeof gate.identify>>;
    try {
      identified = await gate.identify(presentedSecret(c, vendor));
    } catch {
      return limitStoreDown(vendor);
    }
    c.set("tokenId", identified.tokenId);
    if (!identified.ok) return vendorErrorResponse(vendor, identified.refusal);
    await next();
  };
}

/**
 * What the relay sends upstream to authenticate this call. Pass-through: the client's own vendor key, moved into
 * the header the vendor expects. Team: the caller was authenticated already; the relay's own key for that vendor
 * is sent instead, and a `paid` call takes one of the token's daily paid calls. In both modes the key goes to that
 * vendor's configured origin only.
 */
export async function authorize(
  services: RelayServices,
  c: RelayHonoContext,
  vendor: Vendor,
  paid: boolean,
): Promise<Authorization> {
  const refuse = (status: number, message: string): Authorization => ({
    ok: false,
    response: vendorErrorResponse(vendor, { status, message }),
  });
  if (services.gate === undefined) {
    const presented = presentedSecret(c, vendor);
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
  const tokenId = c.get("tokenId");
  // authenticateTeam runs first on every route; a route reached without it is a wiring fault, not a caller's.
  if (tokenId === undefined) throw new Error("A team-mode route was reached without authentication.");
  const key = vendor === "ideogram" ? services.config.team?.ideogramKey : services.config.team?.gptunnelKey;
  if (key === undefined) return refuse(403, `This relay does not offer ${VENDOR_NAMES[vendor]}.`);
  const upstreamHeaders = vendorAuthHeaders(vendor, key);
  if (!paid) return { ok: true, upstreamHeaders, release: async () => {} };
  let reservation: Awaited<ReturnType<typeof services.gate.reservePaidCall>>;
  try {
    reservation = await services.gate.reservePaidCall(tokenId);
  } catch {
    return { ok: false, response: limitStoreDown(vendor) };
  }
  if (!reservation.ok) return { ok: false, response: vendorErrorResponse(vendor, reservation.refusal) };
  return { ok: true, upstreamHeaders, release: reservation.release };
}

/** Without its counters the relay cannot enforce a limit, so it refuses rather than forwarding unmetered. */
export function limitStoreDown(vendor: Vendor): Response {
  return vendorErrorResponse(vendor, {
    status: 503,
    message: "The relay cannot reach its limit store (Redis): try again shortly.",
    retryAfterSeconds: 5,
  });
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
