import { describe, expect, it } from "vitest";
import { JPEG_5X4 } from "../../test/images.js";
import { richJpeg } from "../../test/metadata.js";
import { makePng } from "../../test/png.js";
import type { ImageCodec } from "../image/image-codec.js";
import { metadataKinds, readImageMetadata } from "../image/metadata-transfer.js";
import { restoreResult } from "./restore-result.js";

const PHOTO = richJpeg(JPEG_5X4);
const RESULT = { bytes: makePng({ width: 10, height: 8 }), mimeType: "image/png" as const, width: 10, height: 8 };
const LOGO = makePng({ colourType: 6, width: 5, height: 4 });

describe("restoreResult", () => {
  it("leaves the result of a provider that keeps metadata itself as it is", async () => {
    const restored = await restoreResult(RESULT, { upload: PHOTO, orientation: 1, notes: [] }, {});
    expect(restored).toEqual({ bytes: RESULT.bytes, notes: [] });
    expect(restored.bytes).toBe(RESULT.bytes);
  });

  it("gives a vendor's result the input's metadata, with the orientation its pixels still need", async () => {
    const prepared = { upload: JPEG_5X4, restoreFrom: PHOTO, orientation: 6, notes: [] };
    const restored = await restoreResult(RESULT, prepared, {});
    expect(metadataKinds(readImageMetadata(restored.bytes))).toContain("gps");
    const stripped = await restoreResult(RESULT, prepared, { metadata: "strip" });
    expect(metadataKinds(readImageMetadata(stripped.bytes))).toEqual(["exif"]); // the orientation alone
    expect(stripped.notes).toContainEqual(
      expect.stringMatching(/^Left out of the result, as asked \(metadata: strip\): EXIF/),
    );
  });

  it("keeps a result it cannot restore as it came, saying why (it may have been paid for)", async () => {
    const codec: ImageCodec = {
      transform: async (bytes) => bytes,
      transparency: async () => {
        throw new Error("out of memory.");
      },
      withAlpha: async (image) => image,
    };
    const prepared = { upload: LOGO, restoreFrom: LOGO, orientation: 1, notes: [] };
    const restored = await restoreResult(RESULT, prepared, { codec });
    expect(restored).toEqual({
      bytes: RESULT.bytes,
      notes: ["Kept as the upscaler returned it: its metadata and transparency were not put back (out of memory)."],
    });
  });
});
