import sharp, { type Sharp, type SharpOptions } from "sharp";

/**
 * Bicubic, centred: on the round-trip test it beats a plain sharp resize by 0.2–1.2 dB. Nohalo scores about
 * 0.3 dB higher still on detail but is ~14× slower (enlarging 1024² to 4096²: 6.9 s against 0.5 s), which
 * would make a 12-megapixel photo take most of a minute: not worth it for the default provider.
 */
export const INTERPOLATOR = sharp.interpolators.bicubic;

/** Edge pixels copied around the image so the interpolator reads real data at the border, not black. Bicubic reaches 2. */
export const PAD = 4;

/** Intermediates are already bounded by the output size check. */
export const INTERMEDIATE_INPUT: SharpOptions = { limitInputPixels: false };

/**
 * The affine step of a centred enlargement by a whole `scale`, on an image already padded by {@link PAD}.
 *
 * libvips' affine maps input pixel x (pixel centres at whole coordinates) to output X = scale·x + odx. Input
 * pixel x spans [x, x + 1), i.e. output [scale·x, scale·(x + 1)), whose centre is scale·x + (scale − 1)/2: so
 * odx = (scale − 1)/2. sharp's `resize` enlarges with idx = ½ and odx = 0, i.e. X = scale·x + scale/2: half an
 * output pixel right and down.
 */
export function enlargeCentred(padded: Sharp, scale: number): Sharp {
  const offset = (scale - 1) / 2;
  return padded.affine([scale, 0, 0, scale], { interpolator: INTERPOLATOR, odx: offset, ody: offset });
}

/** The area of an enlarged, padded image that is the enlarged image itself. */
export function unpadded(scale: number, width: number, height: number) {
  return { left: scale * PAD, top: scale * PAD, width: scale * width, height: scale * height };
}

/**
 * A raw 8-bit image enlarged by a whole `scale`, centred (three sharp pipelines: each can only pad after its
 * affine and crop before it). For masks and planes the codec works on, such as an alpha channel.
 */
export async function enlargeRawCentred(
  data: Buffer,
  raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 },
  scale: number,
): Promise<Buffer> {
  const pad = { top: PAD, bottom: PAD, left: PAD, right: PAD, extendWith: "copy" } as const;
  const padded = await sharp(data, { raw }).extend(pad).raw().toBuffer({ resolveWithObject: true });
  const enlarged = await enlargeCentred(sharp(padded.data, { raw: padded.info, ...INTERMEDIATE_INPUT }), scale)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(enlarged.data, { raw: enlarged.info, ...INTERMEDIATE_INPUT })
    .extract(unpadded(scale, raw.width, raw.height))
    .raw()
    .toBuffer();
}
