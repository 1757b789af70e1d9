import type { ImageCodec } from "../image/image-codec.js";
import { restoreFromInput } from "../image/restore-from-input.js";
import type { ArrivedImage } from "./keep-paid-result.js";
import type { PreparedInput } from "./prepare-input.js";

/**
 * The bytes of a vendor's result (after any conversion to the promised type) with what came in with its input put back:
 * EXIF (orientation normalised), XMP, IPTC, density, and the input's transparency when the vendor dropped it —
 * or, with `metadata: "strip"`, only the colour profile and density. A result of a provider that keeps these
 * itself comes back as it is. `notes` say what the user should know. Putting things back never costs a result
 * (it may have been paid for): when it fails, the result is kept as it came and a note says why.
 */
export async function restoreResult(
  image: ArrivedImage,
  prepared: PreparedInput,
  options: { codec?: ImageCodec; metadata?: "keep" | "strip" },
): Promise<{ bytes: Uint8Array; notes: string[] }> {
  const input = prepared.restoreFrom;
  if (input === undefined) return { bytes: image.bytes, notes: [] };
  try {
    const restored = await restoreFromInput(input, image.bytes, options.codec, {
      orientation: prepared.orientation,
      metadata: options.metadata,
    });
    return { bytes: restored.bytes, notes: restored.notes };
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/\.$/, "") : String(error);
    return {
      bytes: image.bytes,
      notes: [`Kept as the upscaler returned it: its metadata and transparency were not put back (${why}).`],
    };
  }
}
