import type { ImageMimeType } from "@upscale/core";

/**
 * The result in the format its file name promises (Ideogram always answers PNG, so `photo.jpg` becomes
 * `photo@2x.jpg` only after a conversion). sharp is loaded only when a conversion is needed.
 */
export async function convertImage(
  image: { bytes: Uint8Array; mimeType: ImageMimeType },
  mimeType: ImageMimeType,
): Promise<Uint8Array> {
  if (image.mimeType === mimeType) return image.bytes;
  const { sharpCodec } = await import("@upscale/local");
  return sharpCodec.transform(image.bytes, { mimeType });
}
