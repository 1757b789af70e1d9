import { describe, expect, it } from "vitest";
import { inflate } from "../../test/png.js";
import { zlibStored } from "./zlib-stored.js";

describe("zlibStored", () => {
  it.each([0, 1, 65_535, 65_536, 200_000])("writes %i bytes as a stream zlib reads back", (length) => {
    const data = Uint8Array.from({ length }, (_, i) => (i * 7) % 251);
    expect(inflate(zlibStored(data))).toEqual(data);
  });
});
