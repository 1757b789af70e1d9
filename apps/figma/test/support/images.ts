import sharp from "sharp";

/** A test picture with detail and transparency: a gradient whose lower half is half-transparent. */
export async function gradientPng(width: number, height: number): Promise<Uint8Array> {
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
  return new Uint8Array(
    await sharp(pixels, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer(),
  );
}

/** A large solid image, cheap to encode at any size. */
export async function solidImage(width: number, height: number, format: "png" | "webp" = "png"): Promise<Uint8Array> {
  const image = sharp({ create: { width, height, channels: 3, background: "#3366cc" } });
  const encoded = format === "png" ? image.png({ compressionLevel: 1 }) : image.webp({ quality: 80 });
  return new Uint8Array(await encoded.toBuffer());
}
