import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { preflightReply, type Reply, sendReply, textReply } from "./http-reply.js";
import { carriesKey, type FakeKeys, hasAuthHeader } from "./keys.js";
import type { Endpoint, Fault } from "./scenario.js";
import type { RequestPlan, ScenarioState } from "./scenario-state.js";
import type { FakeStats, RequestLogEntry } from "./stats.js";

export interface RouteRequest {
  req: IncomingMessage;
  /** For a route whose admission outlives the response (an Ideogram generation keeps its place). */
  res: ServerResponse;
  url: URL;
  plan: RequestPlan;
}

export interface Route {
  endpoint: Endpoint;
  method: "GET" | "POST";
  /** Whether this route serves the path (and query: a dry run is its own endpoint). */
  matches(path: string, query: URLSearchParams): boolean;
  /** Answered before any fault or latency: an auth failure, or a key sent to the image host. */
  guard?(req: IncomingMessage): Reply | undefined;
  /** Admits the request or answers for it (Ideogram's in-flight limit); may hook `res` to learn when it ends. */
  admit?(res: ServerResponse): Reply | undefined;
  /** The vendor's error body for a status this route did not choose (a scenario's status fault). */
  errorReply(status: number, message: string): Reply;
  handle(request: RouteRequest): Promise<Reply>;
}

export interface PipelineOptions {
  server: RequestLogEntry["server"];
  routes: Route[];
  state: ScenarioState;
  stats: FakeStats;
  keys: FakeKeys;
  /** Aborted on close, so a pending latency fault does not hold the process open. */
  signal: AbortSignal;
  onRequest?: (entry: RequestLogEntry) => void;
}

/**
 * One request's path through the fake: route, number it and plan its faults, guard, admit, wait, then either a
 * status fault or the endpoint itself, delivered intact or broken. Every response is logged as it is sent.
 */
export function createRequestListener(options: PipelineOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // Only an aborted latency wait (on close) gets here: endpoint failures are answered inside `handle`.
    handle(options, req, res).catch(() => res.destroy());
  };
}

async function handle(options: PipelineOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { routes, state, signal } = options;
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = req.method ?? "GET";
  const route = routes.find((r) => r.matches(url.pathname, url.searchParams));
  const reply = (answer: Reply, plan?: RequestPlan, delivery?: RequestPlan["response"]) => {
    const entry: RequestLogEntry = {
      server: options.server,
      endpoint: route?.endpoint ?? "unknown",
      method,
      path: url.pathname,
      status: answer.status,
      authHeaderPresent: hasAuthHeader(req),
      keyPresent: carriesKey(req, options.keys),
      faults: plan?.faults ?? [],
    };
    options.stats.record(entry);
    options.onRequest?.(entry);
    sendReply(res, answer, delivery);
  };

  if (method === "OPTIONS") return reply(preflightReply(req.headers["access-control-request-headers"]));
  if (route === undefined) return reply(textReply(404, `Not found: ${method} ${url.pathname}`));
  if (method !== route.method) {
    return reply(route.errorReply(405, `Use ${route.method} for ${url.pathname}.`));
  }

  const plan = state.plan(route.endpoint);
  const refusal = route.guard?.(req) ?? route.admit?.(res);
  if (refusal) return reply(refusal, plan);
  if (plan.latencyMs > 0) await sleep(plan.latencyMs, undefined, { signal });
  if (plan.response?.kind === "status") return reply(statusFaultReply(route, plan.response), plan);
  let answer: Reply;
  try {
    answer = await route.handle({ req, res, url, plan });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return reply(route.errorReply(500, `Fake APIs internal error: ${message}`), plan);
  }
  reply(answer, plan, plan.response);
}

function statusFaultReply(route: Route, fault: Extract<Fault, { kind: "status" }>): Reply {
  const retryAfter: Record<string, string> =
    fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
  if (fault.body !== undefined) {
    const type = fault.body.trimStart().startsWith("<") ? "text/html" : "text/plain";
    return {
      status: fault.status,
      headers: { "content-type": `${type}; charset=utf-8`, ...retryAfter },
      body: fault.body,
    };
  }
  const answer = route.errorReply(fault.status, STATUS_CODES[fault.status] ?? `HTTP ${fault.status}`);
  return { ...answer, headers: { ...answer.headers, ...retryAfter } };
}
