import type { RealmRef } from "../fake/realm.js";
import { isUint8Array } from "../fake/realm.js";
import type { ViolationLog } from "../fake/violations.js";
import { allowsOrigin, headersNeedingPreflight, preflightRefusal, visibleHeaders } from "./cors.js";
import { isAllowedByNetworkAccess } from "./network-access.js";

export interface FigmaFetchSettings {
  realm: RealmRef;
  violations: ViolationLog;
  /** allowedDomains + devAllowedDomains; undefined lets every URL through. */
  allowedDomains: readonly string[] | undefined;
  /** Enforce CORS for a null origin (default in runPluginMain). */
  cors: boolean;
  /** JSON of the plugin realm, so `response.json()` gives the plugin its own objects. */
  json: JSON;
  /** Drops the answer when the plugin has closed meanwhile: its code no longer runs. */
  whenOpen<T>(promise: Promise<T>): Promise<T>;
}

const KNOWN_INIT_KEYS = new Set([
  "method",
  "headers",
  "headersObject",
  "body",
  "credentials",
  "cache",
  "redirect",
  "referrer",
  "integrity",
]);

/**
 * Figma's main-thread `fetch(url, init)`: a URL string, plain-object headers, a `Uint8Array | string` body, no
 * `signal`; the answer has `status`, `ok`, `headersObject`, `arrayBuffer()`, `text()`, `json()` and nothing
 * streaming. Backed by Node's fetch, so it reaches loopback fakes, with CORS and networkAccess enforced.
 */
export function createFigmaFetch(settings: FigmaFetchSettings) {
  const { realm, violations } = settings;
  const failToFetch = (why: string) => {
    violations.report("fetch-blocked", why, false);
    return realm.typeError("Failed to fetch");
  };

  const send = async (url: unknown, init: Record<string, unknown> = {}) => {
    if (typeof url !== "string") throw realm.typeError("fetch: Figma's fetch takes the URL as a string");
    if ("signal" in init)
      violations.report("fetch-signal", "fetch: Figma's fetch has no `signal`; it cannot be aborted");
    for (const key of Object.keys(init)) {
      if (!KNOWN_INIT_KEYS.has(key)) violations.report("fetch-option", `fetch: Figma's fetch has no "${key}" option`);
    }
    const method = String(init.method ?? "GET").toUpperCase();
    const headers = plainHeaders(init.headers ?? init.headersObject, realm);
    const body = init.body;
    if (body !== undefined && typeof body !== "string" && !isUint8Array(body)) {
      throw realm.typeError("fetch: body must be a Uint8Array or a string (no FormData, Blob or ArrayBuffer)");
    }
    if (settings.allowedDomains && !isAllowedByNetworkAccess(url, settings.allowedDomains)) {
      throw failToFetch(`${url} is not in manifest.json networkAccess (the request is refused as a CSP violation)`);
    }
    const requestInit: RequestInit = {
      method,
      headers: settings.cors ? { ...headers, Origin: "null" } : headers,
      redirect: init.redirect === "manual" ? "manual" : "follow",
    };
    if (body !== undefined) requestInit.body = typeof body === "string" ? body : Uint8Array.from(body);
    if (settings.cors) {
      const needed = headersNeedingPreflight(method, headers);
      if (needed) {
        const preflight = await fetch(url, {
          method: "OPTIONS",
          headers: {
            Origin: "null",
            "Access-Control-Request-Method": method,
            ...(needed.length > 0 ? { "Access-Control-Request-Headers": needed.join(",") } : {}),
          },
        }).catch(() => undefined);
        const refusal = preflight ? preflightRefusal(preflight, method, needed) : "the preflight could not connect";
        if (refusal) throw failToFetch(`CORS: ${method} ${url} was never sent: ${refusal}`);
      }
    }
    let response: Response;
    try {
      response = await fetch(url, requestInit);
    } catch (error) {
      throw realm.typeError(
        `Failed to fetch (${error instanceof Error ? ((error.cause as Error)?.message ?? error.message) : error})`,
      );
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (settings.cors && !allowsOrigin(response.headers)) {
      throw failToFetch(
        `CORS: ${url} answered without Access-Control-Allow-Origin: * (or null); the page cannot read it`,
      );
    }
    const headersObject: Record<string, string> = settings.cors
      ? visibleHeaders(response.headers)
      : Object.fromEntries(response.headers.entries());
    const text = () => Buffer.from(bytes).toString("utf8");
    return {
      status: response.status,
      statusText: response.statusText,
      ok: response.ok,
      url: response.url,
      redirected: response.redirected,
      type: settings.cors ? "cors" : "basic",
      headersObject,
      arrayBuffer: async () => realm.arrayBuffer(bytes),
      text: async () => text(),
      json: async () => settings.json.parse(text()),
    };
  };

  return (url: unknown, init?: Record<string, unknown>) => settings.whenOpen(send(url, init));
}

function plainHeaders(value: unknown, realm: RealmRef): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw realm.typeError("fetch: headers must be a plain object of strings");
  }
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(value)) {
    if (typeof header !== "string") throw realm.typeError(`fetch: header "${name}" must be a string`);
    headers[name] = header;
  }
  return headers;
}
