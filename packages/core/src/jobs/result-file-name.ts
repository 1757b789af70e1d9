import { IMAGE_EXTENSIONS, type ImageMimeType, imageTypeOfExtension } from "../image/image-format.js";
import { fileNameParts } from "./file-name-parts.js";

/**
 * Result file names, from names alone (no file system), so every app names results the same way and can decide
 * a result's name before paying for it: `photo.jpeg` upscaled 2× → `photo@2x.jpeg`; quadrant 3 of `grid.png` →
 * `grid@u3.png`.
 */

/** `@2x`. Remote providers pick their own size: name them by their nominal factor (Ideogram: 2). */
export function scaleSuffix(factor: number): string {
  return `@${factor}x`;
}

/** `@u2`: the second image of a Midjourney grid, upsampled. */
export function upsampleSuffix(index: number): string {
  return `@u${index}`;
}

/** The type an image file name promises, if any. */
export function imageTypeOfName(fileName: string): ImageMimeType | undefined {
  const { extension } = fileNameParts(fileName);
  return extension === "" ? undefined : imageTypeOfExtension(extension);
}

/**
 * The type a result is promised before any call: the one asked for (an output name, a format option), else the
 * input name's own, else PNG (lossless) for a name that says nothing. The result is converted to it if needed.
 */
export function resultImageType(inputName: string, requested?: ImageMimeType): ImageMimeType {
  return requested ?? imageTypeOfName(inputName) ?? "image/png";
}

/** The input's stem plus `suffix`, with the input's own extension when it still fits the result's type. */
export function resultFileName(inputName: string, suffix: string, mimeType: ImageMimeType): string {
  const { stem, extension } = fileNameParts(inputName);
  const keep = imageTypeOfExtension(extension) === mimeType;
  return `${stem}${suffix}.${keep ? extension : IMAGE_EXTENSIONS[mimeType]}`;
}

/** Names results get, so a second run over a folder does not upscale its own output again. */
export function looksLikeResult(fileName: string): boolean {
  return /@(\d+x|u[1-4])\.[a-z]+$/i.test(fileName);
}
