import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { fileIdentity } from "./file-identity.js";

/** Why a file a folder or glob turned up is not processed; `undefined` to process it. */
export type Classify = (file: string) => Promise<string | undefined>;

export interface ExpandedInputs {
  /** Files to process, in argument order, each real file once (under the first name it was given). */
  files: string[];
  /** The real files behind `files` (see fileIdentity): no result may be written over one of them. */
  identities: ReadonlySet<string>;
  /** Files a folder or glob held that are not processed, each with why: reported and counted, never silent. */
  skipped: { file: string; reason: string }[];
  /** Arguments that named nothing at all; each becomes a NOT_FOUND failure. */
  unmatched: { arg: string; message: string }[];
  /** A folder or glob was given: `-o` then names a folder even if it matched a single file. */
  usedPatterns: boolean;
}

/**
 * Files, folders (their files, not subfolders) and globs → files to process. What a folder or glob turns up is
 * classified (an unsupported type, an earlier result of this tool…) and every file not processed is reported with
 * why; a file named explicitly is always processed (the core then judges its bytes).
 */
export async function expandInputs(args: readonly string[], classify: Classify): Promise<ExpandedInputs> {
  const files: string[] = [];
  const identities = new Set<string>();
  const skipped: ExpandedInputs["skipped"] = [];
  const unmatched: ExpandedInputs["unmatched"] = [];
  const skippedIdentities = new Set<string>();
  let usedPatterns = false;
  const add = async (file: string) => {
    const identity = await fileIdentity(file);
    if (identity === undefined || identities.has(identity)) return;
    identities.add(identity);
    files.push(file);
  };
  const skip = async (file: string, reason: string) => {
    const identity = await fileIdentity(file);
    if (identity === undefined || skippedIdentities.has(identity)) return;
    skippedIdentities.add(identity);
    skipped.push({ file, reason });
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
    if (found.length === 0) {
      const message = stats?.isDirectory() ? `The folder ${arg} has no files.` : `No files match ${arg}.`;
      unmatched.push({ arg, message });
    }
    for (const file of found.sort()) {
      const reason = await classify(file);
      if (reason === undefined) await add(file);
      else await skip(file, reason);
    }
  }
  return { files, identities, skipped, unmatched, usedPatterns };
}
