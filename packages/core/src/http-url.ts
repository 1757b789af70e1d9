/**
 * Absolute http(s) URLs, parsed and resolved without the `URL` class: Figma's plugin main thread has none.
 * Only what the core needs: where a request goes (origin, host, path), and where a redirect points.
 */
export interface HttpUrl {
  protocol: "http:" | "https:";
  /** Lower-cased host name, with the port only when it is not the scheme's default: "api.example:8080". */
  host: string;
  /** Scheme and host: "https://api.example". Two URLs may share credentials only when these are equal. */
  origin: string;
  /** Always starts with "/". */
  pathname: string;
  /** "" or "?…". */
  search: string;
  /** "" or "#…". */
  hash: string;
  /** The whole URL, normalised (user info dropped: fetch refuses it). */
  href: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { "http:": "80", "https:": "443" };
const HOST_NAME = /^[a-z0-9._~!$&'()*+,;=-]+$/;
const IPV6_HOST = /^\[[0-9a-f:.]+\]$/;

/** The lower-cased scheme with its colon ("https:", "ftp:"), or `undefined` when `text` has none. */
export function urlScheme(text: string): string | undefined {
  const scheme = SCHEME.exec(text.trim())?.[1];
  return scheme === undefined ? undefined : `${scheme.toLowerCase()}:`;
}

/** `text` as an absolute http(s) URL, or `undefined` when it is not one. */
export function parseHttpUrl(text: string): HttpUrl | undefined {
  const trimmed = text.trim();
  const protocol = urlScheme(trimmed);
  if (protocol !== "http:" && protocol !== "https:") return undefined;
  const rest = trimmed.slice(protocol.length);
  if (!rest.startsWith("//")) return undefined;
  const authorityEnd = firstIndexOf(rest, ["/", "?", "#"], 2);
  const authority = rest.slice(2, authorityEnd);
  const host = parseHost(authority.slice(authority.lastIndexOf("@") + 1), protocol);
  if (host === undefined) return undefined;
  const tail = rest.slice(authorityEnd);
  const searchStart = firstIndexOf(tail, ["?", "#"], 0);
  const hashStart = firstIndexOf(tail, ["#"], 0);
  const path = tail.slice(0, searchStart);
  return build(protocol, host, path === "" ? "/" : path, tail.slice(searchStart, hashStart), tail.slice(hashStart));
}

/** The host of `url` for messages, or "the server" when it is no http(s) URL. */
export function hostOf(url: string): string {
  return parseHttpUrl(url)?.host ?? "the server";
}

/**
 * Where a redirect's `Location` points, seen from `base` (RFC 3986 §5.2): an absolute URL, a scheme-relative
 * `//host/…`, an absolute path, a query, a fragment or a relative path. `undefined` unless it is http(s).
 */
export function resolveHttpUrl(location: string, base: string): HttpUrl | undefined {
  const from = parseHttpUrl(base);
  const reference = location.trim();
  if (urlScheme(reference) !== undefined) return parseHttpUrl(reference);
  if (from === undefined) return undefined;
  if (reference.startsWith("//")) return parseHttpUrl(`${from.protocol}${reference}`);
  const suffixStart = firstIndexOf(reference, ["?", "#"], 0);
  const path = reference.slice(0, suffixStart);
  const suffix = reference.slice(suffixStart);
  if (path === "") {
    const search = suffix.startsWith("?") ? "" : from.search;
    return parseHttpUrl(`${from.origin}${from.pathname}${search}${suffix}`);
  }
  const merged = path.startsWith("/") ? path : `${from.pathname.slice(0, from.pathname.lastIndexOf("/") + 1)}${path}`;
  return parseHttpUrl(`${from.origin}${removeDotSegments(merged)}${suffix}`);
}

function parseHost(authority: string, protocol: string): string | undefined {
  const portStart = authority.lastIndexOf(":");
  const hasPort = portStart > authority.lastIndexOf("]");
  const name = (hasPort ? authority.slice(0, portStart) : authority).toLowerCase();
  const port = hasPort ? authority.slice(portStart + 1) : "";
  if (!(HOST_NAME.test(name) || IPV6_HOST.test(name))) return undefined;
  if (port !== "" && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) return undefined;
  const normalisedPort = port === "" ? "" : String(Number(port));
  return normalisedPort === "" || normalisedPort === DEFAULT_PORTS[protocol] ? name : `${name}:${normalisedPort}`;
}

function build(protocol: "http:" | "https:", host: string, path: string, search: string, hash: string): HttpUrl {
  const origin = `${protocol}//${host}`;
  const pathname = removeDotSegments(path);
  return { protocol, host, origin, pathname, search, hash, href: `${origin}${pathname}${search}${hash}` };
}

/** Resolves "." and ".." in an absolute path (RFC 3986 §5.2.4); ".." never climbs above the root. */
function removeDotSegments(path: string): string {
  const output: string[] = [];
  const segments = path.split("/").slice(1);
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === "..") {
      output.pop();
      if (last) output.push("");
    } else if (segment === ".") {
      if (last) output.push("");
    } else {
      output.push(segment);
    }
  });
  return `/${output.join("/")}`;
}

/** The first index at or after `from` of any of `chars`, or the length of `text` when none occurs. */
function firstIndexOf(text: string, chars: readonly string[], from: number): number {
  let first = text.length;
  for (const char of chars) {
    const index = text.indexOf(char, from);
    if (index !== -1 && index < first) first = index;
  }
  return first;
}
