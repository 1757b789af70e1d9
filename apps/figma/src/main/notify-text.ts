/** Figma shows at most 100 characters in a notification; longer text is cut with an ellipsis, never dropped. */
export const NOTIFY_MAX_CHARS = 100;

export function notifyText(message: string): string {
  const flat = message.replace(/\s+/g, " ").trim();
  if (flat.length <= NOTIFY_MAX_CHARS) return flat;
  return `${flat.slice(0, NOTIFY_MAX_CHARS - 1).trimEnd()}…`;
}
