import { describe, expect, it } from "vitest";
import { checkUpstreamOrigin, imageHostRefusal, isPrivateHost } from "./upstream-guard.js";

describe("isPrivateHost", () => {
  it.each([
    "localhost",
    "api.localhost",
    "LOCALHOST.",
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "[::1]",
    "[::]",
    "[fd00::1]",
    "[fe80::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[::ffff:a9fe:a9fe]",
    "metadata.google.internal",
    "printer.local",
  ])("%s is private", (host) => {
    expect(isPrivateHost(host)).toBe(true);
  });

  it.each(["gptunnel.ru", "api.ideogram.ai", "8.8.8.8", "172.32.0.1", "[2606:4700::1111]", "[::ffff:808:808]"])(
    "%s is public",
    (host) => {
      expect(isPrivateHost(host)).toBe(false);
    },
  );
});

describe("checkUpstreamOrigin", () => {
  it("takes an origin and nothing more", () => {
    expect(checkUpstreamOrigin("X", "https://gptunnel.ru/", false)).toBe("https://gptunnel.ru");
    for (const bad of ["https://gptunnel.ru/v1", "https://u:p@gptunnel.ru", "https://gptunnel.ru/?a=1"]) {
      expect(() => checkUpstreamOrigin("X", bad, false)).toThrow(/origin only/);
    }
  });
});

describe("imageHostRefusal", () => {
  const url = (text: string) => new URL(text);
  it("refuses logins, other schemes, private names and names that resolve inside", async () => {
    expect(await imageHostRefusal(url("ftp://cdn.example/x"), false, undefined)).toMatch(/http/);
    expect(await imageHostRefusal(url("https://u:p@cdn.example/x"), false, undefined)).toMatch(/login/);
    expect(await imageHostRefusal(url("http://127.0.0.1/x"), false, undefined)).toMatch(/private/);
    const resolve = async (name: string) => (name === "inside.example" ? ["10.0.0.5"] : ["93.184.216.34"]);
    expect(await imageHostRefusal(url("https://inside.example/x"), false, resolve)).toMatch(/resolves to a private/);
    expect(await imageHostRefusal(url("https://cdn.example/x"), false, resolve)).toBeUndefined();
    expect(await imageHostRefusal(url("https://gone.example/x"), false, async () => [])).toMatch(/does not resolve/);
    expect(await imageHostRefusal(url("http://127.0.0.1/x"), true, undefined)).toBeUndefined();
  });
});
