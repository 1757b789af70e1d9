import { constants } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, extname, join } from "node:path";

/**
 * Moves a local file to the user's trash as the freedesktop.org Trash specification (1.0) describes it, the
 * trash Linux desktops show and restore from: the file goes to `$XDG_DATA_HOME/Trash/files/`, a `.trashinfo`
 * with its old path and the deletion time to `Trash/info/`, the info first and created exclusively (that claims
 * the name). For where VS Code has no trash of its own: code-server and remote Linux hosts. A file on another
 * device than the home trash is refused (EXDEV), as the move would be a copy. Resolves with the trashed path.
 */
export async function moveToFreedesktopTrash(path: string, env = process.env, now = new Date()): Promise<string> {
  const trash = join(env.XDG_DATA_HOME || join(homedir(), ".local/share"), "Trash");
  await mkdir(join(trash, "files"), { recursive: true, mode: 0o700 });
  await mkdir(join(trash, "info"), { recursive: true, mode: 0o700 });
  const name = basename(path);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? name : numbered(name, n);
    const info = join(trash, "info", `${candidate}.trashinfo`);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(info, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw error;
    }
    try {
      await handle.writeFile(trashInfo(path, now));
    } finally {
      await handle.close();
    }
    const target = join(trash, "files", candidate);
    try {
      await rename(path, target);
      return target;
    } catch (error) {
      await rm(info, { force: true });
      throw error;
    }
  }
  throw new Error(`No free name for ${name} in ${trash}`);
}

/** The `.trashinfo` body: the path percent-encoded like a URI path, the local time without a zone. */
export function trashInfo(path: string, when: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const date =
    `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}` +
    `T${pad(when.getHours())}:${pad(when.getMinutes())}:${pad(when.getSeconds())}`;
  const encoded = path
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
  return `[Trash Info]\nPath=${encoded}\nDeletionDate=${date}\n`;
}

function numbered(name: string, n: number): string {
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)}.${n}${ext}`;
}
