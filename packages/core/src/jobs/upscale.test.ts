import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import {
  ANIMATED_GIF_4X3,
  ANIMATED_WEBP_4X3,
  fixture,
  GIF_4X3,
  JPEG_5X4,
  PNG_3X2,
  WEBP_6X5,
} from "../../test/images.js";
import { richJpeg } from "../../test/metadata.js";
import { readExif } from "../image/exif.js";
import { readImageInfo } from "../image/image-format.js";
import { metadataKinds, readImageMetadata } from "../image/metadata-transfer.js";
import type {
  ProviderCapabilities,
  UpscaleCallOptions,
  UpscaleProgress,
  UpscaleProvider,
  UpscaleResult,
  UpscaleSource,
} from "./provider.js";
import { upscale } from "./upscale.js";

const PHONE_PHOTO = richJpeg(JPEG_5X4, new Uint8Array(Buffer.from("\0\0\0\x18ftypmp42 …video…")));

/** A provider that records its calls and returns `result` (by default a WebP with misleading claims). */
function recordingProvider(
  result: Partial<UpscaleResult> = {},
  capabilities: Partial<ProviderCapabilities> = {},
): UpscaleProvider & { calls: Array<{ source: UpscaleSource; options: UpscaleCallOptions }> } {
  const calls: Array<{ source: UpscaleSource; options: UpscaleCallOptions }> = [];
  return {
    id: "test",
    capabilities: {
      scales: [2, 3],
      nominalScale: 2,
      maxInFlight: 1,
      inputTypes: ["image/png", "image/jpeg", "image/webp"],
      maxInputBytes: 500,
      charges: false,
      ...capabilities,
    },
    calls,
    async upscale(source, options) {
      calls.push({ source, options });
      return {
        bytes: WEBP_6X5,
        mimeType: "image/png",
        width: 999,
        height: 999,
        provider: "test",
        meta: {},
        ...result,
      };
    },
  };
}

describe("upscale", () => {
  it("reports the result's true type and size, whatever the provider claimed", async () => {
    const provider = recordingProvider();
    const result = await upscale({ bytes: PNG_3X2 }, { provider });
    expect(result).toMatchObject({ mimeType: "image/webp", width: 6, height: 5, provider: "test" });
    expect(readImageInfo(result.bytes)).toEqual({ mimeType: "image/webp", width: 6, height: 5 });
  });

  it("sends a vendor no personal metadata, and gives the result the input's back, saying what was not sent", async () => {
    const provider = recordingProvider({ bytes: PNG_3X2 }, { maxInputBytes: 5000 });
    const result = await upscale({ bytes: PHONE_PHOTO }, { provider });
    const sent = provider.calls[0]?.source.bytes as Uint8Array;
    expect(metadataKinds(readImageMetadata(sent))).toEqual([]);
    const kept = readImageMetadata(result.bytes);
    expect(metadataKinds(kept)).toEqual([
      "exif",
      "gps",
      "serial-number",
      "names",
      "maker-notes",
      "xmp",
      "iptc",
      "png-text", // the JPEG's comment, as PNG text
    ]);
    // Without a codec to turn the pixels, they went up as stored: the result gets the tag back.
    expect(readExif(kept.exif as Uint8Array)?.orientation).toBe(6);
    expect(result.notes).toEqual([
      expect.stringMatching(/^Not sent to test: EXIF .*GPS position.* and data stored after the image/),
      expect.stringContaining("sent as stored"),
      "The input is a Motion Photo; the result keeps the photo, not its video.",
    ]);
  });

  it("strips the result on request, and sends the metadata when the user opts in", async () => {
    const provider = recordingProvider({ bytes: PNG_3X2 }, { maxInputBytes: 5000 });
    const result = await upscale({ bytes: PHONE_PHOTO }, { provider, sendMetadata: true, metadata: "strip" });
    expect(readExif(readImageMetadata(provider.calls[0]?.source.bytes as Uint8Array).exif as Uint8Array)).toMatchObject(
      { gps: true, serialNumber: true },
    );
    // Only the orientation the pixels still need (they went up as stored: no codec here).
    const kept = readImageMetadata(result.bytes);
    expect(metadataKinds(kept)).toEqual(["exif"]);
    expect(readExif(kept.exif as Uint8Array)).toMatchObject({ orientation: 6, gps: false, serialNumber: false });
    expect(result.notes).toContainEqual(expect.stringMatching(/^Left out of the result, as asked \(metadata: strip\)/));
  });

  it("gives a provider that keeps metadata itself the file as it is, and its result and notes as they are", async () => {
    const notes = ["The input is an HDR photo (it has a gain map); the result is SDR only."];
    const provider = recordingProvider({ notes }, { maxInputBytes: 5000, keepsInputMetadata: true });
    const result = await upscale({ bytes: PHONE_PHOTO }, { provider, metadata: "strip" });
    expect(provider.calls[0]?.source.bytes).toBe(PHONE_PHOTO);
    expect(provider.calls[0]?.options.metadata).toBe("strip");
    expect(result.bytes).toBe(WEBP_6X5);
    expect(result.notes).toEqual(notes);
  });

  it("passes signal, progress callback and scale on to the provider", async () => {
    const provider = recordingProvider();
    const signal = new AbortController().signal;
    const onProgress = () => {};
    await upscale({ bytes: JPEG_5X4 }, { provider, signal, onProgress, scale: 3 });
    expect(provider.calls[0]?.options).toEqual({ signal, onProgress, scale: 3 });
  });

  it("refuses a scale the provider does not offer, before calling it", async () => {
    const provider = recordingProvider();
    const error = await failure(upscale({ bytes: PNG_3X2 }, { provider, scale: 4 }));
    expect(error).toMatchObject({ code: "INVALID_REQUEST", message: expect.stringContaining("by 2×, 3× only") });
    expect(provider.calls).toHaveLength(0);
  });

  it.each([
    ["an animated GIF", ANIMATED_GIF_4X3, "UNSUPPORTED_IMAGE", "is animated"],
    ["an animated WebP", ANIMATED_WEBP_4X3, "UNSUPPORTED_IMAGE", "is animated"],
    ["a still GIF", GIF_4X3, "UNSUPPORTED_IMAGE", "not GIF"],
    ["a truncated PNG", PNG_3X2.subarray(0, PNG_3X2.length - 4), "UNSUPPORTED_IMAGE", "cut short"],
    ["an image over the provider's byte limit", fixture("2x2-exif.jpg"), "IMAGE_TOO_LARGE", "at most"],
  ])("refuses %s before the provider sees it", async (_what, bytes, code, message) => {
    const provider = recordingProvider();
    const error = await failure(upscale({ bytes }, { provider }));
    expect(error).toMatchObject({ name: "InputError", code, message: expect.stringContaining(message) });
    expect(provider.calls).toHaveLength(0);
  });

  it("refuses bytes that are not an image before calling the provider", async () => {
    const provider = recordingProvider();
    const error = await failure(upscale({ bytes: new TextEncoder().encode("GIF89a") }, { provider }));
    expect(error.code).toBe("UNSUPPORTED_IMAGE");
    expect(error.message).toContain("Convert it to PNG");
    expect(provider.calls).toHaveLength(0);
  });

  it("does not start when already cancelled", async () => {
    const provider = recordingProvider();
    const controller = new AbortController();
    controller.abort();
    const error = await failure(upscale({ bytes: PNG_3X2 }, { provider, signal: controller.signal }));
    expect(error.code).toBe("ABORTED");
    expect(provider.calls).toHaveLength(0);
  });

  it("refuses a result that is not an image", async () => {
    const provider = recordingProvider({ bytes: new TextEncoder().encode("{}") });
    const error = await failure(upscale({ bytes: PNG_3X2 }, { provider }));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("test provider");
  });

  it("reports done with the task id from the result's meta", async () => {
    const progress: UpscaleProgress[] = [];
    const provider = recordingProvider({ meta: { taskId: "6558a19c0bfe4600011437cd" } });
    await upscale({ bytes: PNG_3X2 }, { provider, onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([{ stage: "done", percent: 100, taskId: "6558a19c0bfe4600011437cd" }]);
  });

  it("leaves the task id out when the meta has none that is a string", async () => {
    const progress: UpscaleProgress[] = [];
    const provider = recordingProvider({ meta: { taskId: 42 } });
    await upscale({ bytes: PNG_3X2 }, { provider, onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([{ stage: "done", percent: 100, taskId: undefined }]);
  });
});
