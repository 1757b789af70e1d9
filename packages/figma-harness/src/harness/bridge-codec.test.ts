import { describe, expect, it } from "vitest";
import { decodeFromBridge, encodeForBridge } from "./bridge-codec.js";

describe("bridge codec", () => {
  it("round-trips bytes, ArrayBuffers and undefined through JSON", () => {
    const bytes = new Uint8Array(70_000).map((_, index) => index % 251);
    const message = {
      type: "result",
      bytes,
      nested: [{ buffer: new Uint8Array([9]).buffer, missing: undefined }],
      n: 1,
    };
    const back = decodeFromBridge(JSON.parse(JSON.stringify(encodeForBridge(message)))) as typeof message;
    expect(back.bytes).toEqual(bytes);
    expect(new Uint8Array(back.nested[0]?.buffer as ArrayBuffer)).toEqual(new Uint8Array([9]));
    expect("missing" in (back.nested[0] ?? {})).toBe(true);
    expect(back.n).toBe(1);
  });

  it("survives being sent as source text, as the host page receives it", () => {
    const encode = new Function(`return (${encodeForBridge.toString()})`)() as typeof encodeForBridge;
    expect(encode({ b: new Uint8Array([1, 2]) })).toEqual({ b: { __figmaHarness: "Uint8Array", base64: "AQI=" } });
  });
});
