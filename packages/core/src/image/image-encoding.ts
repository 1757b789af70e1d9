import { estimateJpegQuality } from "./jpeg-quality.js";
import { type JpegFrame, readJpegStructure } from "./jpeg-structure.js";
import { readPngStructure } from "./png-structure.js";
import { readWebpChunks } from "./webp-chunks.js";

/** How a JPEG's colour is sampled: 4:2:0 halves chroma both ways, 4:4:4 keeps it whole (text, screenshots). */
export type ChromaSubsampling = "4:4:4" | "4:2:2" | "4:2:0" | "4:4:0" | "greyscale" | "other";

/**
 * How an image was encoded, read from its headers, so a re-encode can match it: a JPEG's quality and chroma
 * subsampling, whether a WebP is lossless, whether a PNG is a palette image.
 */
export type ImageEncoding =
  | { mimeType: "image/jpeg"; quality?: number; chroma: ChromaSubsampling; progressive: boolean }
  | { mimeType: "image/webp"; lossless: boolean }
  | { mimeType: "image/png"; palette: boolean; bitDepth: number };

export function readImageEncoding(bytes: Uint8Array): ImageEncoding | undefined {
  const webp = readWebpChunks(bytes);
  if (webp !== undefined) return { mimeType: "image/webp", lossless: webp.chunks.some((c) => c.fourcc === "VP8L") };
  if (bytes[0] === 0x89) {
    const header = readPngStructure(bytes).header;
    return header && { mimeType: "image/png", palette: header.colourType === 3, bitDepth: header.bitDepth };
  }
  const jpeg = readJpegStructure(bytes);
  if (jpeg.frame === undefined) return undefined;
  return {
    mimeType: "image/jpeg",
    quality: estimateJpegQuality(bytes, jpeg),
    chroma: chromaOf(jpeg.frame),
    progressive: jpeg.frame.progressive,
  };
}

function chromaOf(frame: JpegFrame): ChromaSubsampling {
  const [luma, ...chroma] = frame.components;
  if (luma === undefined || chroma.length === 0) return "greyscale";
  if (!chroma.every((c) => c.horizontal === chroma[0]?.horizontal && c.vertical === chroma[0]?.vertical)) {
    return "other";
  }
  const across = luma.horizontal / (chroma[0]?.horizontal as number);
  const down = luma.vertical / (chroma[0]?.vertical as number);
  if (across === 1 && down === 1) return "4:4:4";
  if (across === 2 && down === 1) return "4:2:2";
  if (across === 2 && down === 2) return "4:2:0";
  if (across === 1 && down === 2) return "4:4:0";
  return "other";
}
