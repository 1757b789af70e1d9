import { IMAGE_EXTENSIONS, type ImageMimeType } from "@upscale/core";

/**
 * Result file names, from names alone (no file system), so any app can name results the same way:
 * `photo.jpeg` upscaled 2× → `photo@2x.jpeg`; quadrant 3 of `grid.png` → `grid@u3.png`.
 */

const TYPE_BY_EXTENSION: Readonly<Record<string, ImageMimeType>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  jpe: "image/jpeg",
  webp: "image/webp",
};

/** `@2x`, or `@1.5x` when a remote provider chose a factor that is not whole. */
export function scaleSuffix(inputWidth: number, outputWidth: number): string {
  const factor = outputWidth / inputWidth;
  const rounded = Math.abs(factor - Math.round(factor)) < 0.01 ? Math.round(factor) : Number(factor.toFixed(2));
  return `@${rounded}x`;
}

/** `@u2`: the second image of a Midjourney grid, upsampled. */
export function upsampleSuffix(index: number): string {
  return `@u${index}`;
}

/** The input's stem plus `suffix`, with the input's own extension when it still fits the result's type. */
export function resultFileName(inputName: string, suffix: string, mimeType: ImageMimeType): string {
  const dot = inputName.lastIndexOf(".");
  const stem = dot > 0 ? inputName.slice(0, dot) : inputName;
  const extension = dot > 0 ? inputName.slice(dot + 1) : "";
  const keep = TYPE_BY_EXTENSION[extension.toLowerCase()] === mimeType;
  return `${stem}${suffix}.${keep ? extension : IMAGE_EXTENSIONS[mimeType]}`;
}

/** The type an image file name promises, if any. */
export function imageTypeOfName(fileName: string): ImageMimeType | undefined {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? TYPE_BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()] : undefined;
}

/** Names this tool gives its results, so a second run over a folder does not upscale its own output again. */
export function looksLikeResult(fileName: string): boolean {
  return /@(\d+(\.\d+)?x|u[1-4])\.[a-z]+$/i.test(fileName);
}
