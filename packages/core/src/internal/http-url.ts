import { parseHost } from "./http-host.js";
import { encodeUtf8 } from "./utf8.js";

/**
 * Absolute http(s) URLs, parsed and resolved as the WHATWG URL standard does for special schemes, without the
 * `URL` class (Figma's plugin main thread has none). The core decides where a key may go from this parse and
 * hands the transport the normalised `href`, never the raw text: so the origin it checks is the one the
 * transport connects to, whatever tricks the text holds (backslashes, tabs, user info, percent-encoded hosts).
 */
export interface HttpUrl {
  protocol: "http:" | "https:";
  /** Host as a browser serialises it, with the port only when it is not the scheme's default: "api.example:8080". */
  host: string;
  /** Scheme and host: "https://api.example". Two URLs may share credentials only when these are equal. */
  origin: string;
  /** Always starts with "/". */
  pathname: string;
  /** "" or "?…". */
  search: string;
  /** "" or "#…". */
  hash: string;
  /** The whole URL, normalised (user info dropped: fetch refuses it). What the transport is given. */
  href: string;
}

/** The parts of a parsed URL as the standard keeps them: a query or fragment may be present but empty. */
interface UrlRecord {
  protocol: "http:" | "https:";
  host: string;
  path: string[];
  query: string | null;
  fragment: string | null;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { "http:": "80", "https:": "443" };

/** The lower-cased scheme with its colon ("https:", "ftp:"), or `undefined` when `text` has none. */
export function urlScheme(text: string): string | undefined {
  const scheme = SCHEME.exec(prepare(text))?.[1];
  return scheme === undefined ? undefined : `${scheme.toLowerCase()}:`;
}

// Each request parses its URL and the API's origin several times, and a poller asks for the same URL again and
// again: recent answers are kept. Frozen, so no caller can change what another one is given.
const recentlyParsed = new Map<string, Readonly<HttpUrl> | undefined>();
const RECENT_LIMIT = 64;

/** `text` as an absolute http(s) URL, or `undefined` when it is none a browser would accept. */
export function parseHttpUrl(text: string): Readonly<HttpUrl> | undefined {
  if (recentlyParsed.has(text)) return recentlyParsed.get(text);
  const record = parseRecord(text, undefined);
  const url = record === undefined ? undefined : Object.freeze(toHttpUrl(record));
  if (recentlyParsed.size >= RECENT_LIMIT) recentlyParsed.clear();
  recentlyParsed.set(text, url);
  return url;
}

/** The host of `url` for messages, or "the server" when it is no http(s) URL. */
export function hostOf(url: string): string {
  return parseHttpUrl(url)?.host ?? "the server";
}

/**
 * Where a redirect's `Location` points, seen from `base`, as a browser resolves it: an absolute URL, a
 * scheme-relative `//host/…`, an absolute path, a query, a fragment or a relative path. `undefined` unless it is
 * http(s).
 */
export function resolveHttpUrl(location: string, base: string): HttpUrl | undefined {
  const from = parseRecord(base, undefined);
  if (from === undefined) return undefined;
  const record = parseRecord(location, from);
  return record === undefined ? undefined : toHttpUrl(record);
}

/** Leading and trailing C0 controls and spaces go, and tabs and line breaks anywhere (the standard's first steps). */
function prepare(text: string): string {
  const edges = text.charCodeAt(0) > 0x20 && text.charCodeAt(text.length - 1) > 0x20;
  if (edges && !/[\t\n\r]/.test(text)) return text;
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end).replace(/[\t\n\r]/g, "");
}

function parseRecord(text: string, base: UrlRecord | undefined): UrlRecord | undefined {
  const input = prepare(text);
  const scheme = SCHEME.exec(input);
  if (scheme === null) return base === undefined ? undefined : parseRelative(input, base);
  const protocol = `${(scheme[1] as string).toLowerCase()}:`;
  if (protocol !== "http:" && protocol !== "https:") return undefined;
  const rest = input.slice(scheme[0].length);
  // "http:path" relative to an http page is a relative reference; with any other base it names a host.
  if (base !== undefined && base.protocol === protocol) return parseRelative(rest, base);
  return parseAuthority(rest.replace(/^[/\\]+/, ""), protocol);
}

function parseRelative(input: string, base: UrlRecord): UrlRecord | undefined {
  const { protocol, host } = base;
  if (isSlash(input[0])) {
    if (isSlash(input[1])) return parseAuthority(input.replace(/^[/\\]+/, ""), protocol);
    return parsePathAndAfter(input.slice(1), { protocol, host, path: [], query: null, fragment: null });
  }
  if (input === "" || input.startsWith("#") || input.startsWith("?")) {
    // Only what follows changes: the path stays, and the query too unless a new one is given.
    const query = input.startsWith("#") || input === "" ? base.query : null;
    return parseQueryAndFragment(input, { ...base, path: base.path.slice(), query, fragment: null });
  }
  return parsePathAndAfter(input, { protocol, host, path: base.path.slice(0, -1), query: null, fragment: null });
}

/** `input` starts right after the slashes: user info, host and port up to the first of / \ ? #, then the rest. */
function parseAuthority(input: string, protocol: "http:" | "https:"): UrlRecord | undefined {
  const end = input.search(/[/\\?#]/);
  const authority = end === -1 ? input : input.slice(0, end);
  // Everything up to the last "@" is user info, dropped; the host follows it.
  const hostAndPort = authority.slice(authority.lastIndexOf("@") + 1);
  const host = parseHostAndPort(hostAndPort, protocol);
  if (host === undefined) return undefined;
  const rest = end === -1 ? "" : input.slice(end);
  const path = isSlash(rest[0]) ? rest.slice(1) : rest;
  return parsePathAndAfter(path, { protocol, host, path: [], query: null, fragment: null });
}

function parseHostAndPort(text: string, protocol: "http:" | "https:"): string | undefined {
  // The port starts at the first ":" outside an IPv6 address's brackets.
  let colon = -1;
  let inBrackets = false;
  for (let i = 0; i < text.length && colon === -1; i++) {
    if (text[i] === "[") inBrackets = true;
    else if (text[i] === "]") inBrackets = false;
    else if (text[i] === ":" && !inBrackets) colon = i;
  }
  const host = parseHost(colon === -1 ? text : text.slice(0, colon));
  const port = colon === -1 ? "" : text.slice(colon + 1);
  if (host === undefined || !/^[0-9]*$/.test(port)) return undefined;
  if (port === "") return host;
  const number = Number(port);
  if (number > 65535) return undefined;
  return String(number) === DEFAULT_PORTS[protocol] ? host : `${host}:${number}`;
}

/** Adds the path segments of `input` to `url.path` (resolving dot segments), then its query and fragment. */
function parsePathAndAfter(input: string, url: UrlRecord): UrlRecord {
  const pathEnd = input.search(/[?#]/);
  const segments = (pathEnd === -1 ? input : input.slice(0, pathEnd)).split(/[/\\]/);
  segments.forEach((raw, index) => {
    const segment = encode(raw, PATH_SET);
    const last = index === segments.length - 1;
    if (isDoubleDot(segment)) {
      url.path.pop();
      if (last) url.path.push("");
    } else if (isSingleDot(segment)) {
      if (last) url.path.push("");
    } else {
      url.path.push(segment);
    }
  });
  return pathEnd === -1 ? url : parseQueryAndFragment(input.slice(pathEnd), url);
}

/** `input` is "", "?…" or "#…": a query up to the first "#", then the fragment. */
function parseQueryAndFragment(input: string, url: UrlRecord): UrlRecord {
  const fragmentStart = input.indexOf("#");
  if (input.startsWith("?")) {
    url.query = encode(input.slice(1, fragmentStart === -1 ? input.length : fragmentStart), QUERY_SET);
  }
  if (fragmentStart !== -1) url.fragment = encode(input.slice(fragmentStart + 1), FRAGMENT_SET);
  return url;
}

function toHttpUrl({ protocol, host, path, query, fragment }: UrlRecord): HttpUrl {
  const origin = `${protocol}//${host}`;
  const pathname = `/${path.join("/")}`;
  const href = `${origin}${pathname}${query === null ? "" : `?${query}`}${fragment === null ? "" : `#${fragment}`}`;
  const search = query === null || query === "" ? "" : `?${query}`;
  const hash = fragment === null || fragment === "" ? "" : `#${fragment}`;
  return { protocol, host, origin, pathname, search, hash, href };
}

function isSlash(char: string | undefined): boolean {
  return char === "/" || char === "\\";
}

function isSingleDot(segment: string): boolean {
  return segment === "." || segment.toLowerCase() === "%2e";
}

function isDoubleDot(segment: string): boolean {
  return /^(\.|%2e)(\.|%2e)$/i.test(segment);
}

// Beyond controls and non-ASCII, which are always encoded: the characters the standard encodes in each part.
const PATH_SET = ' "#<>?`{}';
const QUERY_SET = ` "#<>'`;
const FRAGMENT_SET = ' "<>`';
// Text made only of these needs no encoding in any part: most URLs, so they skip the loop below.
const NOTHING_TO_ENCODE = /^[!$%&()*+,\-./0-9:;=@A-Z[\\\]^_a-z|~]*$/;

/** `text` with controls, non-ASCII and the characters in `set` percent-encoded as UTF-8; "%" is left alone. */
function encode(text: string, set: string): string {
  if (NOTHING_TO_ENCODE.test(text)) return text;
  let encoded = "";
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    encoded += code < 0x20 || code > 0x7e || set.includes(char) ? percentEncode(encodeUtf8(char)) : char;
  }
  return encoded;
}

/** Each byte as "%XX" (upper-case hex, as browsers write it). A lone surrogate is U+FFFD, as in the standard. */
function percentEncode(bytes: Uint8Array): string {
  let encoded = "";
  for (const byte of bytes) encoded += `%${byte < 16 ? "0" : ""}${byte.toString(16).toUpperCase()}`;
  return encoded;
}
