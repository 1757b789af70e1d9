import { type ImageCodec, InputError, sniffImageFileType, sniffImageType } from "@upscale/core/provider-kit";
import sharp from "sharp";
import { colourHandling, inColour } from "./colour-space.js";
import { encodeAs, formatOfMimeType } from "./output-format.js";
import { decodeFailure, failingAs, pipelineFailure } from "./sharp-errors.js";
import { MAX_INPUT_PIXELS } from "./size-limits.js";

/**
 * The core's image-codec port on sharp, for Node apps: re-encode (PNG, JPEG, WebP; GIF is read too) and resize,
 * e.g. to carry out a `fitToLimits` plan with `applyFitPlan`.
 *
 * Bytes already of the wanted type, with no size asked for, come back unchanged: nothing is lost to a re-encode.
 * Otherwise the colour handling is the offline provider's (ICC profile kept, greyscale and 16-bit PNG kept,
 * CMYK to sRGB), EXIF orientation is applied to the pixels, lossy output is quality 90, and JPEG output is
 * flattened onto white. Resizing uses Lanczos 3: in practice it shrinks (to fit a platform), where it is sharpest.
 */
export const sharpCodec: ImageCodec = {
  async transform(bytes, { mimeType, width, height }) {
    const resize = width !== undefined || height !== undefined;
    if (!resize && sniffImageType(bytes) === mimeType) return bytes;
    const inputType = sniffImageFileType(bytes);
    if (inputType === undefined) {
      throw new InputError("UNSUPPORTED_IMAGE", "This file is not a PNG, JPEG, WebP or GIF image.");
    }
    const failedDecoding = (error: unknown) => decodeFailure(error, inputType);
    const header = await failingAs(sharp(bytes, { limitInputPixels: false }).metadata(), failedDecoding);
    const format = formatOfMimeType(mimeType);
    let pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" }).autoOrient();
    if (resize) pipeline = pipeline.resize(width, height, { fit: "fill", kernel: sharp.kernel.lanczos3 });
    const encoding = encodeAs(inColour(pipeline, colourHandling(header.space, format)), format, header.hasAlpha);
    return new Uint8Array(await failingAs(encoding.toBuffer(), (error) => pipelineFailure(error, inputType)));
  },
};
