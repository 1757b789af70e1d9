import { GPTUNNEL_MIDJOURNEY_PATH, IDEOGRAM_RELAY_PATH, IDEOGRAM_UPSCALE_PATH } from "@upscale/core/vendor-facts";
import { Hono } from "hono";
import { authenticateTeam } from "./client-credential.js";
import type { RelayConfig } from "./config.js";
import { corsMiddleware } from "./cors.js";
import { GPTUNNEL_BALANCE_ROUTE, gptunnelBalance } from "./gptunnel-balance-route.js";
import { ideogramUpscale } from "./ideogram-route.js";
import {
  IDEOGRAM_V2_GENERATIONS_ROUTE,
  IDEOGRAM_V2_MODEL_ROUTES,
  IDEOGRAM_V2_UPSCALE_ROUTE,
  ideogramV2Generation,
  ideogramV2Upscale,
} from "./ideogram-v2-routes.js";
import { createImageLinkSigner, randomSecret } from "./image-links.js";
import { relayImage } from "./images-route.js";
import { type LimitStore, memoryLimitStore } from "./limit-store.js";
import { MIDJOURNEY_SUBMISSIONS, midjourneyResult, midjourneySubmit } from "./midjourney-routes.js";
import type { RelayEnvironment, RelayServices } from "./relay-context.js";
import { createTeamGate } from "./team-gate.js";
import type { FetchFn } from "./upstream-fetch.js";
import type { HostResolver } from "./upstream-guard.js";

export interface RelayDependencies {
  /** How upstreams are called; the global fetch by default. */
  fetch?: FetchFn;
  /** Team mode's counters; a memory store by default (one instance). */
  store?: LimitStore;
  /** Checks image hosts' addresses; Node passes a `dns.lookup` one. */
  resolveHost?: HostResolver;
  /** One line per request: method, route, status, time, mode, token id. Never a key, token or query string. */
  log?: (line: string) => void;
  now?: () => number;
}

/** The relay as one web-standard handler: `fetch(Request) → Response`, for Node, Workers, Deno or Bun. */
export interface Relay {
  fetch(request: Request): Promise<Response>;
  readonly mode: RelayConfig["mode"];
  /** Closes the limit store. */
  close(): Promise<void>;
}

const IDEOGRAM_UPSCALE_ROUTE = `${IDEOGRAM_RELAY_PATH}${IDEOGRAM_UPSCALE_PATH}`;
const MIDJOURNEY_RESULT_ROUTE = `${GPTUNNEL_MIDJOURNEY_PATH}/result`;
const midjourneyRoute = (operation: string) => `${GPTUNNEL_MIDJOURNEY_PATH}/${operation}`;

const ROUTES = new Set([
  IDEOGRAM_UPSCALE_ROUTE,
  ...IDEOGRAM_V2_MODEL_ROUTES,
  MIDJOURNEY_RESULT_ROUTE,
  ...MIDJOURNEY_SUBMISSIONS.map(midjourneyRoute),
  GPTUNNEL_BALANCE_ROUTE,
]);
const ONE_SEGMENT = "/[^/]+$";
const GENERATION_PATH = new RegExp(`^${IDEOGRAM_V2_GENERATIONS_ROUTE}${ONE_SEGMENT}`);
const IMAGE_PATH = new RegExp(`^/images${ONE_SEGMENT}`);

/**
 * Paths only, never a query; an image link's token (it carries the vendor's signed link) and a generation id (the
 * segment could hold anything a client put there) are left out.
 */
const logPath = (path: string) =>
  IMAGE_PATH.test(path)
    ? "/images/…"
    : GENERATION_PATH.test(path)
      ? `${IDEOGRAM_V2_GENERATIONS_ROUTE}/…`
      : ROUTES.has(path)
        ? path
        : "(not a relay path)";

const isRelayPath = (path: string) => ROUTES.has(path) || GENERATION_PATH.test(path) || IMAGE_PATH.test(path);

export async function createRelay(config: RelayConfig, deps: RelayDependencies = {}): Promise<Relay> {
  const now = deps.now ?? Date.now;
  const store = deps.store ?? memoryLimitStore(now);
  const services: RelayServices = {
    config,
    signer: await createImageLinkSigner({
      secret: config.signingSecret ?? randomSecret(),
      ttlMs: config.imageLinkTtlMs,
      now,
    }),
    gate: config.team === undefined ? undefined : await createTeamGate(config.team, store, now),
    fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    resolveHost: deps.resolveHost,
  };
  const log = deps.log ?? ((line: string) => console.log(line));
  const app = new Hono<RelayEnvironment>();

  app.use(async (c, next) => {
    const started = performance.now();
    c.set("tokenId", undefined);
    await next();
    const token = c.get("tokenId");
    log(
      `relay ${c.req.method} ${logPath(c.req.path)} ${c.res.status} ` +
        `${Math.round(performance.now() - started)}ms mode=${config.mode}${token === undefined ? "" : ` token=${token}`}`,
    );
  });
  app.use(corsMiddleware(config.allowedOrigins, isRelayPath));
  app.use(authenticateTeam(services));

  app.post(IDEOGRAM_UPSCALE_ROUTE, (c) => ideogramUpscale(services, c));
  app.post(`${IDEOGRAM_V2_UPSCALE_ROUTE}/:model`, (c) => ideogramV2Upscale(services, c));
  app.get(`${IDEOGRAM_V2_GENERATIONS_ROUTE}/:id`, (c) => ideogramV2Generation(services, c));
  for (const operation of MIDJOURNEY_SUBMISSIONS) {
    app.post(midjourneyRoute(operation), (c) => midjourneySubmit(services, c, operation));
  }
  app.get(MIDJOURNEY_RESULT_ROUTE, (c) => midjourneyResult(services, c));
  app.get(GPTUNNEL_BALANCE_ROUTE, (c) => gptunnelBalance(services, c));
  app.get("/images/:token", (c) => relayImage(services, c));
  app.get("/healthz", (c) => c.json({ ok: true, mode: config.mode }));
  app.all("*", (c) =>
    isRelayPath(c.req.path)
      ? c.json({ detail: `${c.req.method} is not allowed here.` }, 405)
      : c.json({ detail: "Not found: the relay forwards only the vendors' upscale calls." }, 404),
  );
  app.onError((error, c) => {
    // The message may quote a vendor's text; the log gets only the kind of failure.
    log(`relay error ${c.req.method} ${error.name}`);
    return c.json({ detail: "The relay failed to handle this request." }, 500);
  });

  return {
    fetch: async (request) => app.fetch(request),
    mode: config.mode,
    close: () => store.close(),
  };
}
