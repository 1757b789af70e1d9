import { megabytes } from "../image/check-upscale-input.js";
import { type ImageMimeType, sniffImageType } from "../image/image-format.js";
import { InputError } from "../outcome/errors.js";

/**
 * What either Ideogram API takes as its image, checked before anything is sent: PNG, JPEG or WebP by its bytes, at
 * most `maxBytes` (v1's 10 MB, v2's 50 MB). Returns its type.
 */
export function checkIdeogramUpload(image: Uint8Array, maxBytes: number): ImageMimeType {
  const mimeType = image instanceof Uint8Array ? sniffImageType(image) : undefined;
  if (mimeType === undefined) {
    throw new InputError(
      "UNSUPPORTED_IMAGE",
      "Ideogram upscales PNG, JPEG and WebP images only, and this is none of them (judged by its content). " +
        "Convert it to PNG and try again.",
    );
  }
  if (image.length > maxBytes) {
    throw new InputError(
      "IMAGE_TOO_LARGE",
      `The image is ${megabytes(image.length)} MB; Ideogram accepts at most ${megabytes(maxBytes)} MB. ` +
        "Downscale it or save it as JPEG, then try again.",
    );
  }
  return mimeType;
}
