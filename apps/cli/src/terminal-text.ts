/**
 * C0 and C1 control characters, DEL, and the bidirectional overrides: in a file name they could move the
 * cursor, recolour or clear the terminal, or make a name read differently from what it is.
 */
const UNSAFE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/** `text` with every unsafe character shown as an escape (`\x1b`, `\u202e`), for a line meant for people. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
  });
}

/**
 * The same for JSON text: JSON.stringify already escapes C0 characters; this escapes the rest as `\u00XX`, which
 * any JSON reader decodes back to the same string.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
