import { describe, expect, it } from "vitest";
import { createRedactor, REDACTED, redactSecrets } from "./redact-secrets.js";

describe("redactSecrets", () => {
  const key = 'sk-a1b2/c3+d4="e5"';

  it("replaces every occurrence", () => {
    expect(redactSecrets(`${key} and again ${key}`, [key])).toBe(`${REDACTED} and again ${REDACTED}`);
  });

  it("replaces the percent-encoded form a URL would carry", () => {
    expect(redactSecrets(`GET /x?key=${encodeURIComponent(key)}`, [key])).toBe(`GET /x?key=${REDACTED}`);
  });

  it("replaces the JSON-escaped form a serialised body would carry", () => {
    const json = JSON.stringify({ key });
    expect(redactSecrets(json, [key])).toBe(`{"key":"${REDACTED}"}`);
  });

  it("handles several secrets and ignores empty ones", () => {
    expect(redactSecrets("one two three", ["one", "", "three"])).toBe(`${REDACTED} two ${REDACTED}`);
  });

  it("replaces a longer secret whole even when a shorter one is part of it", () => {
    expect(redactSecrets("abcdef", ["abc", "abcdef"])).toBe(REDACTED);
  });

  it("leaves text without secrets unchanged", () => {
    const redact = createRedactor([key]);
    expect(redact("nothing to hide")).toBe("nothing to hide");
  });
});
