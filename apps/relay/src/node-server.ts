import { lookup } from "node:dns/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import {
  formatUsd,
  GPTUNNEL_MIDJOURNEY_PATH,
  IDEOGRAM_RELAY_PATH,
  IDEOGRAM_UPSCALE_PATH,
} from "@upscale/core/vendor-facts";
import { loadRelayConfig, type RelayConfig, type RelayEnv } from "./config.js";
import { GPTUNNEL_BALANCE_ROUTE } from "./gptunnel-balance-route.js";
import { IDEOGRAM_V2_GENERATIONS_ROUTE, IDEOGRAM_V2_UPSCALE_ROUTE } from "./ideogram-v2-routes.js";
import type { LimitStore } from "./limit-store.js";
import { nodeHttpFetch } from "./node-http-fetch.js";
import { redisLimitStore } from "./redis-limit-store.js";
import { createRelay, type RelayDependencies } from "./relay-app.js";
import type { HostResolver } from "./upstream-guard.js";

export interface NodeRelay {
  url: string;
  mode: "pass-through" | "team";
  /** What `pnpm relay` prints: URL, mode, upstreams, where limits live. No secrets. */
  banner: string[];
  close(): Promise<void>;
}

/** Every address a name resolves to, so a public-looking name that points inside is caught. */
export const dnsResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true })).map((entry) => entry.address);

/**
 * Starts the relay on Node from environment variables (`PORT`, `RELAY_HOST`, and the RELAY_* of the README).
 * `overrides` replace parts of the resulting configuration (tests shrink limits and timeouts with it).
 */
export async function startNodeRelay(
  env: RelayEnv,
  deps: RelayDependencies = {},
  overrides: Partial<RelayConfig> = {},
): Promise<NodeRelay> {
  const config = { ...loadRelayConfig(env), ...overrides };
  const port = env.PORT === undefined || env.PORT === "" ? 8788 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Relay configuration: PORT must be 0–65535.`);
  const hostname = env.RELAY_HOST || "127.0.0.1";
  let store: LimitStore | undefined = deps.store;
  if (store === undefined && config.team !== undefined && config.redisUrl !== undefined) {
    store = await redisLimitStore(config.redisUrl);
  }
  const relay = await createRelay(config, { resolveHost: dnsResolver, fetch: nodeHttpFetch, ...deps, store });
  // serve() makes a node:http server unless told otherwise.
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: relay.fetch, port, hostname }, () => resolve(started as Server)) as Server;
    started.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const banner = [
    `Relay listening on ${url} (mode: ${config.mode})`,
    `  GPTunnel: ${url}${GPTUNNEL_MIDJOURNEY_PATH} → ${config.gptunnelUrl}${GPTUNNEL_MIDJOURNEY_PATH}`,
    `  Ideogram: ${url}${IDEOGRAM_RELAY_PATH}${IDEOGRAM_UPSCALE_PATH} → ${config.ideogramUrl}${IDEOGRAM_UPSCALE_PATH}`,
    `  Ideogram v2: ${url}${IDEOGRAM_V2_UPSCALE_ROUTE}/{model}, ${url}${IDEOGRAM_V2_GENERATIONS_ROUTE}/{id} → ${config.ideogramUrl}`,
    `  GPTunnel balance: ${url}${GPTUNNEL_BALANCE_ROUTE} → ${config.gptunnelUrl}${GPTUNNEL_BALANCE_ROUTE}`,
    `  CORS origins: ${config.allowedOrigins.join(", ")}`,
  ];
  if (config.team !== undefined) {
    banner.push(
      `  Team: ${config.team.tokens.length} token(s), ${config.team.ratePerMinute}/min, ` +
        `${config.team.dailyPaidCalls} paid calls/day (GPTunnel, Ideogram legacy), ` +
        `${formatUsd(config.team.dailyBudgetUsdMicros)}/day (Ideogram v2), ` +
        `limits in ${config.redisUrl === undefined ? "memory (one instance only)" : "Redis (shared)"}`,
    );
  }
  if (config.signingSecret === undefined) {
    banner.push(
      "  Image links signed with a random per-process secret: set RELAY_SIGNING_SECRET when running several instances.",
    );
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    mode: config.mode,
    banner,
    // Idempotent: a test may stop an instance early and again with the rest.
    close: () => {
      closing ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await relay.close();
      })();
      return closing;
    },
  };
}
