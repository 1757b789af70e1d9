import sharp, { type Sharp } from "sharp";

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** A tiny deterministic generator, so every run tests the same pixels. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function clampByte(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)));
}

/**
 * A detailed RGB test picture: colour gradients, a checkerboard of hard edges, a disc, thin text-like strokes
 * and noise — everything an upscaler can get wrong.
 */
export function detailedPicture(width: number, height: number, seed = 1): RawImage {
  const random = seededRandom(seed);
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      let rgb = [255 * u, 255 * v, 128 + 100 * Math.sin(12 * u + 7 * v)];
      if ((Math.floor(x / 23) + Math.floor(y / 17)) % 2 === 0) rgb = [255 - (rgb[0] ?? 0), rgb[1] ?? 0, rgb[2] ?? 0];
      if ((x - 0.6 * width) ** 2 + (y - 0.4 * height) ** 2 < (0.2 * width) ** 2) rgb = [rgb[0] ?? 0, 40, 230];
      const noise = (random() - 0.5) * 30;
      rgb.forEach((value, channel) => {
        data[(y * width + x) * 3 + channel] = clampByte(value + noise);
      });
    }
  }
  for (let stroke = 0; stroke < (width * height) / 1000; stroke++) {
    const [x0, y0, angle, length] = [random() * width, random() * height, random() * 2 * Math.PI, 5 + random() * 25];
    const shade = random() < 0.5 ? 10 : 245;
    for (let t = 0; t < length; t += 0.5) {
      const x = Math.round(x0 + Math.cos(angle) * t);
      const y = Math.round(y0 + Math.sin(angle) * t);
      if (x >= 0 && y >= 0 && x < width && y < height) data.fill(shade, (y * width + x) * 3, (y * width + x + 1) * 3);
    }
  }
  return { data, width, height, channels: 3 };
}

export function toSharp(image: RawImage): Sharp {
  const { width, height, channels } = image;
  return sharp(image.data, { raw: { width, height, channels } });
}

/** Decoded pixels of an encoded image, alpha and colour profile as stored (no conversion). */
export async function decode(bytes: Uint8Array): Promise<RawImage> {
  const { data, info } = await sharp(bytes).keepIccProfile().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Peak signal-to-noise ratio of two same-sized 8-bit rasters, in dB. */
export function psnr(a: RawImage, b: RawImage): number {
  if (a.data.length !== b.data.length) throw new Error(`size mismatch: ${a.data.length} vs ${b.data.length}`);
  let squaredError = 0;
  for (let i = 0; i < a.data.length; i++) squaredError += ((a.data[i] ?? 0) - (b.data[i] ?? 0)) ** 2;
  return 10 * Math.log10(255 ** 2 / (squaredError / a.data.length));
}
