import { describe, expect, it } from "vitest";
import { isAllowedByNetworkAccess } from "./network-access.js";

describe("manifest networkAccess matching", () => {
  it.each([
    ["https://api.example.com/v1/x", ["api.example.com"], true],
    ["https://api.example.com/v1/x", ["https://api.example.com"], true],
    ["http://api.example.com/v1/x", ["https://api.example.com"], false],
    ["https://a.b.example.com/", ["*.example.com"], true],
    ["https://example.com/", ["*.example.com"], false],
    ["http://localhost:3000/x", ["http://localhost:3000"], true],
    ["http://localhost:3001/x", ["http://localhost:3000"], false],
    ["http://localhost:3001/x", ["http://localhost"], false],
    ["https://example.com/api/v1", ["https://example.com/api/"], true],
    ["https://example.com/other", ["https://example.com/api/"], false],
    ["https://anything.test/", ["*"], true],
    ["https://anything.test/", ["none"], false],
  ])("%s with %j → %s", (url, allowed, expected) => {
    expect(isAllowedByNetworkAccess(url, allowed)).toBe(expected);
  });
});
