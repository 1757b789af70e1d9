import { createServer, type Server } from "node:http";
import { GPTUNNEL_MIDJOURNEY_PATH, IDEOGRAM_RELAY_PATH } from "@upscale/core/vendor-facts";
import { gptunnelBalanceRoute } from "./gptunnel-balance-route.js";
import { ideogramRoutes } from "./ideogram-routes.js";
import { ideogramV2Routes } from "./ideogram-v2-routes.js";
import { ImageHost } from "./image-host.js";
import { DEFAULT_KEYS, type FakeKeys } from "./keys.js";
import { midjourneyRoutes } from "./midjourney-routes.js";
import { createRequestListener } from "./request-pipeline.js";
import type { Scenario } from "./scenario.js";
import { ScenarioState } from "./scenario-state.js";
import { FakeStats, type RequestLogEntry } from "./stats.js";

const HOST = "127.0.0.1";

export interface FakeApisOptions {
  /** Port of the API server (both vendors). Default 0: a free port. */
  port?: number;
  /** Port of the result-image server, a separate origin. Default 0: a free port. */
  imagesPort?: number;
  scenario?: Scenario;
  /** The API keys to accept. Defaults: `fake-gptunnel-key`, `fake-ideogram-key`. */
  keys?: Partial<FakeKeys>;
  /** Called for every response as it is sent (the CLI prints them). */
  onRequest?: (entry: RequestLogEntry) => void;
  /**
   * The fake's clock in epoch ms, behind task progress and result-link expiry. Default `Date.now`; a test steps its
   * own to see a task at a given point of its life, however slowly the machine runs.
   */
  now?: () => number;
}

export interface FakeApis {
  /** GPTunnel Midjourney base, e.g. `http://127.0.0.1:PORT/v1/midjourney`; the balance is `/v1/balance` beside it. */
  gptunnelUrl: string;
  /**
   * Ideogram official base: `POST {ideogramUrl}/upscale`, `POST {ideogramUrl}/v2/image/upscale/{model}` and
   * `GET {ideogramUrl}/v2/generations/{id}` with `Api-Key`.
   */
  ideogramUrl: string;
  /** Ideogram relay base: the same calls under `{ideogramRelayUrl}` with `Authorization: Bearer`. */
  ideogramRelayUrl: string;
  /** The result-image origin (another port). */
  imagesUrl: string;
  keys: FakeKeys;
  stats: FakeStats;
  /** Switches behaviour from the next request on; request numbers and the balance start afresh. */
  setScenario(scenario: Scenario): void;
  close(): Promise<void>;
}

/** Starts the fake GPTunnel + Ideogram APIs and their image host on loopback. */
export async function startFakeApis(options: FakeApisOptions = {}): Promise<FakeApis> {
  const keys: FakeKeys = { ...DEFAULT_KEYS, ...options.keys };
  // An empty key would "appear" in every request and match a missing header.
  if (keys.gptunnel === "" || keys.ideogram === "") throw new TypeError("Fake APIs: API keys must not be empty.");
  const now = options.now ?? Date.now;
  const state = new ScenarioState(options.scenario);
  const stats = new FakeStats();
  const lifetime = new AbortController();
  const common = { state, stats, keys, signal: lifetime.signal, onRequest: options.onRequest };
  const imagesServer = createServer();
  const apiServer = createServer();
  const close = async () => {
    lifetime.abort();
    await Promise.all([stop(imagesServer), stop(apiServer)]);
  };

  try {
    const images = new ImageHost(await listen(imagesServer, options.imagesPort ?? 0, "--images-port"), now);
    imagesServer.on("request", createRequestListener({ ...common, server: "images", routes: [images.route(keys)] }));
    const routes = [
      ...midjourneyRoutes({ state, images, keys, now }),
      gptunnelBalanceRoute({ state, keys }),
      ...ideogramRoutes({ state, images, keys, stats, now }),
      ...ideogramV2Routes({ state, images, keys, stats, now, signal: lifetime.signal }),
    ];
    apiServer.on("request", createRequestListener({ ...common, server: "api", routes }));
    const apiOrigin = await listen(apiServer, options.port ?? 0, "--port");
    return {
      gptunnelUrl: `${apiOrigin}${GPTUNNEL_MIDJOURNEY_PATH}`,
      ideogramUrl: apiOrigin,
      ideogramRelayUrl: `${apiOrigin}${IDEOGRAM_RELAY_PATH}`,
      imagesUrl: images.origin,
      keys,
      stats,
      setScenario: (scenario) => state.set(scenario),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function listen(server: Server, port: number, flag: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const hint = error.code === "EADDRINUSE" ? `: port ${port} is in use, pick another (${flag}) or 0 for any` : "";
      reject(new Error(`Fake APIs could not listen on ${HOST}:${port}${hint}.`, { cause: error }));
    });
    server.listen(port, HOST, () => {
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("Expected a TCP address."));
      else resolve(`http://${HOST}:${address.port}`);
    });
  });
}

function stop(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
