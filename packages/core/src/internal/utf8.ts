/**
 * UTF-8 without relying on TextEncoder/TextDecoder: Figma's plugin main thread has neither. The globals are
 * used where they exist; the fallbacks follow the WHATWG Encoding standard (lone surrogates and invalid bytes
 * become U+FFFD, a leading byte-order mark is dropped), so both paths give the same result.
 */

const REPLACEMENT = 0xfffd;

export function encodeUtf8(text: string): Uint8Array {
  if (typeof TextEncoder === "function") return new TextEncoder().encode(text);
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = text.charCodeAt(i + 1);
      if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else {
        code = REPLACEMENT;
      }
    }
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else {
      bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    }
  }
  return Uint8Array.from(bytes);
}

/** Invalid sequences become U+FFFD, or, with `fatal`, throw a TypeError (as TextDecoder's `fatal` does). */
export function decodeUtf8(bytes: Uint8Array, options: { fatal?: boolean } = {}): string {
  const fatal = options.fatal === true;
  if (typeof TextDecoder === "function") return new TextDecoder("utf-8", { fatal }).decode(bytes);
  const units: number[] = [];
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length) {
    const { codePoint, length } = readCodePoint(bytes, i);
    if (codePoint === undefined && fatal) throw new TypeError("The bytes are not valid UTF-8.");
    const code = codePoint ?? REPLACEMENT;
    if (code < 0x10000) units.push(code);
    else units.push(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff));
    i += length;
  }
  let text = "";
  // In slices: spreading a few megabytes of arguments into one call overflows the stack.
  for (let start = 0; start < units.length; start += 8192) {
    text += String.fromCharCode(...units.slice(start, start + 8192));
  }
  return text;
}

/**
 * The code point starting at `start`, or `undefined` for an invalid sequence; `length` is what to skip: the
 * whole character, or the "maximal subpart" of a broken one, so the byte that broke it is read again.
 */
function readCodePoint(bytes: Uint8Array, start: number): { codePoint: number | undefined; length: number } {
  const lead = bytes[start] as number;
  if (lead < 0x80) return { codePoint: lead, length: 1 };
  let needed: number;
  let codePoint: number;
  if (lead >= 0xc2 && lead <= 0xdf) [needed, codePoint] = [1, lead & 0x1f];
  else if (lead >= 0xe0 && lead <= 0xef) [needed, codePoint] = [2, lead & 0x0f];
  else if (lead >= 0xf0 && lead <= 0xf4) [needed, codePoint] = [3, lead & 0x07];
  else return { codePoint: undefined, length: 1 };
  // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
  let lower = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  let upper = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  for (let seen = 1; seen <= needed; seen++) {
    const next = bytes[start + seen];
    if (next === undefined || next < lower || next > upper) return { codePoint: undefined, length: seen };
    codePoint = (codePoint << 6) | (next & 0x3f);
    lower = 0x80;
    upper = 0xbf;
  }
  return { codePoint, length: needed + 1 };
}
