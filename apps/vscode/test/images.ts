import sharp from "sharp";

/** A small deterministic test image (a patterned RGB field). */
export async function testImage(width: number, height: number, format: "png" | "jpeg", seed = 3): Promise<Uint8Array> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * seed + (i >> 7)) & 0xff;
  const raw = sharp(pixels, { raw: { width, height, channels: 3 } });
  return new Uint8Array(await (format === "png" ? raw.png() : raw.jpeg()).toBuffer());
}

export async function imageSize(bytes: Uint8Array): Promise<{ width?: number; height?: number; format?: string }> {
  const { width, height, format } = await sharp(bytes).metadata();
  return { width, height, format };
}

export { exifTags, PERSONAL_TAGS, phonePhoto, redCorners } from "@upscale/fake-apis";
