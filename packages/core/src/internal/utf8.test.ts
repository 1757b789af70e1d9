import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeUtf8, encodeUtf8 } from "./utf8.js";

// The platform's own TextEncoder/TextDecoder are the oracle: the fallbacks must agree with them byte for byte.
const nativeEncoder = new TextEncoder();
const nativeDecode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function withoutGlobals(): void {
  vi.stubGlobal("TextEncoder", undefined);
  vi.stubGlobal("TextDecoder", undefined);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const TEXTS = [
  "",
  "plain ASCII",
  "Grüße, ½ × ¼",
  "日本語のテキスト",
  "emoji 🖼️ and 𝄞 (outside the BMP)",
  "lone high \ud800 surrogate",
  "lone low \udc00 surrogate",
  "high at the end \udbff",
  "reversed pair \udc00\ud800",
  "\u0000\u007f\u0080\u07ff\u0800\uffff",
];

const BYTES: Record<string, number[]> = {
  "valid mix": [...nativeEncoder.encode("a€😀")],
  "byte-order mark first": [0xef, 0xbb, 0xbf, 0x7b, 0x7d],
  "stray continuation": [0x61, 0x80, 0x62],
  "overlong slash": [0xc0, 0xaf],
  "overlong three-byte": [0xe0, 0x80, 0xaf],
  "encoded surrogate": [0xed, 0xa0, 0x80],
  "above U+10FFFF": [0xf4, 0x90, 0x80, 0x80],
  "invalid lead F5": [0xf5, 0x80],
  "truncated four-byte at the end": [0xf0, 0x9f, 0x98],
  "truncated three-byte before ASCII": [0xe2, 0x82, 0x41],
  "lead followed by lead": [0xc3, 0xc3, 0xa9],
};

describe("encodeUtf8", () => {
  it.each(TEXTS)("matches TextEncoder without it for %j", (text) => {
    const expected = nativeEncoder.encode(text);
    withoutGlobals();
    expect(encodeUtf8(text)).toEqual(expected);
  });

  it("uses TextEncoder where there is one", () => {
    expect(encodeUtf8("€")).toEqual(Uint8Array.of(0xe2, 0x82, 0xac));
  });
});

describe("decodeUtf8", () => {
  it.each(Object.entries(BYTES))("matches TextDecoder without it for %s", (_, bytes) => {
    const expected = nativeDecode(Uint8Array.from(bytes));
    withoutGlobals();
    expect(decodeUtf8(Uint8Array.from(bytes))).toBe(expected);
  });

  it.each(TEXTS)("round-trips %j without the globals", (text) => {
    const expected = nativeDecode(nativeEncoder.encode(text));
    withoutGlobals();
    expect(decodeUtf8(encodeUtf8(text))).toBe(expected);
  });

  it("decodes megabytes without overflowing the stack", () => {
    const text = "ü".repeat(1_000_000);
    const bytes = nativeEncoder.encode(text);
    withoutGlobals();
    expect(decodeUtf8(bytes)).toBe(text);
  });

  it.each([true, false])(
    "with fatal, throws on invalid bytes and accepts valid ones (globals present: %s)",
    (native) => {
      if (!native) withoutGlobals();
      expect(() => decodeUtf8(Uint8Array.of(0x61, 0xff), { fatal: true })).toThrow(TypeError);
      expect(decodeUtf8(Uint8Array.of(0xc3, 0xa9), { fatal: true })).toBe("é");
    },
  );
});
