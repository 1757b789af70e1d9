import { type ImageCodec, InputError, sniffImageFileType, sniffImageType } from "@upscale/core/provider-kit";
import sharp from "sharp";
import { restoreAlpha } from "./alpha-restore.js";
import { colourHandling, inColour } from "./colour-space.js";
import { encoderFor } from "./encoder.js";
import { formatOfMimeType } from "./output-format.js";
import { decodeFailure, failingAs, pipelineFailure } from "./sharp-errors.js";
import { MAX_INPUT_PIXELS } from "./size-limits.js";

function readable(bytes: Uint8Array) {
  const inputType = sniffImageFileType(bytes);
  if (inputType === undefined) {
    throw new InputError(
      "UNSUPPORTED_IMAGE",
      "This file is not an image sharp reads (PNG, JPEG, WebP, GIF, AVIF, TIFF).",
    );
  }
  return inputType;
}

/**
 * The core's image-codec port on sharp, for Node apps: re-encode and resize (e.g. to carry out a `fitToLimits`
 * plan with `applyFitPlan`), turn pixels upright, measure and put back transparency (`prepareUpload`,
 * `restoreFromInput`).
 *
 * Bytes already of the wanted type, with no size asked for, come back unchanged: nothing is lost to a re-encode.
 * Otherwise the colour handling is the offline provider's (ICC profile kept, greyscale and 16-bit PNG kept,
 * CMYK to sRGB), EXIF orientation is applied to the pixels, the encoding follows the input's (a JPEG's quality
 * and chroma subsampling, lossless stays lossless), and JPEG output is flattened onto white. Resizing uses
 * Lanczos 3: in practice it shrinks (to fit a platform), where it is sharpest. Metadata other than the colour
 * profile is not copied: the core writes back what a result keeps.
 */
export const sharpCodec: ImageCodec = {
  async transform(bytes, { mimeType, width, height }) {
    const resize = width !== undefined || height !== undefined;
    if (!resize && sniffImageType(bytes) === mimeType) return bytes;
    const inputType = readable(bytes);
    const failedDecoding = (error: unknown) => decodeFailure(error, inputType);
    const header = await failingAs(sharp(bytes, { limitInputPixels: false }).metadata(), failedDecoding);
    const format = formatOfMimeType(mimeType);
    let pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" }).autoOrient();
    if (resize) pipeline = pipeline.resize(width, height, { fit: "fill", kernel: sharp.kernel.lanczos3 });
    const encoding = encoderFor(bytes, format, header.hasAlpha).apply(
      inColour(pipeline, colourHandling(header.space, format)),
    );
    return new Uint8Array(await failingAs(encoding.toBuffer(), (error) => pipelineFailure(error, inputType)));
  },

  async upright(bytes) {
    const type = sniffImageType(bytes);
    if (type === undefined)
      throw new InputError("UNSUPPORTED_IMAGE", "Only PNG, JPEG and WebP images are turned upright.");
    const header = await failingAs(sharp(bytes, { limitInputPixels: false }).metadata(), (e) => decodeFailure(e, type));
    const format = formatOfMimeType(type);
    const pipeline = inColour(
      sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" }).autoOrient(),
      colourHandling(header.space, format),
    );
    const encoding = encoderFor(bytes, format, header.hasAlpha).apply(pipeline);
    return new Uint8Array(await failingAs(encoding.toBuffer(), (error) => pipelineFailure(error, type)));
  },

  async transparency(bytes) {
    const inputType = readable(bytes);
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS });
    const header = await failingAs(image.metadata(), (error) => decodeFailure(error, inputType));
    if (!header.hasAlpha) return 0;
    // sharp hands raw pixels over as 8 bits (16-bit ones scaled down): opaque is 255 either way.
    const { data, info } = await failingAs(
      image
        .extractChannel((header.channels - 1) as 1 | 2 | 3)
        .raw()
        .toBuffer({ resolveWithObject: true }),
      (error) => pipelineFailure(error, inputType),
    );
    let translucent = 0;
    for (const value of data) if (value < 0xff) translucent += 1;
    return translucent / (info.width * info.height);
  },

  async withAlpha(image, alphaFrom) {
    const type = readable(image);
    return new Uint8Array(await failingAs(restoreAlpha(image, alphaFrom), (error) => pipelineFailure(error, type)));
  },
};
