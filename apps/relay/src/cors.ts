import { GPTUNNEL_AUTH, IDEOGRAM_AUTH } from "@upscale/core/vendor-facts";
import type { MiddlewareHandler } from "hono";

const ALLOWED_METHODS = "GET, POST";
// What @upscale/core sends: the vendors' auth headers, and the body's type.
const AUTH_HEADERS = new Set([GPTUNNEL_AUTH.header, IDEOGRAM_AUTH.official.header, IDEOGRAM_AUTH.relay.header]);
const ALLOWED_HEADERS = [...AUTH_HEADERS, "content-type", "accept"].join(", ");
// Without it a browser hides Retry-After from the page, and clients cannot back off as the vendor asks.
const EXPOSED_HEADERS = "Retry-After";

/**
 * CORS for browser clients. A Figma UI iframe (any sandboxed iframe) sends `Origin: null`, which a configured
 * list must name as "null". A request from an origin not on the list is refused before anything is forwarded:
 * a multipart POST needs no preflight, so without this check a foreign page could make the relay do work.
 */
export function corsMiddleware(
  allowedOrigins: readonly string[],
  isRelayPath: (path: string) => boolean,
): MiddlewareHandler {
  const anyOrigin = allowedOrigins.includes("*");
  return async (c, next) => {
    const origin = c.req.header("origin");
    const allowed = origin === undefined || anyOrigin || allowedOrigins.includes(origin);
    const preflight = c.req.method === "OPTIONS" && c.req.header("access-control-request-method") !== undefined;
    if (!allowed) {
      return c.json({ detail: "This origin may not use the relay (RELAY_ALLOWED_ORIGINS)." }, 403);
    }
    const corsHeaders = (headers: Headers) => {
      if (origin === undefined) return;
      headers.set("access-control-allow-origin", anyOrigin ? "*" : origin);
      headers.set("access-control-expose-headers", EXPOSED_HEADERS);
      if (!anyOrigin) headers.append("vary", "Origin");
    };
    if (preflight) {
      if (!isRelayPath(c.req.path)) return c.json({ detail: "Not found." }, 404);
      const response = new Response(null, { status: 204 });
      corsHeaders(response.headers);
      response.headers.set("access-control-allow-methods", ALLOWED_METHODS);
      response.headers.set("access-control-allow-headers", ALLOWED_HEADERS);
      response.headers.set("access-control-max-age", "600");
      return response;
    }
    await next();
    // Responses built from upstream answers may have immutable headers; a copy is always writable.
    c.res = new Response(c.res.body, c.res);
    corsHeaders(c.res.headers);
  };
}
