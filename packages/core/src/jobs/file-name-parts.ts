/**
 * A file name's stem and extension (without its dot; "" when it has none). A leading dot is part of the stem:
 * ".png" is a name without an extension, as file managers read it.
 */
export function fileNameParts(fileName: string): { stem: string; extension: string } {
  const dot = fileName.lastIndexOf(".");
  return dot > 0
    ? { stem: fileName.slice(0, dot), extension: fileName.slice(dot + 1) }
    : { stem: fileName, extension: "" };
}
