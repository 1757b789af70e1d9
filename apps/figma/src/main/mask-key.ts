import type { MaskedKey } from "../shared/messages.js";

/**
 * What the UI may show of a stored key: that it is set and its last four characters, so a user can tell two
 * keys apart without the key ever reaching the iframe. Short keys show no characters at all.
 */
export function maskKey(key: string | undefined): MaskedKey {
  if (key === undefined || key === "") return { set: false, masked: "" };
  const tail = key.length >= 12 ? key.slice(-4) : "";
  return { set: true, masked: `••••••••${tail}` };
}
