import { readImageInfo } from "@upscale/core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { convertImage } from "./convert-image.js";

describe("convertImage", () => {
  it("re-encodes to the wanted type at the same size", async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: 6, height: 4, channels: 3, background: "#08f" } })
        .png()
        .toBuffer(),
    );
    const webp = await convertImage(png, "image/webp");
    expect(readImageInfo(webp)).toEqual({ mimeType: "image/webp", width: 6, height: 4 });
    expect(readImageInfo(await convertImage(webp, "image/jpeg"))).toEqual({
      mimeType: "image/jpeg",
      width: 6,
      height: 4,
    });
  });

  it("returns the very same bytes when no conversion is needed", async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: 2, height: 2, channels: 3, background: "#000" } })
        .png()
        .toBuffer(),
    );
    expect(await convertImage(png, "image/png")).toBe(png);
  });
});
