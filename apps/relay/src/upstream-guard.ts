/**
 * Where the relay may connect. Upstreams are fixed origins from the configuration; result images may live on any
 * public host the vendor names. Private, loopback and link-local addresses (the machine itself, its network, cloud
 * metadata at 169.254.169.254) are refused unless RELAY_ALLOW_PRIVATE_UPSTREAMS is set, which only tests do.
 */

/** Resolves a host name to addresses; the Node entry passes one based on `dns.lookup`, Workers have none. */
export type HostResolver = (hostname: string) => Promise<string[]>;

/** A configured upstream: an http(s) origin with nothing after it. Returns the origin. */
export function checkUpstreamOrigin(name: string, value: string, allowPrivate: boolean): string {
  const url = new URL(value);
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "" || url.pathname !== "/") {
    throw new Error(
      `Relay configuration: ${name} must be an origin only, like https://host (no path, query or login).`,
    );
  }
  if (!allowPrivate && isPrivateHost(url.hostname)) {
    throw new Error(
      `Relay configuration: ${name} (${url.host}) is a private or loopback address; set RELAY_ALLOW_PRIVATE_UPSTREAMS=1 only for tests.`,
    );
  }
  return url.origin;
}

/** Why an image link may not be fetched, or undefined when it may. Checks the resolved addresses too. */
export async function imageHostRefusal(
  url: URL,
  allowPrivate: boolean,
  resolve: HostResolver | undefined,
): Promise<string | undefined> {
  if (url.protocol !== "https:" && url.protocol !== "http:") return "not an http(s) link";
  if (url.username !== "" || url.password !== "") return "a link with a login";
  if (allowPrivate) return undefined;
  if (isPrivateHost(url.hostname)) return "a private or loopback host";
  if (resolve !== undefined && !isIpLiteral(url.hostname)) {
    const addresses = await resolve(url.hostname).catch(() => [] as string[]);
    if (addresses.length === 0) return "a host that does not resolve";
    if (addresses.some(isPrivateHost)) return "a host that resolves to a private or loopback address";
  }
  return undefined;
}

function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(hostname);
}

/** True for names and literals that point at this machine or a private network. */
export function isPrivateHost(host: string): boolean {
  const name = host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost") || name.endsWith(".internal") || name.endsWith(".local")) {
    return true;
  }
  const v4 = parseIPv4(name);
  if (v4 !== undefined) return isPrivateIPv4(v4);
  if (name.includes(":")) return isPrivateIPv6(name);
  return false;
}

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.map(Number);
}

function isPrivateIPv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast and reserved
  );
}

function isPrivateIPv6(address: string): boolean {
  // IPv4-mapped (::ffff:127.0.0.1); the URL parser writes the v4 part as hex (::ffff:7f00:1).
  const mapped = /^::ffff:(.+)$/.exec(address)?.[1];
  if (mapped !== undefined) {
    const dotted = parseIPv4(mapped);
    if (dotted !== undefined) return isPrivateIPv4(dotted);
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(mapped);
    if (hex !== null) {
      const high = Number.parseInt(hex[1] ?? "0", 16);
      const low = Number.parseInt(hex[2] ?? "0", 16);
      return isPrivateIPv4([high >> 8, high & 255, low >> 8, low & 255]);
    }
    return true;
  }
  if (address === "::" || address === "::1") return true;
  const first = Number.parseInt(address.split(":")[0] || "0", 16);
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 // multicast
  );
}
