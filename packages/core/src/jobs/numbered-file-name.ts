import { fileNameParts } from "./file-name-parts.js";

/**
 * The name to try when `fileName` is taken: `a@2x-2.png` (`dash`, the CLI's) or `a@2x (2).png` (`parenthesised`,
 * the file managers' and VS Code's). The number goes before the extension, so the type stays readable.
 */
export function numberedFileName(fileName: string, n: number, style: "dash" | "parenthesised"): string {
  const { stem, extension } = fileNameParts(fileName);
  const dotted = extension === "" ? "" : `.${extension}`;
  return style === "dash" ? `${stem}-${n}${dotted}` : `${stem} (${n})${dotted}`;
}
