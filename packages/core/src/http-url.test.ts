import { describe, expect, it } from "vitest";
import { hostOf, parseHttpUrl, resolveHttpUrl, urlScheme } from "./http-url.js";

// WHATWG `URL` (Node's) is the oracle: the core cannot use it (Figma has none) but must agree with it.
const ABSOLUTE = [
  "https://api.example/v1",
  "HTTPS://API.Example:443/v1/",
  "http://api.example:80",
  "http://api.example:8080/a/b?x=1#frag",
  "https://user:secret@api.example/path",
  "http://127.0.0.1:3000/task/1",
  "http://[::1]:8080/x",
  "https://api.example/a/./b/../c",
  "https://api.example?query",
  "https://api.example:0443/",
];

describe("parseHttpUrl", () => {
  it.each(ABSOLUTE)("agrees with URL on %j", (text) => {
    const expected = new URL(text);
    const parsed = parseHttpUrl(text);
    expect(parsed).toMatchObject({
      protocol: expected.protocol,
      host: expected.host,
      origin: expected.origin,
      pathname: expected.pathname,
      search: expected.search,
      hash: expected.hash,
    });
    expect(parsed?.href).toBe(expected.href.replace(`${expected.username}:${expected.password}@`, ""));
  });

  it.each([
    "",
    "api.example/v1",
    "ftp://api.example/v1",
    "file:///etc/passwd",
    "https://",
    "https:///path",
    "http://[bad",
    "http://api.example:99999/",
    "http://api.example:8o/",
    "http://bad host/",
    "https:api.example",
  ])("refuses %j", (text) => {
    expect(parseHttpUrl(text)).toBeUndefined();
  });

  it("treats default ports and host case as the same origin, and another scheme or port as another", () => {
    const origin = (text: string) => parseHttpUrl(text)?.origin;
    expect(origin("https://API.example:443/a")).toBe(origin("https://api.example/b"));
    expect(origin("http://api.example/")).not.toBe(origin("https://api.example/"));
    expect(origin("https://api.example:8443/")).not.toBe(origin("https://api.example/"));
  });
});

describe("urlScheme and hostOf", () => {
  it("name the scheme and host for messages", () => {
    expect(urlScheme("FTP://host/x")).toBe("ftp:");
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
    "/v2/status?id=1",
    "status",
    "./status/../result",
    "../../../../up",
    "../",
    ".",
    "?page=2",
    "#section",
    "",
    "HTTP://Other.Example:80/x",
  ])("agrees with URL on %j", (location) => {
    expect(resolveHttpUrl(location, BASE)?.href).toBe(new URL(location, BASE).href);
  });

  it.each(["file:///etc/passwd", "javascript:alert(1)", "http://[bad"])("refuses %j", (location) => {
    expect(resolveHttpUrl(location, BASE)).toBeUndefined();
  });

  it("needs an http(s) base for a relative location", () => {
    expect(resolveHttpUrl("/x", "not a url")).toBeUndefined();
  });
});
