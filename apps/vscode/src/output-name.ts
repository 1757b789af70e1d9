import { type ImageMimeType, resultFileName } from "@upscale/core";

/**
 * The result's file name from the `upscale.outputName` template. `${ext}` is the original's extension while it
 * still names the result's format, else the format's own (core's `resultFileName` decides, as in every app).
 */
export function expandOutputName(template: string, inputName: string, scale: number, mimeType: ImageMimeType): string {
  const dot = inputName.lastIndexOf(".");
  const stem = dot > 0 ? inputName.slice(0, dot) : inputName;
  const named = resultFileName(inputName, "", mimeType);
  const ext = named.slice(named.lastIndexOf(".") + 1);
  const values: Record<string, string> = { name: stem, scale: String(scale), ext };
  return template.replace(/\$\{(name|scale|ext)\}/g, (_, key: string) => values[key] ?? "");
}

/** `photo@2x.png` → `photo@2x (2).png`: the name "Keep Both" tries next. */
export function numberedName(fileName: string, n: number): string {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? `${fileName.slice(0, dot)} (${n})${fileName.slice(dot)}` : `${fileName} (${n})`;
}
