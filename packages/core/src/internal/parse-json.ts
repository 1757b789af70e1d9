import { decodeUtf8 } from "./utf8.js";

/** The body as JSON, or `undefined` when it is not JSON (wrapped, so a body of `null` is told apart). */
export function parseJson(body: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(decodeUtf8(body)) };
  } catch {
    return undefined;
  }
}
