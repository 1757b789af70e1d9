import sharp from "sharp";

/**
 * A test picture: red grows left to right, green top to bottom, the lower half half-transparent — so a resample
 * that shifts, flips or drops alpha shows. Any format sharp writes, including the WebP Figma refuses.
 */
export async function makeTestImage(
  width: number,
  height: number,
  format: "png" | "jpeg" | "gif" | "webp" = "png",
): Promise<Uint8Array> {
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 4;
      pixels[offset] = Math.round((255 * x) / Math.max(1, width - 1));
      pixels[offset + 1] = Math.round((255 * y) / Math.max(1, height - 1));
      pixels[offset + 2] = 160;
      pixels[offset + 3] = y < height / 2 ? 255 : 128;
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels: 4 } });
  const encoded = await image.toFormat(format).toBuffer();
  return new Uint8Array(encoded);
}

/** A solid PNG, cheap to encode at any size (e.g. 4097 px, to hit the limit). */
export async function makeSolidPng(width: number, height: number): Promise<Uint8Array> {
  const encoded = await sharp({ create: { width, height, channels: 3, background: "#3366cc" } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return new Uint8Array(encoded);
}
