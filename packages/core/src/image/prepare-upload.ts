import { UpscaleError } from "../outcome/errors.js";
import type { ImageCodec } from "./image-codec.js";
import { IMAGE_TYPE_NAMES, readImageInfo, sniffImageType } from "./image-format.js";
import type { MetadataKind } from "./image-metadata.js";
import {
  metadataForResult,
  metadataKinds,
  orientationOf,
  readImageMetadata,
  withoutKinds,
  writeImageMetadata,
} from "./metadata-transfer.js";

export interface PrepareUploadOptions {
  /** Send EXIF, XMP, IPTC and comments too (the user opted in). By default only the colour profile and density go. */
  sendMetadata?: boolean;
}

export interface PreparedUpload {
  /** What to send. The input's own bytes when there was nothing to change. */
  bytes: Uint8Array;
  /** What was left out, for the app to say ({@link describeMetadata} words it). */
  removed: MetadataKind[];
  /**
   * The EXIF orientation the uploaded pixels still need: 1 once they are upright. Give it to `restoreFromInput`,
   * which writes it into the result when it is not 1.
   */
  orientation: number;
  /** What the user should know about the upload. */
  notes: string[];
}

/**
 * The bytes to send a vendor: only the pixels people see, and only what is needed. EXIF orientation is applied to
 * the pixels (a vendor that ignores the tag would otherwise send back a sideways photo) when the codec can; the
 * metadata other than the colour profile and density — GPS position, serial numbers, names, XMP, IPTC, comments —
 * is left out unless `sendMetadata`; data stored after the image (a Motion Photo's video, a gain map) never goes.
 * Nothing is re-encoded unless the orientation needs applying.
 */
export async function prepareUpload(
  bytes: Uint8Array,
  codec: ImageCodec | undefined,
  options: PrepareUploadOptions = {},
): Promise<PreparedUpload> {
  const type = sniffImageType(bytes);
  if (type === undefined) return { bytes, removed: [], orientation: 1, notes: [] };
  const metadata = readImageMetadata(bytes);
  const present = metadataKinds(metadata);
  const stored = orientationOf(metadata);
  const notes: string[] = [];
  if (stored === 1 && present.length === 0) return { bytes, removed: [], orientation: 1, notes };

  let pixels = bytes;
  let orientation = stored;
  if (stored !== 1 && codec?.upright !== undefined) {
    pixels = checkUpright(await codec.upright(bytes), bytes, stored);
    orientation = 1;
  } else if (stored !== 1) {
    notes.push(
      "The image was sent as stored, without its orientation tag (this platform cannot turn the pixels); the " +
        "result gets the tag back so it shows the right way up.",
    );
  }
  const info = readImageInfo(pixels);
  const keep = options.sendMetadata === true;
  // The upload's own orientation is always 1: what a vendor sees must be what it returns.
  const sent = metadataForResult(metadata, {
    orientation: 1,
    width: info?.width ?? 0,
    height: info?.height ?? 0,
    keep,
  });
  const written = writeImageMetadata(pixels, sent);
  const sentKinds = keep ? withoutKinds(present, ["trailer", ...written.notCarried]) : [];
  const removed = present.filter((kind) => !sentKinds.includes(kind));
  return { bytes: written.bytes, removed, orientation, notes };
}

/** The codec's upright image, checked: the same type, its sides swapped for a quarter turn. */
function checkUpright(output: Uint8Array, input: Uint8Array, orientation: number): Uint8Array {
  const before = readImageInfo(input);
  const after = readImageInfo(output);
  const quarterTurn = orientation >= 5;
  const expected =
    before &&
    (quarterTurn ? { width: before.height, height: before.width } : { width: before.width, height: before.height });
  if (
    before === undefined ||
    after === undefined ||
    after.mimeType !== before.mimeType ||
    after.width !== expected?.width ||
    after.height !== expected.height
  ) {
    const got =
      after === undefined ? "no image" : `a ${IMAGE_TYPE_NAMES[after.mimeType]} of ${after.width}×${after.height}`;
    throw new UpscaleError("BAD_RESPONSE", `The image codec did not return the upright image (it returned ${got}).`);
  }
  return output;
}
