import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { GIF_4X3, JPEG_5X4, PNG_3X2 } from "../../test/images.js";
import { placeholderJpeg, richJpeg } from "../../test/metadata.js";
import { makePng } from "../../test/png.js";
import type { ImageCodec } from "../image/image-codec.js";
import { readImageInfo } from "../image/image-format.js";
import { metadataKinds, readImageMetadata } from "../image/metadata-transfer.js";
import { prepareInput } from "./prepare-input.js";
import type { ProviderCapabilities } from "./provider.js";

/** A Motion Photo: a phone's metadata (Orientation 6, GPS, serial…) and 20 KB of video after the image. */
const MOTION_PHOTO = richJpeg(JPEG_5X4, new Uint8Array(20_000).fill(7));

function provider(capabilities: Partial<ProviderCapabilities> = {}, id = "ideogram") {
  return {
    id,
    capabilities: {
      scales: [2],
      nominalScale: 2,
      maxInFlight: 1,
      inputTypes: ["image/png", "image/jpeg", "image/webp"] as const,
      charges: true,
      ...capabilities,
    },
  };
}

/** A codec that turns a JPEG upright (a 4×5 placeholder) and converts anything to a 4×3 PNG, recording calls. */
function recordingCodec() {
  const calls: string[] = [];
  const codec: ImageCodec = {
    transform: async (_bytes, target) => {
      calls.push(`transform ${target.mimeType}`);
      return makePng({ width: 4, height: 3 });
    },
    upright: async () => {
      calls.push("upright");
      return placeholderJpeg(4, 5);
    },
  };
  return { codec, calls };
}

describe("prepareInput", () => {
  it("gives a provider that keeps metadata itself the file as it is, checked against all its limits", async () => {
    const local = provider({ keepsInputMetadata: true, maxInputBytes: 30_000 }, "local");
    const prepared = await prepareInput(MOTION_PHOTO, local, recordingCodec());
    expect(prepared).toEqual({ upload: MOTION_PHOTO, orientation: 1, notes: [] });
    expect(prepared.upload).toBe(MOTION_PHOTO);
    const error = await failure(
      prepareInput(MOTION_PHOTO, { ...local, capabilities: { ...local.capabilities, maxInputBytes: 10_000 } }),
    );
    expect(error).toMatchObject({ code: "IMAGE_TOO_LARGE", message: expect.stringContaining("this computer takes") });
  });

  it("sends a vendor upright pixels without personal metadata or the video, and says what it left out", async () => {
    const { codec, calls } = recordingCodec();
    const prepared = await prepareInput(MOTION_PHOTO, provider(), { codec });
    expect(calls).toEqual(["upright"]);
    expect(readImageInfo(prepared.upload)).toEqual({ mimeType: "image/jpeg", width: 4, height: 5 });
    expect(metadataKinds(readImageMetadata(prepared.upload))).toEqual([]);
    expect(prepared).toMatchObject({ restoreFrom: MOTION_PHOTO, orientation: 1 });
    expect(prepared.notes).toEqual([
      "Not sent to Ideogram: EXIF (camera, settings, dates), GPS position, camera or lens serial number, names " +
        "(artist, owner, copyright), camera maker notes, XMP, IPTC (creator, rights, credit, caption), comments " +
        "and data stored after the image (such as a Motion Photo's video).",
    ]);
  });

  it("sends the metadata when the user opts in (never the data after the image)", async () => {
    const prepared = await prepareInput(MOTION_PHOTO, provider(), { sendMetadata: true });
    expect(metadataKinds(readImageMetadata(prepared.upload))).toContain("gps");
    expect(prepared.notes[0]).toBe(
      "Not sent to Ideogram: data stored after the image (such as a Motion Photo's video).",
    );
  });

  it("applies the byte limit to the upload: a photo over it only by its video is sent", async () => {
    const prepared = await prepareInput(MOTION_PHOTO, provider({ maxInputBytes: 10_000 }));
    expect(prepared.upload.length).toBeLessThan(10_000);
    const error = await failure(prepareInput(MOTION_PHOTO, provider({ maxInputBytes: 100 })));
    expect(error).toMatchObject({
      name: "InputError",
      code: "IMAGE_TOO_LARGE",
      message: expect.stringContaining("; Ideogram takes at most 0.1 MB"),
    });
  });

  it("refuses an image over the pixel limit before the codec decodes anything", async () => {
    const { codec, calls } = recordingCodec();
    const error = await failure(prepareInput(MOTION_PHOTO, provider({ maxInputPixels: 19 }), { codec }));
    expect(error).toMatchObject({
      code: "IMAGE_TOO_LARGE",
      message: expect.stringContaining("Ideogram takes at most"),
    });
    expect(calls).toEqual([]);
  });

  it("converts a type the vendor does not take through the codec, and says so", async () => {
    const { codec, calls } = recordingCodec();
    const prepared = await prepareInput(GIF_4X3, provider(), { codec });
    expect(calls).toEqual(["transform image/png"]);
    expect(readImageInfo(prepared.upload)).toEqual({ mimeType: "image/png", width: 4, height: 3 });
    expect(prepared.restoreFrom).toBe(prepared.upload);
    expect(prepared.notes).toEqual(["Sent to Ideogram as PNG: it does not take GIF."]);
  });

  it("without a codec, refuses such a type naming the vendor and what to convert it to", async () => {
    const error = await failure(prepareInput(GIF_4X3, provider()));
    expect(error).toMatchObject({
      code: "UNSUPPORTED_IMAGE",
      message: "Ideogram takes PNG, JPEG or WebP images, not GIF. Convert it to PNG and try again.",
    });
  });

  it("sends an image with nothing to leave out as it is", async () => {
    const prepared = await prepareInput(PNG_3X2, provider(), recordingCodec());
    expect(prepared).toEqual({ upload: PNG_3X2, restoreFrom: PNG_3X2, orientation: 1, notes: [] });
  });
});
