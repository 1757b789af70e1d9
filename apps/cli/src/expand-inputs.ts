import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { imageTypeOfName, looksLikeResult } from "@upscale/core";
import { glob, isDynamicPattern } from "tinyglobby";
import { fileIdentity } from "./file-identity.js";

export interface ExpandedInputs {
  /** Image files to process, in argument order, each real file once (under the first name it was given). */
  files: string[];
  /** The real files behind `files` (see fileIdentity): no result may be written over one of them. */
  identities: ReadonlySet<string>;
  /** Arguments that named nothing to process; each becomes a NOT_FOUND failure. */
  unmatched: { arg: string; message: string }[];
  /** A folder or glob was given: `-o` then names a folder even if it matched a single file. */
  usedPatterns: boolean;
}

/**
 * Files, folders (their images, not subfolders) and globs → image files. Folders and globs skip earlier results
 * (`*@2x.png`) so re-running over a folder does not upscale its own output; a file named explicitly is kept.
 */
export async function expandInputs(args: readonly string[]): Promise<ExpandedInputs> {
  const files: string[] = [];
  const identities = new Set<string>();
  const unmatched: ExpandedInputs["unmatched"] = [];
  let usedPatterns = false;
  const add = async (file: string) => {
    const identity = await fileIdentity(file);
    if (identity === undefined || identities.has(identity)) return;
    identities.add(identity);
    files.push(file);
  };

  for (const arg of args) {
    const stats = await stat(arg).catch(() => undefined);
    if (stats?.isFile()) {
      await add(arg);
      continue;
    }
    let found: string[];
    if (stats?.isDirectory()) {
      const entries = await readdir(arg, { withFileTypes: true });
      found = entries.filter((entry) => entry.isFile()).map((entry) => join(arg, entry.name));
    } else if (isDynamicPattern(arg)) {
      // Results shaped like the pattern: absolute for an absolute pattern, relative to here otherwise.
      found = await glob(arg, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(arg) });
    } else {
      unmatched.push({ arg, message: `File not found: ${arg}. Check the path (globs need quotes).` });
      continue;
    }
    usedPatterns = true;
    const images = found.filter((file) => imageTypeOfName(file) !== undefined && !looksLikeResult(file)).sort();
    if (images.length === 0) {
      const where = stats?.isDirectory() ? `in the folder ${arg}` : `matching ${arg}`;
      unmatched.push({ arg, message: `No PNG, JPEG or WebP images ${where}.` });
    }
    for (const image of images) await add(image);
  }
  return { files, identities, unmatched, usedPatterns };
}
