import { decodeLedgerTarget, type ResultTarget } from "@upscale/core";

/**
 * Where an upscale run's result goes: a canvas image, by its hash — every layer showing it gets the result. The
 * core has no target kind of its own for it (its kinds are files, folders and nodes), so it travels as a file target
 * whose path is the URI `figma-image:<hash>`; in a ledger entry it names the image a paid generation is for.
 */
const IMAGE_URI = "figma-image:";

export function imageTarget(hash: string): ResultTarget {
  return { kind: "file", path: `${IMAGE_URI}${hash}` };
}

/** The image hash a target (or a ledger entry's target text) names, if it is one this plugin wrote. */
export function hashOfTarget(target: ResultTarget | string | undefined): string | undefined {
  const decoded = typeof target === "string" ? decodeLedgerTarget(target) : target;
  if (decoded?.kind !== "file" || !decoded.path.startsWith(IMAGE_URI)) return undefined;
  return decoded.path.slice(IMAGE_URI.length);
}
