import { describe, expect, it } from "vitest";
import { hostOf, parseHttpUrl, resolveHttpUrl, urlScheme } from "./http-url.js";

// WHATWG `URL` (Node's) is the oracle: the core cannot use it (Figma has none) but must agree with it, because
// the transport parses what the core hands it with exactly these rules.

/** Node's reading of `text` (relative to `base`), user info dropped as the core does; `undefined` if not http(s). */
function whatwg(text: string, base?: string) {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  url.username = "";
  url.password = "";
  const { protocol, host, origin, pathname, search, hash, href } = url;
  return { protocol, host, origin, pathname, search, hash, href };
}

const HOSTS = [
  // names: case, percent-encoding, trailing and empty labels, characters a browser refuses
  ...["API.Example", "a%2Eb", "%61pi.example", "api.example.", "a..b", ".", "%2e", "a_b", "-a-", "xn--"],
  ...["a%zz", "a%2", "a%00b", "a%25b", "a%7f", "a b", "a<b", "a^b", "a|b", "a%2fb", "a%40b", "a\\b"],
  // IPv4 in every number form, and numbers that are no address
  ...["127.0.0.1", "0x7f.1", "2130706433", "0177.0.0.1", "127.1", "127.0.0.1.", "0x7F.0X0.0.01", "0x"],
  ...["1.2.3.4.5", "1.2.3.256", "0x100000000", "4294967296", "999999999999", "foo.0x", "foo.09", "1.2.3.08"],
  // IPv6: compression, embedded IPv4, malformed
  ...["[::1]", "[::]", "[0:0:0:0:0:0:0:1]", "[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:7::]", "[::ffff:1.2.3.4]"],
  ...["[1::2:0:0:3]", "[1:0:0:2:0:0:0:3]", "[ABCD::EF]", "[::1.2.3.4]", "[1:2:3:4:5:6:1.2.3.4]", "[::01.2.3.4]"],
  ...["[1:2:3:4:5:6:7:1.2.3.4]", "[::1.2.3]", "[::1.2.3.4.5]", "[::256.0.0.1]", "[1.2.3.4]", "[12345::]"],
  ...["[1:::2]", "[:1]", "[1:]", "[1:2:3:4:5:6:7:8:9]", "[1::2::3]", "[gg::]", "[::1", "::1]", "[::1]x", "[]"],
  // ports: default, leading zeros, empty, out of range, not a number
  ...["a:80", "a:443", "a:080", "a:", "a:0", "a:65535", "a:65536", "a:8o", "a:1:2", "[::1]:8080", ":80", ""],
];

const ABSOLUTE = [
  ...HOSTS.map((host) => `http://${host}/p`),
  ...HOSTS.map((host) => `HTTPS://${host}/p`),
  // backslashes are slashes, so the host ends at the first one: the user info trick of issue 7
  "http://evil.example\\@api.example/x",
  "http://evil.example\\\\@api.example/",
  "http:\\\\evil.example\\x",
  "http:/\\evil.example/x",
  "https:api.example",
  "https:///path",
  // user info: the last "@" ends it, and one before a slash, "?" or "#" is path, query or fragment
  "http://user:pa@ss@api.example/x",
  "http://a@b@c/",
  "http://@a/",
  "http://[::1]@evil.example/",
  "http://evil.example#@api.example/",
  "http://evil.example?@api.example/",
  "http://evil.example/@api.example/",
  "http://api.example%2f@evil.example/",
  "http://api.example%40evil.example/",
  "http://api.example\t@evil.example/",
  "http://api.example\n.evil.example/",
  // controls and spaces at the ends go, tabs and line breaks anywhere
  "  \t http://a.example/ \n ",
  "\u0000http://a.example/\u001f",
  "http://a.example/b\tc\nd\re",
  "ht\ttp://a.example/",
  "h\nttps://a.example/",
  // percent-encoding of path, query and fragment; existing escapes stay, even invalid ones
  "http://a.example/ /%zz/\u00e9/\ud800/😀?q=\u00e9 '\"<>`{}#f \"<>`{}'",
  "http://a.example/p?x=%2F&y=\u0001#%",
  // dot segments, also encoded and after backslashes
  "http://a.example/./b/../../c/%2e/%2E%2e/d/.%2E",
  "http://a.example/..",
  "http://a.example/.",
  "http://a.example/b/..\\c",
  "http://a.example/b/c/..",
  // empty and missing parts
  "http://a.example?x",
  "http://a.example#x",
  "http://a.example/?",
  "http://a.example/#",
  "http://a.example/?#",
  "http://a.example/#?x",
  "HtTp://A.EXAMPLE:00080/X",
  // not http(s), or not a URL at all
  "ftp://a.example/",
  "javascript:alert(1)",
  "file:///etc/passwd",
  "mailto:x@y.example",
  "api.example/v1",
  "http:",
  "http:/",
  "http://",
  "http://user@/x",
  "",
];

// Internationalised names need IDNA (Unicode mapping, punycode checks), which the core does not implement:
// it refuses them, so no host is ever guessed.
const REFUSED_ON_PURPOSE = ["http://ex\u00e4mple.example/", "http://a%C3%A4.example/", "http://xn--nxasmq6b/"];

describe("parseHttpUrl", () => {
  it.each(ABSOLUTE)("reads %j as a browser does", (text) => {
    expect(parseHttpUrl(text)).toEqual(whatwg(text));
  });

  it.each(REFUSED_ON_PURPOSE)("refuses the internationalised host in %j", (text) => {
    expect(whatwg(text)).toBeDefined();
    expect(parseHttpUrl(text)).toBeUndefined();
  });

  it("hands on an href that a browser reads as the same origin, whatever the input", () => {
    for (const text of [...ABSOLUTE, ...REFUSED_ON_PURPOSE]) {
      const parsed = parseHttpUrl(text);
      if (parsed !== undefined) expect(new URL(parsed.href).origin).toBe(parsed.origin);
    }
  });

  it("treats default ports and host case as the same origin, and another scheme or port as another", () => {
    const origin = (text: string) => parseHttpUrl(text)?.origin;
    expect(origin("https://API.example:443/a")).toBe(origin("https://api.example/b"));
    expect(origin("http://api.example/")).not.toBe(origin("https://api.example/"));
    expect(origin("https://api.example:8443/")).not.toBe(origin("https://api.example/"));
    expect(origin("http://0x7f.1/")).toBe(origin("http://127.0.0.1:80/"));
  });

  it("gives the same frozen answer for the same text, however many others were parsed in between", () => {
    const first = parseHttpUrl("https://API.example/a");
    for (let i = 0; i < 200; i++) parseHttpUrl(`https://api.example/${i}`);
    expect(parseHttpUrl("https://API.example/a")).toEqual(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(parseHttpUrl("ftp://x/")).toBeUndefined();
    expect(parseHttpUrl("ftp://x/")).toBeUndefined();
  });

  it("finds the backslash trick's real host, so a key meant for the API is not sent there", () => {
    expect(parseHttpUrl("http://evil.example\\@api.example/x")).toMatchObject({
      origin: "http://evil.example",
      href: "http://evil.example/@api.example/x",
    });
  });
});

describe("urlScheme and hostOf", () => {
  it("name the scheme and host for messages", () => {
    expect(urlScheme("FTP://host/x")).toBe("ftp:");
    expect(urlScheme(" \tHTTP://host/x")).toBe("http:");
    expect(urlScheme("no scheme here")).toBeUndefined();
    expect(hostOf("https://CDN.example:8443/x")).toBe("cdn.example:8443");
    expect(hostOf("not a url")).toBe("the server");
  });
});

describe("resolveHttpUrl", () => {
  const BASE = "https://api.example/v1/tasks/42?token=1#top";
  it.each([
    "https://cdn.example/img/1.png?sig=abc",
    "//cdn.example/img.png",
    "\\\\cdn.example\\img.png",
    "/\\cdn.example/x",
    "\t//evil.example/",
    "\\x",
    "/v2/status?id=1",
    "status",
    "./status/../result",
    "..\\..\\z",
    "../../../../up",
    "../",
    ".",
    "?page=2",
    "?",
    "?a#b",
    "#section",
    "#a?b",
    "",
    "  /x  ",
    "https:foo",
    "https:/foo",
    "https:\\\\foo/x",
    "http:foo",
    "HTTP://Other.Example:80/x",
    "https://user@other.example/",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "http://[bad",
  ])("agrees with URL on %j", (location) => {
    expect(resolveHttpUrl(location, BASE)).toEqual(whatwg(location, BASE));
  });

  it("needs an http(s) base for a relative location", () => {
    expect(resolveHttpUrl("/x", "not a url")).toBeUndefined();
  });
});
