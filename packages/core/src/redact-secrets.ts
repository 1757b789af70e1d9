import { InputError } from "./errors.js";

/** What a secret is replaced with wherever text leaves the core (error messages, vendor messages). */
export const REDACTED = "[REDACTED]";

/**
 * Shorter text is never redacted: a 3-letter "secret" would also cut up ordinary words ("loo[REDACTED]"),
 * so the clients refuse keys this short instead (see {@link checkRedactableKey}).
 */
export const MIN_SECRET_LENGTH = 8;

/**
 * Returns a function that removes every given secret from a text, also in the forms a server or a library
 * may echo it in: percent-encoded (from a URL) and JSON-escaped (from a serialised body).
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a form that contains another is replaced whole.
  const ordered = [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((result, form) => result.split(form).join(REDACTED), text);
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
 * kept out of error messages. `keyName` is the environment variable users set the key in.
 */
export function checkRedactableKey(apiKey: string, service: string, keyName: string): void {
  if (apiKey.length < MIN_SECRET_LENGTH) {
    throw new InputError(
      "AUTH",
      `The ${service} API key (${keyName}) has only ${apiKey.length} character${apiKey.length === 1 ? "" : "s"}, too short to be a real key: ` +
        "copy the whole key again.",
    );
  }
}
