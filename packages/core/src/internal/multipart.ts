import { InputError } from "../outcome/errors.js";
import { concatBytes } from "./concat-bytes.js";
import { encodeUtf8 } from "./utf8.js";

/**
 * A `multipart/form-data` body built by hand, because Figma's main-thread fetch takes no FormData or Blob:
 * only a `Uint8Array` or a string.
 */
export type MultipartPart =
  | { name: string; value: string }
  | { name: string; filename: string; contentType: string; data: Uint8Array };

export interface EncodedMultipart {
  body: Uint8Array;
  contentType: string;
}

const BOUNDARY_PATTERN = /^[0-9A-Za-z'()+_,\-./:=?]{1,70}$/;

/**
 * Encodes `parts` the way browsers do: names and file names are UTF-8 with `"`, CR and LF percent-escaped
 * (WHATWG HTML, "multipart/form-data encoding algorithm"); values and file bytes go through unchanged.
 */
export function encodeMultipart(parts: readonly MultipartPart[], boundary?: string): EncodedMultipart {
  const contents = parts.map((part) => ("data" in part ? part.data : encodeUtf8(part.value)));
  const chosen = boundary ?? randomBoundary(contents);
  if (!BOUNDARY_PATTERN.test(chosen)) {
    throw new InputError("INVALID_REQUEST", `"${chosen}" is not a valid multipart boundary (RFC 2046).`);
  }
  if (contents.some((content) => contains(content, encodeUtf8(`--${chosen}`)))) {
    throw new InputError("INVALID_REQUEST", `The multipart boundary "${chosen}" occurs inside a part.`);
  }

  const chunks: Uint8Array[] = [];
  parts.forEach((part, index) => {
    let head = `--${chosen}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"`;
    if ("data" in part) {
      if (/[\r\n]/.test(part.contentType)) {
        throw new InputError("INVALID_REQUEST", `The content type of part "${part.name}" contains a line break.`);
      }
      head += `; filename="${escapeName(part.filename)}"\r\nContent-Type: ${part.contentType}`;
    }
    chunks.push(encodeUtf8(`${head}\r\n\r\n`), contents[index] as Uint8Array, encodeUtf8("\r\n"));
  });
  chunks.push(encodeUtf8(`--${chosen}--\r\n`));
  return { body: concatBytes(chunks), contentType: `multipart/form-data; boundary=${chosen}` };
}

function escapeName(name: string): string {
  return name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

// Not a secret, only unlikely: still checked against every part, so a collision is impossible, not rare.
function randomBoundary(contents: readonly Uint8Array[]): string {
  for (;;) {
    const candidate = `----upscale${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    const marker = encodeUtf8(`--${candidate}`);
    if (!contents.some((content) => contains(content, marker))) return candidate;
  }
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  for (
    let start = haystack.indexOf(first as number);
    start !== -1;
    start = haystack.indexOf(first as number, start + 1)
  ) {
    if (start + needle.length > haystack.length) return false;
    let i = 1;
    while (i < needle.length && haystack[start + i] === needle[i]) i++;
    if (i === needle.length) return true;
  }
  return false;
}
