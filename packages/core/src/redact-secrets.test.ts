import { describe, expect, it } from "vitest";
import { checkRedactableKey, createRedactor, REDACTED, redactJson, redactSecrets } from "./redact-secrets.js";

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
    expect(redactSecrets("key-one1 two key-three", ["key-one1", "", "key-three"])).toBe(`${REDACTED} two ${REDACTED}`);
  });

  it("replaces a longer secret whole even when a shorter one is part of it", () => {
    expect(redactSecrets("abcdefgh-ijkl", ["abcdefgh", "abcdefgh-ijkl"])).toBe(REDACTED);
  });

  it("never redacts fragments shorter than 8 characters, which would garble ordinary words", () => {
    expect(redactSecrets("look at the loop", ["loo", "look at"])).toBe("look at the loop");
    expect(redactSecrets("look at the loop", ["look at "])).toBe(`${REDACTED}the loop`);
  });

  it("leaves text without secrets unchanged", () => {
    const redact = createRedactor([key]);
    expect(redact("nothing to hide")).toBe("nothing to hide");
  });
});

describe("redactJson", () => {
  const key = "sk-nested-4d5e6f";

  it("redacts every string in a vendor's JSON, keys included, and keeps the rest", () => {
    const value = { message: `bad key ${key}`, details: [key, 3, null, { [key]: true }], ok: false };
    expect(redactJson(value, createRedactor([key]))).toEqual({
      message: `bad key ${REDACTED}`,
      details: [REDACTED, 3, null, { [REDACTED]: true }],
      ok: false,
    });
  });

  it("redacts a plain string and passes other values through", () => {
    const redact = createRedactor([key]);
    expect(redactJson(`echo ${key}`, redact)).toBe(`echo ${REDACTED}`);
    expect(redactJson(null, redact)).toBeNull();
    expect(redactJson(undefined, redact)).toBeUndefined();
  });
});

describe("checkRedactableKey", () => {
  it("refuses a key too short to be redacted, saying which key and what to do", () => {
    expect(() => checkRedactableKey("abc", "GPTunnel", "GPTUNNEL_API_KEY")).toThrow(
      expect.objectContaining({ code: "AUTH", message: expect.stringMatching(/GPTUNNEL_API_KEY.*3 characters.*copy/) }),
    );
  });

  it("accepts a key of 8 characters or more", () => {
    expect(() => checkRedactableKey("12345678", "Ideogram", "IDEOGRAM_API_KEY")).not.toThrow();
  });
});
