import { randomBytes } from "node:crypto";
import { unlinkSync } from "node:fs";
import { link, mkdir, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { FileError } from "./cli-errors.js";
import { pathExists } from "./path-exists.js";

/** Temp files being written right now, so a forced exit (second Ctrl-C) can still remove them. */
const liveTempFiles = new Set<string>();

export interface WriteOptions {
  /** Replace an existing file; otherwise an existing `path` fails with OUTPUT_EXISTS and is left untouched. */
  overwrite: boolean;
}

/**
 * Writes `bytes` to `path` so that `path` is either absent, the old file, or the complete new file: data goes
 * to a temp file in the same folder, is flushed, then renamed into place (or hard-linked, which fails instead
 * of replacing when the name is taken — no check-then-write race). Creates missing folders.
 *
 * It takes no abort signal on purpose: a finished result (perhaps paid for) takes milliseconds to write and is
 * always kept; Ctrl-C stops the network work before it, and a forced exit removes the temp file.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array, options: WriteOptions): Promise<void> {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  liveTempFiles.add(temp);
  try {
    await mkdir(folder, { recursive: true });
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite) await rename(temp, path);
    else await linkNoReplace(temp, path);
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError("IO", `Cannot write ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    liveTempFiles.delete(temp);
    await unlink(temp).catch(() => undefined);
  }
}

const HARD_LINKS_UNSUPPORTED = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

async function linkNoReplace(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "EEXIST") throw outputExists(path);
    if (!HARD_LINKS_UNSUPPORTED.has(code)) throw error;
    // Some file systems (FAT, some network mounts) have no hard links: check, then rename.
    if (await pathExists(path)) throw outputExists(path);
    await rename(temp, path);
  }
}

/**
 * Refuses, before any work is spent, an output that would replace its own input, or any existing file
 * without `overwrite`. (The write itself still refuses atomically; this only avoids paying for nothing.)
 */
export async function assertOutputFree(path: string, input: string | undefined, overwrite: boolean): Promise<void> {
  if (input !== undefined && resolve(path) === resolve(input)) {
    throw new FileError("OUTPUT_EXISTS", `${path} is the input itself: inputs are never modified, choose another -o.`);
  }
  if (!overwrite && (await pathExists(path))) throw outputExists(path);
}

function outputExists(path: string): FileError {
  return new FileError("OUTPUT_EXISTS", `${path} already exists: pass --overwrite to replace it, or -o elsewhere.`);
}

/** For a process about to exit at once: remove whatever temp files are mid-write. */
export function removeTempFilesSync(): void {
  for (const temp of liveTempFiles) {
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed or removed.
    }
  }
  liveTempFiles.clear();
}
