import { checkUpscaleInput } from "../image/check-upscale-input.js";
import { conversionTarget } from "../image/convert-to.js";
import { applyFitPlan, type ImageCodec } from "../image/image-codec.js";
import { IMAGE_TYPE_NAMES, sniffImageFileType } from "../image/image-format.js";
import { describeMetadata } from "../image/metadata-transfer.js";
import { prepareUpload } from "../image/prepare-upload.js";
import type { UpscaleProvider } from "./provider.js";
import { providerName } from "./stage-words.js";

export interface InputOptions {
  /** Turns the upload upright, converts a type the provider does not take, and puts transparency back after. */
  codec?: ImageCodec;
  /** Send EXIF, XMP and IPTC to a vendor too (the user opted in). */
  sendMetadata?: boolean;
}

/** An input checked and made ready for its provider. */
export interface PreparedInput {
  /** What the provider is sent. */
  upload: Uint8Array;
  /**
   * The image the result gets its metadata and transparency back from (the input, or what it was converted to);
   * absent when the provider keeps them itself.
   */
  restoreFrom?: Uint8Array;
  /** The EXIF orientation the uploaded pixels still need (1: upright), for `restoreFromInput`. */
  orientation: number;
  /** What the user should know about what was sent. */
  notes: string[];
}

/**
 * Checks an input and prepares what to send, before any place is reserved or anything is paid for.
 *
 * A provider that keeps the input's metadata itself (the offline one) gets the file as it is, after the core's
 * checks. A vendor gets only what it needs: a type it takes (another type the codec reads is converted), the
 * pixels upright, no metadata but the colour profile and density unless `sendMetadata`, no data stored after the
 * image. Its pixel limit is checked on the input before anything is decoded (decompression bombs); its byte
 * limit on the upload, since what is left out can be most of a file (a Motion Photo's video).
 */
export async function prepareInput(
  bytes: Uint8Array,
  provider: Pick<UpscaleProvider<object>, "id" | "capabilities">,
  options: InputOptions = {},
): Promise<PreparedInput> {
  const { capabilities } = provider;
  const name = providerName(provider.id);
  if (capabilities.keepsInputMetadata === true) {
    checkUpscaleInput(bytes, capabilities, name);
    return { upload: bytes, orientation: 1, notes: [] };
  }
  const { codec } = options;
  const type = sniffImageFileType(bytes);
  const target = codec === undefined ? undefined : conversionTarget(bytes, capabilities.inputTypes);
  const inputTypes =
    target === undefined || type === undefined ? capabilities.inputTypes : [...capabilities.inputTypes, type];
  const info = checkUpscaleInput(bytes, { inputTypes, maxInputPixels: capabilities.maxInputPixels }, name);
  const notes: string[] = [];
  let original = bytes;
  if (target !== undefined && codec !== undefined && type !== undefined) {
    const plan = { width: info.width ?? 0, height: info.height ?? 0, mimeType: target, notes: [] };
    original = await applyFitPlan(bytes, { ...plan, resized: false, converted: true }, codec);
    notes.push(`Sent to ${name} as ${IMAGE_TYPE_NAMES[target]}: it does not take ${IMAGE_TYPE_NAMES[type]}.`);
  }
  const prepared = await prepareUpload(original, codec, { sendMetadata: options.sendMetadata });
  checkUpscaleInput(prepared.bytes, capabilities, name);
  if (prepared.removed.length > 0) notes.push(`Not sent to ${name}: ${describeMetadata(prepared.removed)}.`);
  return {
    upload: prepared.bytes,
    restoreFrom: original,
    orientation: prepared.orientation,
    notes: [...notes, ...prepared.notes],
  };
}
