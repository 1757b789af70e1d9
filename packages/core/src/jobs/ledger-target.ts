import type { ResultTarget } from "./job-ports.js";

const NODE_PREFIX = "node:";
/** As the Figma plugin wrote canvas images before the core had a kind for them (a file target with this scheme). */
const IMAGE_PREFIX = "figma-image:";
/** A bare Figma node id ("12:34", "I12:34;56:78"), as the Figma plugin stored targets before this encoding. */
const BARE_NODE_ID = /^I?\d+:\d+(;\d+:\d+)*$/;

/**
 * The one string form of "where a paid task's image goes", kept in a ledger entry's `target`: a file as its path
 * (or Uri string), a folder as its path ending in "/", a canvas node as `node:<id>`, a canvas image as
 * `figma-image:<hash>`. Paths and Uris written by earlier versions read back unchanged.
 */
export function encodeLedgerTarget(target: ResultTarget): string {
  switch (target.kind) {
    case "file":
      return target.path;
    case "folder":
      return target.path.endsWith("/") ? target.path : `${target.path}/`;
    case "node":
      return `${NODE_PREFIX}${target.id}`;
    case "image":
      return `${IMAGE_PREFIX}${target.hash}`;
  }
}

/** The target a ledger entry names (see {@link encodeLedgerTarget}); a folder's path comes without its "/". */
export function decodeLedgerTarget(text: string): ResultTarget {
  if (text.startsWith(NODE_PREFIX)) return { kind: "node", id: text.slice(NODE_PREFIX.length) };
  if (text.startsWith(IMAGE_PREFIX)) return { kind: "image", hash: text.slice(IMAGE_PREFIX.length) };
  if (BARE_NODE_ID.test(text)) return { kind: "node", id: text };
  if (text.endsWith("/") && text.length > 1) return { kind: "folder", path: text.slice(0, -1) };
  if (text === "/") return { kind: "folder", path: "/" };
  return { kind: "file", path: text };
}
