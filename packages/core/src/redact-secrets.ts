/** What a secret is replaced with wherever text leaves the core (error messages, vendor messages). */
export const REDACTED = "[REDACTED]";

/**
 * Returns a function that removes every given secret from a text, also in the forms a server or a library
 * may echo it in: percent-encoded (from a URL) and JSON-escaped (from a serialised body).
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === "") continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a form that contains another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((result, form) => result.split(form).join(REDACTED), text);
}

/** `text` with every occurrence of each secret replaced by {@link REDACTED}. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets)(text);
}
