import type { ServerResponse } from "node:http";
import { GPTUNNEL_AUTH, IDEOGRAM_AUTH } from "@upscale/core/vendor-facts";
import type { RequestPlan } from "./scenario-state.js";

/** A whole response, decided before anything is written, so faults can mangle its delivery in one place. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string | Uint8Array;
}

// A Figma UI iframe has a null origin: only `*` lets it read responses (and Retry-After).
const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "Retry-After",
};

const RESET_PAUSE_MS = 20;

const AUTH_HEADERS = new Set([GPTUNNEL_AUTH.header, IDEOGRAM_AUTH.official.header, IDEOGRAM_AUTH.relay.header]);
const ALLOWED_HEADERS = [...AUTH_HEADERS, "content-type"].join(", ");

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(value) };
}

export function textReply(status: number, text: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers }, body: text };
}

export function preflightReply(requestedHeaders: string | undefined): Reply {
  return {
    status: 204,
    headers: {
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": requestedHeaders ?? ALLOWED_HEADERS,
      "access-control-max-age": "600",
    },
    body: "",
  };
}

/** Writes `reply`, delivering it broken when the plan says so. */
export function sendReply(res: ServerResponse, reply: Reply, delivery: RequestPlan["response"]): void {
  const body = Buffer.from(reply.body);
  const half = body.subarray(0, Math.floor(body.length / 2));
  const headers = { ...CORS_HEADERS, ...reply.headers };
  if (delivery?.kind === "malformed-json") {
    res.writeHead(reply.status, { ...headers, "content-length": String(half.length) });
    res.end(half);
    return;
  }
  res.writeHead(reply.status, { ...headers, "content-length": String(body.length) });
  const socket = res.socket;
  if (delivery?.kind === "truncated") {
    res.write(half, () => socket?.end());
    return;
  }
  if (delivery?.kind === "reset") {
    // An RST that lands while the half body is still unread makes the client's kernel report a plain EOF;
    // a moment's pause lets the client read it first, so it sees ECONNRESET as it would from a real network.
    res.write(half, () => setTimeout(() => socket?.resetAndDestroy(), RESET_PAUSE_MS));
    return;
  }
  res.end(body);
}
