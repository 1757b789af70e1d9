import type { ImageMimeType } from "../image/image-format.js";
import { fileNameParts } from "./file-name-parts.js";
import { resultFileName } from "./result-file-name.js";

/** `photo.jpg` upscaled 2× → `photo@2x.jpg`: the CLI's naming, VS Code's default `upscale.outputName`. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the template's own placeholders, not JavaScript's.
export const DEFAULT_NAME_TEMPLATE = "${name}@${scale}x.${ext}";

/**
 * A result's file name from a template with `${name}` (the input's stem), `${scale}` and `${ext}`: the input's
 * extension while it still names the result's type, else the type's own (`resultFileName` decides, as everywhere).
 */
export function expandNameTemplate(
  template: string,
  inputName: string,
  scale: number,
  mimeType: ImageMimeType,
): string {
  const { stem } = fileNameParts(inputName);
  const { extension } = fileNameParts(resultFileName(inputName, "", mimeType));
  const values: Record<string, string> = { name: stem, scale: String(scale), ext: extension };
  return template.replace(/\$\{(name|scale|ext)\}/g, (_, key: string) => values[key] ?? "");
}
