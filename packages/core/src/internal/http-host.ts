/**
 * The host of an http(s) URL as the WHATWG URL standard parses it (host parser, special schemes): percent-decoded,
 * lower-cased, IPv4 in any of its number forms rewritten as dotted decimal, IPv6 compressed. Written by hand
 * because Figma's main thread has no `URL`; what the core cannot parse like a browser (internationalised names)
 * is refused, so the host the core checks is always the host the transport connects to.
 */

/** The serialised host ("api.example", "127.0.0.1", "[::1]"), or `undefined` when a browser would refuse it. */
export function parseHost(text: string): string | undefined {
  if (text.startsWith("[")) {
    if (!text.endsWith("]")) return undefined;
    const pieces = parseIpv6(text.slice(1, -1));
    return pieces === undefined ? undefined : `[${serialiseIpv6(pieces)}]`;
  }
  const domain = percentDecodeAscii(text)?.toLowerCase();
  if (domain === undefined || domain === "" || hasForbiddenDomainCharacter(domain)) return undefined;
  // A label "xn--…" is punycode, which a browser decodes and validates; without that check, refuse it.
  if (domain.startsWith("xn--") || domain.includes(".xn--")) return undefined;
  return endsInANumber(domain) ? parseIpv4(domain) : domain;
}

/**
 * Percent-decodes `text`; `undefined` when the result is not ASCII (an internationalised name needs IDNA
 * mapping, which the core does not implement).
 */
function percentDecodeAscii(text: string): string | undefined {
  if (!text.includes("%")) return /[\u0080-\uffff]/.test(text) ? undefined : text;
  let decoded = "";
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    const hex = text.slice(i + 1, i + 3);
    if (code === 0x25 && /^[0-9a-f]{2}$/i.test(hex)) {
      code = Number.parseInt(hex, 16);
      i += 2;
    }
    if (code > 0x7f) return undefined;
    decoded += String.fromCharCode(code);
  }
  return decoded;
}

// The standard's forbidden domain code points, besides C0 controls and DEL.
const FORBIDDEN_IN_DOMAIN = " #%/:<>?@[\\]^|";

function hasForbiddenDomainCharacter(domain: string): boolean {
  // Letters, digits, "." and "-" are the usual host names: no need to look at each character.
  if (/^[a-z0-9.-]*$/.test(domain)) return false;
  for (let i = 0; i < domain.length; i++) {
    const code = domain.charCodeAt(i);
    if (code <= 0x1f || code === 0x7f || FORBIDDEN_IN_DOMAIN.includes(domain.charAt(i))) return true;
  }
  return false;
}

/** Whether the last label is a number, so the whole host must be an IPv4 address ("0x7f.1" is 127.0.0.1). */
function endsInANumber(domain: string): boolean {
  const labels = domain.split(".");
  if (labels[labels.length - 1] === "" && labels.length > 1) labels.pop();
  const last = labels[labels.length - 1] ?? "";
  // Every number form has a digit ("0x" too): a name ending in letters, the usual case, is none.
  if (!/[0-9]/.test(last)) return false;
  return /^[0-9]+$/.test(last) || parseIpv4Number(last) !== undefined;
}

/** A decimal, octal ("0…") or hexadecimal ("0x…") part of an IPv4 address. */
function parseIpv4Number(text: string): number | undefined {
  if (text === "") return undefined;
  let digits = text;
  let radix = 10;
  if (/^0x/i.test(digits)) {
    digits = digits.slice(2);
    radix = 16;
  } else if (digits.length > 1 && digits.startsWith("0")) {
    digits = digits.slice(1);
    radix = 8;
  }
  if (digits === "") return 0;
  const valid = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  return valid.test(digits) ? Number.parseInt(digits, radix) : undefined;
}

// An address already in dotted decimal, as most are, is its own serialisation.
const DOTTED_DECIMAL =
  /^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

function parseIpv4(domain: string): string | undefined {
  if (DOTTED_DECIMAL.test(domain)) return domain;
  const parts = domain.split(".");
  if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
  if (parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const value = parseIpv4Number(part);
    if (value === undefined) return undefined;
    numbers.push(value);
  }
  const last = numbers.pop() as number;
  // Leading parts are one byte each; the last fills the bytes that remain ("127.1" is 127.0.0.1).
  if (numbers.some((value) => value > 255) || last >= 256 ** (4 - numbers.length)) return undefined;
  const address = numbers.reduce((sum, value, index) => sum + value * 256 ** (3 - index), last);
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join(".");
}

/** The eight 16-bit pieces of an IPv6 address (the standard's IPv6 parser), or `undefined`. */
function parseIpv6(text: string): number[] | undefined {
  const pieces = [0, 0, 0, 0, 0, 0, 0, 0];
  let index = 0;
  let compress: number | undefined;
  let at = 0;
  if (text[at] === ":") {
    if (text[at + 1] !== ":") return undefined;
    at += 2;
    compress = ++index;
  }
  while (at < text.length) {
    if (index === 8) return undefined;
    if (text[at] === ":") {
      if (compress !== undefined) return undefined;
      at++;
      compress = ++index;
      continue;
    }
    const hex = /^[0-9a-f]{0,4}/i.exec(text.slice(at))?.[0] ?? "";
    if (text[at + hex.length] === ".") {
      if (hex === "" || index > 6) return undefined;
      const ipv4 = parseEmbeddedIpv4(text.slice(at));
      if (ipv4 === undefined) return undefined;
      pieces[index++] = ipv4[0] as number;
      pieces[index++] = ipv4[1] as number;
      break;
    }
    at += hex.length;
    if (text[at] === ":") {
      at++;
      if (at === text.length) return undefined;
    } else if (at < text.length) {
      return undefined;
    }
    pieces[index++] = Number.parseInt(hex, 16);
  }
  if (compress === undefined) return index === 8 ? pieces : undefined;
  // Move the pieces after "::" to the end; the gap left is zeros.
  const tail = pieces.slice(compress, index);
  pieces.fill(0, compress);
  pieces.splice(8 - tail.length, tail.length, ...tail);
  return pieces;
}

/** "1.2.3.4" at the end of an IPv6 address as its two pieces; strictly four decimal bytes. */
function parseEmbeddedIpv4(text: string): [number, number] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255)) {
    return undefined;
  }
  const [a, b, c, d] = parts.map(Number) as [number, number, number, number];
  return [a * 256 + b, c * 256 + d];
}

/** Lower-case hex without leading zeros; the first longest run of two or more zero pieces becomes "::". */
function serialiseIpv6(pieces: readonly number[]): string {
  let runStart = -1;
  let runLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && pieces[start + length] === 0) length++;
    if (length > runLength) {
      runStart = start;
      runLength = length;
    }
  }
  const hex = pieces.map((piece) => piece.toString(16));
  if (runStart === -1) return hex.join(":");
  return `${hex.slice(0, runStart).join(":")}::${hex.slice(runStart + runLength).join(":")}`;
}
