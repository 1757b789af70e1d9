import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { JPEG_5X4, WEBP_6X5 } from "../../test/images.js";
import { IPTC, jpegWith, placeholderJpeg, richJpeg, segment } from "../../test/metadata.js";
import { makePng } from "../../test/png.js";
import { readExif } from "./exif.js";
import type { ImageCodec } from "./image-codec.js";
import { readImageMetadata } from "./metadata-transfer.js";
import { restoreFromInput } from "./restore-from-input.js";

const PHONE_PHOTO = richJpeg(JPEG_5X4, new Uint8Array(Buffer.from("…video…")));
const RESULT_PNG = makePng({ width: 10, height: 8 });
const LOGO = makePng({ colourType: 6, width: 5, height: 4 });

/** A codec measuring transparency from a table, and answering `withAlpha` with `restored`. */
function alphaCodec(transparency: Map<Uint8Array, number>, restored: Uint8Array) {
  const calls: string[] = [];
  const codec: ImageCodec = {
    transform: async () => {
      throw new Error("not used");
    },
    transparency: async (bytes) => {
      calls.push("transparency");
      return transparency.get(bytes) ?? 0;
    },
    withAlpha: async (image, alphaFrom) => {
      calls.push(`withAlpha ${image === RESULT_PNG} ${alphaFrom === LOGO}`);
      return restored;
    },
  };
  return { codec, calls };
}

describe("restoreFromInput: metadata", () => {
  it("gives a result the input's EXIF (upright, its size), XMP, IPTC, comments and density", async () => {
    const restored = await restoreFromInput(PHONE_PHOTO, RESULT_PNG);
    expect(restored).toMatchObject({ mimeType: "image/png", width: 10, height: 8 });
    expect(restored.kept).toEqual(["exif", "gps", "serial-number", "names", "maker-notes", "xmp", "iptc", "comment"]);
    expect(restored.dropped).toEqual(["trailer"]);
    expect(restored.notes).toEqual(["The input is a Motion Photo; the result keeps the photo, not its video."]);
    const metadata = readImageMetadata(restored.bytes);
    expect(readExif(metadata.exif as Uint8Array)).toMatchObject({ orientation: 1, gps: true });
    expect(metadata).toMatchObject({ iptc: IPTC });
    expect(metadata.density?.x).toBeCloseTo(300, 1);
  });

  it("writes the orientation the result's pixels still need, when the upload was not turned", async () => {
    const restored = await restoreFromInput(PHONE_PHOTO, RESULT_PNG, undefined, { orientation: 6, metadata: "strip" });
    expect(readExif(readImageMetadata(restored.bytes).exif as Uint8Array)).toMatchObject({
      orientation: 6,
      gps: false,
    });
  });

  it("strips on request, and says what", async () => {
    const restored = await restoreFromInput(PHONE_PHOTO, RESULT_PNG, undefined, { metadata: "strip" });
    expect(restored.kept).toEqual([]);
    expect(restored.dropped).toContain("gps");
    expect(restored.dropped).toContain("iptc");
    expect(readImageMetadata(restored.bytes).exif).toBeUndefined();
  });

  it("says what a WebP result has no place for", async () => {
    const restored = await restoreFromInput(PHONE_PHOTO, WEBP_6X5);
    expect(restored.dropped).toEqual(["iptc", "comment", "trailer"]);
    expect(restored.notes).toContain(
      "IPTC (creator, rights, credit, caption) and comments from the input could not be kept in the WebP result.",
    );
  });

  it("says an HDR photo's result is SDR only when the result has no gain map", async () => {
    const hdr = jpegWith(JPEG_5X4, [segment(0xe2, "urn:iso:std:iso:ts:21496:-1\0", [0, 0])]);
    const restored = await restoreFromInput(hdr, placeholderJpeg(10, 8));
    expect(restored.notes).toEqual(["The input is an HDR photo (it has a gain map); the result is SDR only."]);
  });

  it("refuses a result that is not a complete image", async () => {
    const error = await failure(restoreFromInput(PHONE_PHOTO, RESULT_PNG.subarray(0, 40)));
    expect(error).toMatchObject({ code: "BAD_RESPONSE" });
  });
});

describe("restoreFromInput: transparency", () => {
  const restoredPng = makePng({ colourType: 6, width: 10, height: 8 });

  it("puts the input's alpha back when the result came back opaque, and says so", async () => {
    const { codec, calls } = alphaCodec(new Map([[LOGO, 0.4]]), restoredPng);
    const restored = await restoreFromInput(LOGO, RESULT_PNG, codec);
    expect(calls).toEqual(["transparency", "transparency", "withAlpha true true"]);
    expect(restored.notes).toEqual([
      "The upscaler returned the image without its transparency; the input's transparency was put back.",
    ]);
    expect(readImageMetadata(restored.bytes)).toBeDefined();
    expect(restored).toMatchObject({ mimeType: "image/png", width: 10, height: 8 });
  });

  it("puts it back when the result has clearly less, and leaves a result with as much alone", async () => {
    const less = alphaCodec(
      new Map([
        [LOGO, 0.4],
        [RESULT_PNG, 0.1],
      ]),
      restoredPng,
    );
    expect((await restoreFromInput(LOGO, RESULT_PNG, less.codec)).notes[0]).toContain("with less transparency");
    const same = alphaCodec(
      new Map([
        [LOGO, 0.4],
        [RESULT_PNG, 0.39],
      ]),
      restoredPng,
    );
    const kept = await restoreFromInput(LOGO, RESULT_PNG, same.codec);
    expect(same.calls).toEqual(["transparency", "transparency"]);
    expect(kept.notes).toEqual([]);
  });

  it("does nothing for an input with an alpha channel but no transparent pixel", async () => {
    const { codec, calls } = alphaCodec(new Map(), restoredPng);
    expect((await restoreFromInput(LOGO, RESULT_PNG, codec)).notes).toEqual([]);
    expect(calls).toEqual(["transparency"]);
  });

  it("says a JPEG result cannot be transparent", async () => {
    const { codec } = alphaCodec(new Map([[LOGO, 0.4]]), restoredPng);
    const restored = await restoreFromInput(LOGO, placeholderJpeg(10, 8), codec);
    expect(restored.notes).toEqual([
      "The input is transparent, and a JPEG result cannot be: choose PNG or WebP output to keep it.",
    ]);
  });

  it("says so when the platform cannot put transparency back", async () => {
    const restored = await restoreFromInput(LOGO, RESULT_PNG);
    expect(restored.notes).toEqual([
      "The input may be transparent but the result is not, and this platform cannot put transparency back.",
    ]);
    expect((await restoreFromInput(LOGO, restoredPng)).notes).toEqual([]);
  });

  it("refuses a codec's answer of another size", async () => {
    const { codec } = alphaCodec(new Map([[LOGO, 0.4]]), makePng({ colourType: 6, width: 9, height: 8 }));
    const error = await failure(restoreFromInput(LOGO, RESULT_PNG, codec));
    expect(error).toMatchObject({ code: "BAD_RESPONSE" });
  });
});
