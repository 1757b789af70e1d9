import { type ImageFileType, readImageEncoding, sniffImageFileType } from "@upscale/core/provider-kit";
import type { Sharp } from "sharp";
import type { LocalOutputFormat } from "./output-format.js";

/** For a lossy result with nothing better to go by: an upscale is meant to be a final image (sharp's own is 80). */
export const DEFAULT_QUALITY = 90;

/** Sources whose pixels are exact: re-encoding them lossily would add loss nobody asked for. */
const LOSSLESS_SOURCES: readonly ImageFileType[] = ["image/png", "image/gif", "image/tiff", "image/bmp"];

export interface Encoder {
  apply(pipeline: Sharp): Sharp;
  /** How it encodes, in words, for the result's notes ("lossless WebP like the input"). */
  description: string;
  quality?: number;
}

/**
 * How to encode a result made from `input`, so it comes back as it was sent: a JPEG at about its quality (read
 * from its quantisation tables) and with its chroma subsampling (4:4:4 stays 4:4:4), progressive if it was; a
 * lossless source as lossless WebP; a palette PNG as a palette PNG (at most 256 colours, dithered). Alpha goes
 * into JPEG as white, what most viewers show behind transparency.
 */
export function encoderFor(input: Uint8Array, format: LocalOutputFormat, hasAlpha: boolean): Encoder {
  const encoding = readImageEncoding(input);
  const type = sniffImageFileType(input);
  const lossless =
    (type !== undefined && LOSSLESS_SOURCES.includes(type)) ||
    (encoding?.mimeType === "image/webp" && encoding.lossless);
  switch (format) {
    case "jpeg": {
      const jpeg = encoding?.mimeType === "image/jpeg" ? encoding : undefined;
      const quality = jpeg?.quality ?? DEFAULT_QUALITY;
      // Only 4:2:0 stays 4:2:0; anything finer (4:4:4, 4:2:2), and lossless sources, get full chroma.
      const chroma = jpeg === undefined ? (lossless ? "4:4:4" : "4:2:0") : jpeg.chroma === "4:2:0" ? "4:2:0" : "4:4:4";
      const progressive = jpeg?.progressive ?? false;
      return {
        apply: (pipeline) =>
          (hasAlpha ? pipeline.flatten({ background: "#ffffff" }) : pipeline).jpeg({
            quality,
            chromaSubsampling: chroma,
            progressive,
          }),
        description: `JPEG at quality ${quality}, ${chroma}${progressive ? ", progressive" : ""}`,
        quality,
      };
    }
    case "webp":
      return lossless
        ? { apply: (pipeline) => pipeline.webp({ lossless: true }), description: "lossless WebP" }
        : {
            apply: (pipeline) => pipeline.webp({ quality: DEFAULT_QUALITY }),
            description: `WebP at quality ${DEFAULT_QUALITY}`,
            quality: DEFAULT_QUALITY,
          };
    case "png":
      return encoding?.mimeType === "image/png" && encoding.palette
        ? {
            apply: (pipeline) => pipeline.png({ palette: true, quality: 100, colours: 256, dither: 1 }),
            description: "palette PNG (at most 256 colours) like the input",
          }
        : { apply: (pipeline) => pipeline.png(), description: "PNG" };
  }
}
