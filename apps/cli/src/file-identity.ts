import { stat } from "node:fs/promises";

/**
 * The file a path names, whatever its spelling: device and inode, after following symlinks (of the file and of
 * every folder on the way), so `a.png`, `./x/../a.png`, a symlink to it and a hard link to it are one file.
 * Undefined when nothing is there.
 */
export async function fileIdentity(path: string): Promise<string | undefined> {
  const stats = await stat(path, { bigint: true }).catch(() => undefined);
  return stats === undefined ? undefined : `${stats.dev}:${stats.ino}`;
}
