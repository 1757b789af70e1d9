import { describe, expect, it } from "vitest";
import { withApngControl } from "../../test/apng.js";
import { failure } from "../../test/failure.js";
import { ANIMATED_GIF_4X3, ANIMATED_WEBP_4X3, GIF_4X3, JPEG_5X4, PNG_3X2, WEBP_6X5 } from "../../test/images.js";
import type { ProviderCapabilities } from "../jobs/provider.js";
import { checkScale, checkUpscaleInput } from "./check-upscale-input.js";

const ALL: ProviderCapabilities = {
  scales: [2, 3, 4],
  nominalScale: 2,
  maxInFlight: 2,
  inputTypes: ["image/png", "image/jpeg", "image/webp"],
  charges: false,
};

function refusal(bytes: Uint8Array, capabilities: ProviderCapabilities = ALL) {
  return failure(Promise.resolve().then(() => checkUpscaleInput(bytes, capabilities)));
}

describe("checkUpscaleInput", () => {
  it("returns the type and size of an image the provider takes", () => {
    expect(checkUpscaleInput(PNG_3X2, ALL)).toEqual({ mimeType: "image/png", width: 3, height: 2 });
    expect(checkUpscaleInput(JPEG_5X4, ALL)).toEqual({ mimeType: "image/jpeg", width: 5, height: 4 });
    expect(checkUpscaleInput(WEBP_6X5, ALL)).toEqual({ mimeType: "image/webp", width: 6, height: 5 });
  });

  it("refuses what is not an image", async () => {
    expect(await refusal(new TextEncoder().encode("hello"))).toMatchObject({
      name: "InputError",
      code: "UNSUPPORTED_IMAGE",
      message: "This file is not a PNG, JPEG or WebP image. Convert it to PNG and try again.",
    });
  });

  it("refuses animated GIF, WebP and PNG instead of returning one frame", async () => {
    for (const [bytes, name] of [
      [ANIMATED_GIF_4X3, "GIF"],
      [ANIMATED_WEBP_4X3, "WebP"],
      [withApngControl(PNG_3X2, 3), "PNG"],
    ] as const) {
      const error = await refusal(bytes);
      expect(error.code).toBe("UNSUPPORTED_IMAGE");
      expect(error.message).toBe(
        `This ${name} is animated: upscaling it would keep only its first frame. Save the frame you want as a PNG and upscale that.`,
      );
    }
  });

  it("refuses a still GIF, and any type the provider does not take, naming what it takes", async () => {
    expect((await refusal(GIF_4X3)).message).toBe(
      "This provider takes PNG, JPEG or WebP images, not GIF. Convert it to PNG and try again.",
    );
    const pngOnly = { ...ALL, inputTypes: ["image/png"] as const };
    expect((await refusal(JPEG_5X4, pngOnly)).message).toBe(
      "This provider takes PNG images, not JPEG. Convert it to PNG and try again.",
    );
    expect((await refusal(PNG_3X2, { ...ALL, inputTypes: [] })).message).toContain("takes no images");
  });

  it("refuses a truncated image and one whose header is unreadable", async () => {
    const cut = await refusal(PNG_3X2.subarray(0, PNG_3X2.length - 5));
    expect(cut).toMatchObject({ code: "UNSUPPORTED_IMAGE" });
    expect(cut.message).toBe(
      "This PNG image is cut short or damaged (it stops before its end). Export or download it again.",
    );
    const headerOnly = await refusal(PNG_3X2.subarray(0, 10));
    expect(headerOnly.message).toContain("its header cannot be read");
    const cutJpeg = await refusal(JPEG_5X4.subarray(0, JPEG_5X4.length - 40));
    expect(cutJpeg.message).toContain("This JPEG image is cut short");
  });

  it("refuses an image over the provider's byte or pixel limit", async () => {
    const bytes = await refusal(PNG_3X2, { ...ALL, maxInputBytes: 50 });
    expect(bytes).toMatchObject({ code: "IMAGE_TOO_LARGE" });
    expect(bytes.message).toMatch(/^The image is 0\.1 MB; this provider takes at most 0\.1 MB\./);
    const pixels = await refusal(JPEG_5X4, { ...ALL, maxInputPixels: 19 });
    expect(pixels.message).toBe(
      "The image is 5×4 (0 MP); this provider takes at most 0 MP. Scale it down and try again.",
    );
    expect(checkUpscaleInput(JPEG_5X4, { ...ALL, maxInputPixels: 20, maxInputBytes: JPEG_5X4.length })).toMatchObject({
      width: 5,
    });
  });
});

describe("checkScale", () => {
  it("lets through the provider's scales and no scale at all", () => {
    expect(() => checkScale("local", ALL, 3)).not.toThrow();
    expect(() => checkScale("local", ALL, undefined)).not.toThrow();
  });

  it("refuses any other scale instead of ignoring it", () => {
    expect(() => checkScale("ideogram", { ...ALL, scales: [2] }, 4)).toThrow(
      expect.objectContaining({
        code: "INVALID_REQUEST",
        message: "The ideogram provider upscales by 2× only (asked for 4×). Pick one of those, or another provider.",
      }),
    );
  });
});
