/**
 * The name to try when `fileName` is taken: `a@2x-2.png` (`dash`, the CLI's) or `a@2x (2).png` (`parenthesised`,
 * the file managers' and VS Code's). The number goes before the extension, so the type stays readable.
 */
export function numberedFileName(fileName: string, n: number, style: "dash" | "parenthesised"): string {
  const dot = fileName.lastIndexOf(".");
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const extension = dot > 0 ? fileName.slice(dot) : "";
  return style === "dash" ? `${stem}-${n}${extension}` : `${stem} (${n})${extension}`;
}
