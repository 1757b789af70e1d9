import { type CancelSignal, type ImageFileType, withGainMapOf } from "@upscale/core/provider-kit";
import sharp, { type Sharp } from "sharp";
import { enlargeCentred, INTERMEDIATE_INPUT, PAD, unpadded } from "./centred-enlarge.js";
import { type ColourHandling, colourHandling, inColour } from "./colour-space.js";
import { encoderFor } from "./encoder.js";
import type { LocalOutputFormat } from "./output-format.js";
import type { LocalScale } from "./scale.js";
import { decodeFailure, failingAs, processingFailure } from "./sharp-errors.js";
import { checkOutputSize, MAX_INPUT_PIXELS } from "./size-limits.js";
import { throwIfAborted } from "./throw-if-aborted.js";

export { INTERPOLATOR } from "./centred-enlarge.js";

/** Between steps: lossless, keeps alpha, bit depth and the ICC profile, and is quick to write and read. */
const INTERMEDIATE = { compression: "none" } as const;

export type UpscaleStep = "decoded" | "resampled";

export interface CentredUpscaleOptions {
  scale: LocalScale;
  format: LocalOutputFormat;
  /** The input's type, for error messages. */
  inputType: ImageFileType;
  signal?: CancelSignal;
  /** Called as each step completes; encoding follows "resampled". */
  onStep?: (step: UpscaleStep) => void;
}

export interface UpscaledImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** How the result is encoded, in words. */
  encoding: string;
}

/**
 * Upscales with pixel areas aligned: the output covers exactly the input's area, so nothing shifts (see
 * `enlargeCentred`). Three sharp pipelines — decode upright and pad by copying the edges; enlarge; crop the
 * padding off and encode like the input (`encoderFor`) — with cancellation checked between them. An HDR photo's
 * gain map (Ultra HDR) is kept in a JPEG result: sharp resizes it with the input, and it goes around this
 * better-aligned image.
 */
export async function centredUpscale(bytes: Uint8Array, options: CentredUpscaleOptions): Promise<UpscaledImage> {
  const { scale, format, inputType, signal, onStep } = options;
  const failedDecoding = (error: unknown) => decodeFailure(error, inputType);
  // Header only, unlimited: the size check below gives the clearer message for huge images.
  const header = await failingAs(sharp(bytes, { limitInputPixels: false }).metadata(), failedDecoding);
  const { width, height } = header.autoOrient;
  const output = unpadded(scale, width, height);
  checkOutputSize(output.width, output.height, format);
  const colour = colourHandling(header.space, format);
  const decoding = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
    .autoOrient()
    .extend({ top: PAD, bottom: PAD, left: PAD, right: PAD, extendWith: "copy" });
  const padded = await failingAs(intermediate(decoding, colour), failedDecoding);
  onStep?.("decoded");
  throwIfAborted(signal);
  const enlarged = await failingAs(
    intermediate(enlargeCentred(sharp(padded, INTERMEDIATE_INPUT), scale), colour),
    processingFailure,
  );
  onStep?.("resampled");
  throwIfAborted(signal);
  const encoder = encoderFor(bytes, format, header.hasAlpha);
  const cropped = inColour(sharp(enlarged, INTERMEDIATE_INPUT).extract(output), colour);
  let encoded: Uint8Array = await failingAs(encoder.apply(cropped).toBuffer(), processingFailure);
  if (header.gainMap !== undefined && format === "jpeg") {
    throwIfAborted(signal);
    const carrier = await failingAs(
      keepingGainMap(sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }))
        .autoOrient()
        .resize(output.width, output.height, { fit: "fill" })
        .jpeg({ quality: encoder.quality })
        .toBuffer(),
      processingFailure,
    );
    encoded = withGainMapOf(encoded, carrier) ?? encoded;
  }
  return { bytes: encoded, width: output.width, height: output.height, encoding: encoder.description };
}

/** sharp 0.35's `keepGainMap` (experimental, and missing from its type declarations). */
function keepingGainMap(pipeline: Sharp): Sharp {
  return (pipeline as Sharp & { keepGainMap(): Sharp }).keepGainMap();
}

function intermediate(pipeline: Sharp, colour: ColourHandling): Promise<Buffer> {
  return inColour(pipeline, colour).tiff(INTERMEDIATE).toBuffer();
}
