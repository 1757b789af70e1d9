/**
 * manifest.json `networkAccess`: Figma turns `allowedDomains` (and, for development plugins, `devAllowedDomains`)
 * into a content security policy, so a request elsewhere fails. Entries are CSP-like sources: `*`, `none`,
 * `example.com`, `*.example.com` (subdomains only), `https://api.example.com`, `http://localhost:3000`, or with a
 * path prefix `https://example.com/api/`. Without a port an entry means the scheme's default port.
 */
export function isAllowedByNetworkAccess(url: string, allowed: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  return allowed.some((entry) => matches(target, entry.trim()));
}

function matches(target: URL, entry: string): boolean {
  if (entry === "*") return true;
  if (entry === "none" || entry === "") return false;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(entry)?.[1]?.toLowerCase();
  const rest = scheme ? entry.slice(scheme.length + 3) : entry;
  if (scheme && `${scheme}:` !== target.protocol) return false;
  const slash = rest.indexOf("/");
  const hostPort = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash) : "";
  const [host = "", port = ""] = hostPort.split(":");
  const hostname = target.hostname.toLowerCase();
  const hostMatches = host.startsWith("*.")
    ? hostname.endsWith(host.slice(1).toLowerCase())
    : hostname === host.toLowerCase();
  if (!hostMatches) return false;
  if (port !== "*" && port !== target.port) return false;
  if (!path) return true;
  return path.endsWith("/") ? target.pathname.startsWith(path) : target.pathname === path;
}
