import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { zlibStored } from "./zlib-stored.js";

describe("zlibStored", () => {
  it.each([0, 1, 65_535, 65_536, 200_000])("writes %i bytes as a stream zlib reads back", (length) => {
    const data = Uint8Array.from({ length }, (_, i) => (i * 7) % 251);
    expect(new Uint8Array(inflateSync(zlibStored(data)))).toEqual(data);
  });
});
