import type { CompareImage } from "@upscale/compare-view";
import type { CompareImageData, ComparePayload } from "../shared/messages.js";

/** Where quadrant `quadrant` (1 top-left, 2 top-right, 3 bottom-left, 4 bottom-right) lies in a grid image. */
export function quadrantRect(width: number, height: number, quadrant: 1 | 2 | 3 | 4) {
  const w = Math.floor(width / 2);
  const h = Math.floor(height / 2);
  return {
    x: quadrant === 2 || quadrant === 4 ? width - w : 0,
    y: quadrant >= 3 ? height - h : 0,
    width: w,
    height: h,
  };
}

/** The two sides of Compare, from the bytes the main thread read (a grid cut down to its quadrant here). */
export async function compareImages(payload: ComparePayload): Promise<{
  original: CompareImage;
  result: CompareImage;
  labels: { original: string; result: string };
}> {
  const result = asCompareImage(payload.result);
  if (payload.quadrant === undefined) {
    return { original: asCompareImage(payload.original), result, labels: { original: "Original", result: "Upscaled" } };
  }
  const crop = await cropQuadrant(payload.original, payload.quadrant);
  return {
    original: {
      src: crop.blob,
      width: crop.width,
      height: crop.height,
      fileSize: crop.blob.size,
      name: "(cut from the grid)",
    },
    result,
    labels: { original: `Grid image ${payload.quadrant}`, result: "Upsampled" },
  };
}

function asCompareImage(image: CompareImageData): CompareImage {
  const blob = new Blob([image.bytes as BlobPart], { type: image.mimeType });
  return { src: blob, width: image.width, height: image.height, fileSize: image.bytes.length };
}

/** A PNG of one quadrant of a grid image, drawn by the canvas. */
async function cropQuadrant(image: CompareImageData, quadrant: 1 | 2 | 3 | 4) {
  const bitmap = await createImageBitmap(new Blob([image.bytes as BlobPart], { type: image.mimeType }));
  const rect = quadrantRect(bitmap.width, bitmap.height, quadrant);
  const canvas = document.createElement("canvas");
  canvas.width = rect.width;
  canvas.height = rect.height;
  const context = canvas.getContext("2d");
  if (context === null) throw new Error("this browser gave no 2D canvas");
  context.drawImage(bitmap, rect.x, rect.y, rect.width, rect.height, 0, 0, rect.width, rect.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (blob === null) throw new Error("the canvas could not encode the grid image");
  return { blob, width: rect.width, height: rect.height };
}
