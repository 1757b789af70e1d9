import { randomBytes } from "node:crypto";
import { unlinkSync } from "node:fs";
import { type FileHandle, link, lstat, mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { numberedFileName } from "@upscale/core";
import { FileError } from "./cli-errors.js";
import { fileIdentity } from "./file-identity.js";

/** Temp files reserved or being written right now, so a forced exit (second Ctrl-C) can still remove them. */
const liveTempFiles = new Set<string>();

export interface ReserveOptions {
  /** Replace an existing file; otherwise an existing `path` fails with OUTPUT_EXISTS and is left untouched. */
  overwrite: boolean;
  /** The real files this run reads (fileIdentity): `path` must never be one of them, under any name. */
  inputs?: ReadonlySet<string>;
}

/** A result's place, proven writable before anything is paid for. */
export interface ReservedOutput {
  /**
   * Writes `bytes` and puts them at `path` (the reserved one by default; required for a folder reservation);
   * resolves with where they ended up. Should the name have been taken meanwhile (another program), the result
   * — perhaps paid for — is kept under a free variant of it (`a@2x-2.png`) rather than lost. `overwrite` covers
   * only the reserved name: another one (the result kept under its own extension) never replaces a file.
   */
  write(bytes: Uint8Array, path?: string): Promise<string>;
  /** Removes the reservation if nothing was written (always call it, e.g. in `finally`). */
  discard(): Promise<void>;
}

/**
 * Checks, before any work is spent, everything a write could fail on: the path is not an input (whatever its
 * spelling: symlink, symlinked folder, `..`, hard link), not a folder, free unless `overwrite`, and its folder
 * exists or can be made and takes a new file — by creating the temp file the result will be written to. A charge
 * is then never followed by "cannot write".
 *
 * The write is atomic: `path` is either absent, the old file, or the complete new file. Data goes to the temp
 * file in the same folder, is flushed, then renamed into place (or hard-linked, which fails instead of replacing
 * when the name is taken — no check-then-write race).
 */
export async function reserveOutput(path: string, options: ReserveOptions): Promise<ReservedOutput> {
  await checkName(path, options);
  return reserve(dirname(path), path, options);
}

/** The same for a result whose name is known only later (a Midjourney task's id): its folder is proven now. */
export function reserveInFolder(folder: string, options: ReserveOptions): Promise<ReservedOutput> {
  return reserve(folder, undefined, options);
}

async function checkName(path: string, { overwrite, inputs }: ReserveOptions): Promise<void> {
  if (await isInput(path, inputs)) {
    throw new FileError(
      "OUTPUT_EXISTS",
      `${path} is an input (perhaps under another name): inputs are never modified, choose another -o.`,
    );
  }
  const existing = await lstat(path).catch(() => undefined);
  if (existing === undefined) return;
  if (existing.isDirectory() || (await stat(path).catch(() => undefined))?.isDirectory()) {
    throw new FileError("IO", `${path} is a folder: choose another -o.`);
  }
  if (!overwrite) throw outputExists(path);
}

/** `.<name>.<12 hex>.tmp` beside the result it reserves. */
function tempName(folder: string, reserved: string | undefined): string {
  return join(folder, `.${basename(reserved ?? "upscale")}.${randomBytes(6).toString("hex")}.tmp`);
}

async function reserve(folder: string, reserved: string | undefined, options: ReserveOptions): Promise<ReservedOutput> {
  const temp = tempName(folder, reserved);
  let handle: FileHandle;
  try {
    await mkdir(folder, { recursive: true });
    handle = await open(temp, "wx");
  } catch (error) {
    throw cannotWrite(reserved ?? `into ${folder}`, error);
  }
  liveTempFiles.add(temp);
  let written = false;

  return {
    async write(bytes, path = reserved) {
      if (path === undefined) throw new Error("A folder reservation is written under a name.");
      try {
        await handle.writeFile(bytes);
        await handle.sync();
        await handle.close();
      } catch (error) {
        throw cannotWrite(path, error);
      }
      // From here the temp file holds the result: it is never removed before it has a name.
      written = true;
      const replaces = reserved === undefined || path === reserved;
      return place(temp, path, replaces ? options : { ...options, overwrite: false });
    },
    async discard() {
      if (written) return;
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      liveTempFiles.delete(temp);
    },
  };
}

/** Reserve and write in one go, for data that costs nothing to make again. */
export async function writeFileAtomic(path: string, bytes: Uint8Array, options: ReserveOptions): Promise<string> {
  const output = await reserveOutput(path, options);
  try {
    return await output.write(bytes);
  } finally {
    await output.discard();
  }
}

/** Puts the finished temp file at `path`, or at the first free `name-N.ext` if `path` went since the check. */
async function place(temp: string, path: string, { overwrite, inputs }: ReserveOptions): Promise<string> {
  const variants = Array.from({ length: 98 }, (_, i) =>
    join(dirname(path), numberedFileName(basename(path), i + 2, "dash")),
  );
  for (const [i, candidate] of [path, ...variants].entries()) {
    if (await isInput(candidate, inputs)) continue;
    try {
      if (i === 0 && overwrite) await rename(temp, candidate);
      else await linkNoReplace(temp, candidate);
      await unlink(temp).catch(() => undefined);
      liveTempFiles.delete(temp);
      return candidate;
    } catch {
      // Taken (or a folder now): the next name.
    }
  }
  // Nowhere to put it: the temp file itself is kept, so the result is not lost.
  liveTempFiles.delete(temp);
  throw new FileError("IO", `Could not name the result ${path}; it was kept as ${temp}.`);
}

async function isInput(path: string, inputs: ReadonlySet<string> | undefined): Promise<boolean> {
  if (inputs === undefined || inputs.size === 0) return false;
  const identity = await fileIdentity(path);
  return identity !== undefined && inputs.has(identity);
}

const HARD_LINKS_UNSUPPORTED = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

async function linkNoReplace(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (!HARD_LINKS_UNSUPPORTED.has(code)) throw error;
    // Some file systems (FAT, some network mounts) have no hard links: check, then rename.
    if ((await lstat(path).catch(() => undefined)) !== undefined) throw outputExists(path);
    await rename(temp, path);
  }
}

function outputExists(path: string): FileError {
  return new FileError("OUTPUT_EXISTS", `${path} already exists: pass --overwrite to replace it, or -o elsewhere.`);
}

function cannotWrite(what: string, error: unknown): FileError {
  return new FileError("IO", `Cannot write ${what}: ${(error as Error).message}`, { cause: error });
}

/** For a process about to exit at once: remove whatever temp files are reserved or mid-write. */
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

/**
 * Removes what a killed run left for `path`: its empty reservations (temp files nothing was written to) made
 * before `before` (ms since the epoch). A live run's reservation is newer; a temp file holding a result is never empty.
 */
export async function removeStaleReservations(path: string, before: number): Promise<void> {
  const folder = dirname(path);
  const prefix = `.${basename(path)}.`;
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length))) continue;
    const temp = join(folder, name);
    const stats = await lstat(temp).catch(() => undefined);
    if (stats?.isFile() && stats.size === 0 && stats.mtimeMs <= before) await unlink(temp).catch(() => undefined);
  }
}
