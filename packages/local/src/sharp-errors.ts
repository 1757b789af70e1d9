import { IMAGE_TYPE_NAMES, type ImageFileType, InputError } from "@upscale/core/provider-kit";
import { READS_HEIC } from "./input-types.js";
import { MAX_INPUT_PIXELS, megapixels } from "./size-limits.js";

function detailOf(error: unknown): string {
  // libvips messages can end in a dangling ": " where it had nothing more to say.
  return (error instanceof Error ? error.message : String(error)).replace(/[\s:]+$/, "");
}

/** sharp failed to read the input: the core's error, with what to do about it. */
export function decodeFailure(error: unknown, type: ImageFileType): InputError {
  const detail = detailOf(error);
  if (/pixel limit/i.test(detail)) {
    return new InputError(
      "IMAGE_TOO_LARGE",
      `This image has more than ${megapixels(MAX_INPUT_PIXELS)}, too many to upscale locally. Shrink or crop it first.`,
      { cause: error },
    );
  }
  if ((type === "image/heic" || type === "image/heif") && !READS_HEIC) {
    return new InputError(
      "UNSUPPORTED_IMAGE",
      `This ${IMAGE_TYPE_NAMES[type]} image is coded in a way this build of sharp cannot decode (HEVC). Convert it ` +
        "to JPEG and try again.",
      { cause: error },
    );
  }
  return new InputError(
    "UNSUPPORTED_IMAGE",
    `Could not decode this ${IMAGE_TYPE_NAMES[type]} image (${detail}). It is probably truncated or corrupt: ` +
      "open it in an image editor, save it again, and retry.",
    { cause: error },
  );
}

/** sharp failed on an image it had decoded: most likely memory, otherwise something about this image. */
export function processingFailure(error: unknown): InputError {
  const detail = detailOf(error);
  if (/memory|alloc/i.test(detail)) {
    return new InputError(
      "IMAGE_TOO_LARGE",
      `Ran out of memory upscaling this image (${detail}). Use a smaller scale or a smaller image.`,
      { cause: error },
    );
  }
  return new InputError(
    "UNSUPPORTED_IMAGE",
    `Could not upscale this image (${detail}). Save it again as an 8-bit PNG and retry.`,
    { cause: error },
  );
}

/** A failure while pixels are decoded and processed in one pipeline: memory, else the input itself. */
export function pipelineFailure(error: unknown, type: ImageFileType): InputError {
  return /memory|alloc/i.test(detailOf(error)) ? processingFailure(error) : decodeFailure(error, type);
}

/** The work's result, or its failure as the core's error. */
export function failingAs<T>(work: Promise<T>, failure: (error: unknown) => InputError): Promise<T> {
  return work.catch((error: unknown) => {
    throw failure(error);
  });
}
