import type { Context } from "hono";
import type { RelayConfig } from "./config.js";
import type { ImageLinkSigner } from "./image-links.js";
import type { TeamGate } from "./team-gate.js";
import type { FetchFn } from "./upstream-fetch.js";
import type { HostResolver } from "./upstream-guard.js";

/** What every route handler works with; built once per relay by `createRelay`. */
export interface RelayContext {
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
export function publicOrigin(ctx: RelayContext, c: RelayHonoContext): string {
  return ctx.config.publicUrl ?? new URL(c.req.url).origin;
}
