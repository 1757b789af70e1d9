import type { Context } from "hono";
import type { RelayConfig } from "./config.js";
import type { ImageLinkSigner } from "./image-links.js";
import type { TeamGate } from "./team-gate.js";
import type { FetchFn } from "./upstream-fetch.js";
import type { HostResolver } from "./upstream-guard.js";

/**
 * The relay's own services, built once per relay by `createRelay`: every route handler takes them first, then
 * Hono's per-request context `c`.
 */
export interface RelayServices {
  config: RelayConfig;
  signer: ImageLinkSigner;
  gate: TeamGate | undefined;
  fetch: FetchFn;
  resolveHost: HostResolver | undefined;
}

/** Per-request values the routes leave for the access log. */
export type RelayEnvironment = { Variables: { tokenId: string | undefined } };

export type RelayHonoContext = Context<RelayEnvironment>;

/** The origin image links are built on: the configured public URL, else the one the client reached. */
export function publicOrigin(services: RelayServices, c: RelayHonoContext): string {
  return services.config.publicUrl ?? new URL(c.req.url).origin;
}
