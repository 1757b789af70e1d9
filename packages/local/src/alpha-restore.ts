import { readImageMetadata, writeImageMetadata } from "@upscale/core/provider-kit";
import sharp, { type Sharp } from "sharp";
import { enlargeRawCentred } from "./centred-enlarge.js";
import { encoderFor } from "./encoder.js";
import { formatOfMimeType } from "./output-format.js";

type Raw = { data: Buffer; width: number; height: number; channels: 1 | 2 | 3 | 4 };

/** Partly transparent pixels, where flattening shows: the test of how the image lost its alpha looks at these. */
const EDGE = { from: 0.1, to: 0.9 };
/**
 * Below this alpha, taking a colour back off the background divides small, rounded values by a small alpha:
 * such pixels, faint anyway, take the input's own colour instead.
 */
const UNBLEND_FROM = 0.5;

/**
 * `image` with `alphaFrom`'s alpha, scaled to its size (centred, for whole factors), in place of its own. Vendors
 * lose alpha in one of two ways: they drop it (colours stay as stored) or flatten the image onto a background
 * (colours blended with it where pixels were partly transparent). Which one happened is read from the partly
 * transparent pixels, compared with the input's colours; a flattened image gets its colours taken back off the
 * background — estimated where the input is fully transparent — so edges show no halo.
 */
export async function restoreAlpha(image: Uint8Array, alphaFrom: Uint8Array): Promise<Uint8Array> {
  const target = await sharp(image).metadata();
  const { width, height } = target;
  const colours = await raw(sharp(image).autoOrient().removeAlpha().toColourspace("srgb"));
  const source = await raw(sharp(alphaFrom).autoOrient().ensureAlpha().toColourspace("srgb"));
  const scaled = await scaleTo(source, width, height);
  const pixels = unblend(colours, scaled);
  const encoder = encoderFor(image, formatOfMimeType(target.format === "webp" ? "image/webp" : "image/png"), false);
  const encoded = await encoder.apply(sharp(pixels, { raw: { width, height, channels: 4 } })).toBuffer();
  // The image's own colour profile (and anything else it carried) goes back on the rebuilt pixels.
  return writeImageMetadata(encoded, readImageMetadata(image)).bytes;
}

async function raw(pipeline: Sharp): Promise<Raw> {
  const { data, info } = await pipeline.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** The input (RGBA) at the result's size: centred for a whole factor, else a plain resize. */
async function scaleTo(source: Raw, width: number, height: number): Promise<Raw> {
  const factor = width / source.width;
  if (Number.isInteger(factor) && factor === height / source.height && factor > 1) {
    return { data: await enlargeRawCentred(source.data, source, factor), width, height, channels: 4 };
  }
  const { data } = await sharp(source.data, { raw: source })
    .resize(width, height, { fit: "fill", kernel: "cubic" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width, height, channels: 4 };
}

/** RGBA: the result's colours (un-blended if it was flattened) with the input's scaled alpha. */
function unblend(colours: Raw, source: Raw): Buffer {
  const count = colours.width * colours.height;
  const background = backgroundOf(colours, source);
  const flattened = background !== undefined && wasFlattened(colours, source, background);
  const out = Buffer.alloc(count * 4);
  for (let i = 0; i < count; i++) {
    const alpha = (source.data[i * 4 + 3] as number) / 255;
    for (let c = 0; c < 3; c++) {
      const colour = colours.data[i * 3 + c] as number;
      let value = colour;
      if (flattened && alpha >= UNBLEND_FROM) value = (colour - (1 - alpha) * (background[c] as number)) / alpha;
      else if (flattened) value = source.data[i * 4 + c] as number;
      out[i * 4 + c] = Math.max(0, Math.min(255, Math.round(value)));
    }
    out[i * 4 + 3] = source.data[i * 4 + 3] as number;
  }
  return out;
}

/** The result's mean colour where the input is fully transparent: the background it was flattened onto, if so. */
function backgroundOf(colours: Raw, source: Raw): number[] | undefined {
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < colours.width * colours.height; i++) {
    if (source.data[i * 4 + 3] !== 0) continue;
    for (let c = 0; c < 3; c++) sum[c] = (sum[c] as number) + (colours.data[i * 3 + c] as number);
    n += 1;
  }
  return n === 0 ? undefined : sum.map((value) => value / n);
}

/** Whether the partly transparent pixels look blended onto `background` rather than left as the input stored them. */
function wasFlattened(colours: Raw, source: Raw, background: number[]): boolean {
  let blendedError = 0;
  let droppedError = 0;
  for (let i = 0; i < colours.width * colours.height; i++) {
    const alpha = (source.data[i * 4 + 3] as number) / 255;
    if (alpha < EDGE.from || alpha > EDGE.to) continue;
    for (let c = 0; c < 3; c++) {
      const stored = source.data[i * 4 + c] as number;
      const colour = colours.data[i * 3 + c] as number;
      droppedError += Math.abs(colour - stored);
      blendedError += Math.abs(colour - (alpha * stored + (1 - alpha) * (background[c] as number)));
    }
  }
  return blendedError < droppedError;
}
