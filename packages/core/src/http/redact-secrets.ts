import { encodeUtf8 } from "../internal/utf8.js";
import { InputError } from "../outcome/errors.js";

/** What a secret is replaced with wherever text leaves the core (error messages, vendor messages). */
export const REDACTED = "[REDACTED]";

/**
 * Shorter text is never redacted: a 3-letter "secret" would also cut up ordinary words ("loo[REDACTED]"),
 * so the clients refuse keys this short instead (see {@link checkRedactableKey}).
 */
export const MIN_SECRET_LENGTH = 8;

/**
 * Returns a function that removes every given secret from a text, also in the forms a server or a library may
 * echo it in: in another letter case, percent-encoded (once or twice, any hex case, even only some characters),
 * JSON-escaped, `+` for a space, and base64 or base64url (also inside a longer encoding, such as a Basic
 * credential, where only the characters that depend on the secret alone are replaced).
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  // Longest first, so a secret that contains another is replaced whole.
  const usable = [...new Set(secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  usable.sort((a, b) => b.length - a.length);
  if (usable.length === 0) return (text) => text;
  const forms = usable.map((secret) => [...base64Forms(secret).map(escapeRegExp), spelledPattern(secret)].join("|"));
  const pattern = new RegExp(forms.join("|"), "gi");
  return (text) => text.replace(pattern, REDACTED);
}

/** Matches `secret` character by character, each literally or in one of the escapes that may stand for it. */
function spelledPattern(secret: string): string {
  let pattern = "";
  for (const char of secret) {
    const forms = [escapeRegExp(char)];
    forms.push([...encodeUtf8(char)].map((byte) => `%(?:25)?${hex(byte, 2)}`).join(""));
    for (let i = 0; i < char.length; i++) forms.push(`\\\\u${hex(char.charCodeAt(i), 4)}`);
    if (char === " ") forms.push("\\+");
    if (char === '"' || char === "\\" || char === "/") forms.push(`\\\\${escapeRegExp(char)}`);
    pattern += `(?:${forms.join("|")})`;
  }
  return pattern;
}

const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * The base64 and base64url text that stands for `secret` wherever its bytes start in a longer encoded value: at
 * each of the three offsets, the characters that depend on the secret's bytes alone.
 */
function base64Forms(secret: string): string[] {
  const bytes = [...encodeUtf8(secret)];
  const forms: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = base64([...new Array<number>(offset).fill(0), ...bytes]);
    const total = offset + bytes.length;
    // Characters of a group shared with bytes before or after the secret are left out.
    const start = [0, 2, 3][offset] as number;
    const end = Math.floor(total / 3) * 4 + (total % 3);
    const core = encoded.slice(start, end);
    forms.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...new Set(forms)];
}

/** Base64 without padding (btoa is missing in Figma's main thread, and works on Latin-1 only). */
function base64(bytes: readonly number[]): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const group = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, bytes.length - i + 1);
    for (let c = 0; c < chars; c++) text += BASE64_ALPHABET[(group >> (18 - 6 * c)) & 63];
  }
  return text;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, "0");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** `text` with every occurrence of each secret replaced by {@link REDACTED}. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets)(text);
}

/** `value` with `redact` applied to every string in it, however deeply a vendor's JSON nests its text. */
export function redactJson(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, redact));
  if (typeof value === "object" && value !== null) {
    // A loop, not Object.fromEntries: the core targets ES2017 (Figma's sandbox).
    const redacted: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) redacted[redact(key)] = redactJson(item, redact);
    return redacted;
  }
  return value;
}

/**
 * Refuses an API key too short to be redacted reliably (no real GPTunnel or Ideogram key is): it could not be
 * kept out of error messages. `keyHint` is how this app's user sets the key (ClientOptions.keyHint).
 */
export function checkRedactableKey(apiKey: string, service: string, keyHint: string): void {
  if (apiKey.length < MIN_SECRET_LENGTH) {
    throw new InputError(
      "AUTH",
      `The ${service} API key has only ${apiKey.length} character${apiKey.length === 1 ? "" : "s"}, too short to be a real key: ` +
        `copy the whole key again, then ${keyHint}.`,
    );
  }
}
