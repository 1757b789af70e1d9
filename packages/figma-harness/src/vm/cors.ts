/**
 * The CORS rules a null-origin page lives by, which Figma's plugin fetches obey: a request that is not "simple"
 * (custom headers such as Authorization or Api-Key, a JSON content type, PUT/DELETE…) is preflighted and never
 * sent unless the server allows it; an answer without `Access-Control-Allow-Origin: *` (or `null`) is unreadable;
 * only safelisted and exposed response headers are visible.
 */
const SIMPLE_METHODS = new Set(["GET", "HEAD", "POST"]);
const SAFELISTED_REQUEST_HEADERS = new Set(["accept", "accept-language", "content-language", "content-type"]);
const SIMPLE_CONTENT_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);
const SAFELISTED_RESPONSE_HEADERS = [
  "cache-control",
  "content-language",
  "content-length",
  "content-type",
  "expires",
  "last-modified",
  "pragma",
];

/** The request headers that make a preflight necessary, lower-cased and sorted; empty for a simple request. */
export function headersNeedingPreflight(method: string, headers: Record<string, string>): string[] | undefined {
  const unsafe = Object.entries(headers)
    .filter(([name, value]) => {
      const lower = name.toLowerCase();
      if (!SAFELISTED_REQUEST_HEADERS.has(lower)) return true;
      return lower === "content-type" && !SIMPLE_CONTENT_TYPES.has(value.split(";")[0]?.trim().toLowerCase() ?? "");
    })
    .map(([name]) => name.toLowerCase())
    .sort();
  return SIMPLE_METHODS.has(method) && unsafe.length === 0 ? undefined : unsafe;
}

const list = (value: string | null) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

export function allowsOrigin(headers: Headers): boolean {
  const origin = headers.get("access-control-allow-origin");
  return origin === "*" || origin === "null";
}

/** Why a preflight answer refuses the request, or undefined when it allows it. */
export function preflightRefusal(response: Response, method: string, requestHeaders: string[]): string | undefined {
  if (response.status < 200 || response.status > 299) return `the preflight (OPTIONS) answered HTTP ${response.status}`;
  if (!allowsOrigin(response.headers)) return "the preflight answer has no Access-Control-Allow-Origin: * (or null)";
  const methods = list(response.headers.get("access-control-allow-methods"));
  if (!SIMPLE_METHODS.has(method) && !methods.includes("*") && !methods.includes(method.toLowerCase())) {
    return `Access-Control-Allow-Methods does not list ${method}`;
  }
  const allowed = list(response.headers.get("access-control-allow-headers"));
  // The wildcard never covers Authorization (Fetch standard, CORS-preflight fetch).
  const missing = requestHeaders.filter(
    (name) => !allowed.includes(name) && (name === "authorization" || !allowed.includes("*")),
  );
  return missing.length > 0 ? `Access-Control-Allow-Headers does not list ${missing.join(", ")}` : undefined;
}

/** The response headers a cross-origin page may read. */
export function visibleHeaders(headers: Headers): Record<string, string> {
  const exposed = list(headers.get("access-control-expose-headers"));
  const visible: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (SAFELISTED_RESPONSE_HEADERS.includes(name) || exposed.includes(name) || exposed.includes("*"))
      visible[name] = value;
  });
  return visible;
}
