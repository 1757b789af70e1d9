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

  it("replaces the key echoed in another letter case", () => {
    expect(redactSecrets(`INVALID KEY ${key.toUpperCase()}, ${key.toLowerCase()}`, [key])).toBe(
      `INVALID KEY ${REDACTED}, ${REDACTED}`,
    );
  });

  it.each([
    ["every byte encoded, lower-case hex", [...key].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("")],
    ["only some characters encoded", key.replace("/", "%2F").replace("a", "%61")],
    ["encoded twice", encodeURIComponent(encodeURIComponent(key))],
    ["JSON \\u escapes", key.replace("s", "\\u0073").replace("/", "\\/")],
  ])("replaces the key %s", (_form, echoed) => {
    expect(redactSecrets(`echo: ${echoed}.`, [key])).toBe(`echo: ${REDACTED}.`);
  });

  it("replaces a form-encoded space in a credential that has one", () => {
    expect(redactSecrets("auth=Bearer+sk-0123456789", ["Bearer sk-0123456789"])).toBe(`auth=${REDACTED}`);
  });

  it.each([0, 1, 2, 3, 4])("replaces the key base64- and base64url-encoded after %i other bytes", (before) => {
    const secret = "sk-8f3~>?>?b64url-key";
    const value = `${"u".repeat(before)}${secret}:tail`;
    const base64 = btoa(value);
    for (const encoded of [base64, base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")]) {
      const [head, tail, ...more] = redactSecrets(`Basic ${encoded}`, [secret]).slice(6).split(REDACTED);
      expect(more).toEqual([]);
      // Left around the mark: the other bytes' characters, and at most two that mix them with the secret's.
      expect(head?.length).toBeLessThanOrEqual(Math.floor((before * 4) / 3) + 2);
      expect(tail?.replace(/=+$/, "").length).toBeLessThanOrEqual(Math.ceil((":tail".length * 4) / 3) + 2);
    }
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
  it("refuses a key too short to be redacted, saying which key and, in the app's words, what to do", () => {
    expect(() => checkRedactableKey("abc", "GPTunnel", 'run "Upscale: Set API Key…"')).toThrow(
      expect.objectContaining({
        code: "AUTH",
        message:
          'The GPTunnel API key has only 3 characters, too short to be a real key: copy the whole key again, then run "Upscale: Set API Key…".',
      }),
    );
  });

  it("accepts a key of 8 characters or more", () => {
    expect(() => checkRedactableKey("12345678", "Ideogram", "set IDEOGRAM_API_KEY")).not.toThrow();
  });
});
