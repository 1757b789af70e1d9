import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { GIF_4X3, JPEG_5X4 } from "../../test/images.js";
import { iccProfile, placeholderJpeg, richJpeg } from "../../test/metadata.js";
import { readExif } from "./exif.js";
import type { ImageCodec } from "./image-codec.js";
import { readImageInfo } from "./image-format.js";
import { metadataKinds, readImageMetadata } from "./metadata-transfer.js";
import { prepareUpload } from "./prepare-upload.js";

const TRAILER = new Uint8Array(Buffer.from("\0\0\0\x18ftypmp42 …video…"));
const PHONE_PHOTO = richJpeg(JPEG_5X4, TRAILER);

/** A codec whose upright image is a 4×5 JPEG (the 5×4 input turned a quarter), recording its calls. */
function turningCodec(output = placeholderJpeg(4, 5)) {
  const calls: Uint8Array[] = [];
  const codec: ImageCodec = {
    transform: async () => {
      throw new Error("not used");
    },
    upright: async (bytes) => {
      calls.push(bytes);
      return output;
    },
  };
  return { codec, calls };
}

describe("prepareUpload", () => {
  it("sends an image with nothing to remove as it is, without a codec", async () => {
    const prepared = await prepareUpload(JPEG_5X4, undefined);
    expect(prepared).toEqual({ bytes: JPEG_5X4, removed: [], orientation: 1, notes: [] });
    expect(prepared.bytes).toBe(JPEG_5X4);
  });

  it("sends upright pixels with only the colour profile and density, and says what it left out", async () => {
    const { codec, calls } = turningCodec();
    const prepared = await prepareUpload(PHONE_PHOTO, codec);
    expect(calls).toEqual([PHONE_PHOTO]);
    expect(prepared.orientation).toBe(1);
    expect(prepared.removed).toEqual([
      "exif",
      "gps",
      "serial-number",
      "names",
      "maker-notes",
      "xmp",
      "iptc",
      "comment",
      "trailer",
    ]);
    expect(readImageInfo(prepared.bytes)).toEqual({ mimeType: "image/jpeg", width: 4, height: 5 });
    const sent = readImageMetadata(prepared.bytes);
    expect(metadataKinds(sent)).toEqual([]);
    expect(sent).toMatchObject({ icc: iccProfile(), density: { x: 300, y: 300 }, trailer: 0 });
    expect(Buffer.from(prepared.bytes).includes(Buffer.from("SN-123456"))).toBe(false);
  });

  it("sends the metadata too when asked, upright, but never the data after the image", async () => {
    const prepared = await prepareUpload(PHONE_PHOTO, turningCodec().codec, { sendMetadata: true });
    expect(prepared.removed).toEqual(["trailer"]);
    const sent = readImageMetadata(prepared.bytes);
    expect(readExif(sent.exif as Uint8Array)).toMatchObject({ orientation: 1, gps: true, serialNumber: true });
    expect(sent.trailer).toBe(0);
  });

  it("without a codec that can turn pixels, sends them as stored and hands the orientation on", async () => {
    const prepared = await prepareUpload(PHONE_PHOTO, undefined);
    expect(prepared.orientation).toBe(6);
    expect(prepared.notes).toEqual([expect.stringContaining("sent as stored")]);
    expect(readImageInfo(prepared.bytes)).toEqual(readImageInfo(JPEG_5X4));
    // No orientation tag goes up: what the vendor sees is what it sends back.
    expect(readImageMetadata(prepared.bytes).exif).toBeUndefined();
  });

  it("refuses a codec's answer that is not the upright image", async () => {
    const error = await failure(prepareUpload(PHONE_PHOTO, turningCodec(placeholderJpeg(5, 4)).codec));
    expect(error).toMatchObject({
      code: "BAD_RESPONSE",
      message: "The image codec did not return the upright image (it returned a JPEG of 5×4).",
    });
    const nothing = await failure(prepareUpload(PHONE_PHOTO, turningCodec(new Uint8Array(3)).codec));
    expect(nothing.message).toContain("it returned no image");
  });

  it("leaves types it does not rewrite alone (they are converted before upload)", async () => {
    expect((await prepareUpload(GIF_4X3, undefined)).bytes).toBe(GIF_4X3);
  });
});
