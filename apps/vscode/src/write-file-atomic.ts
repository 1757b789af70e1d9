import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import { baseName, sibling } from "./uri-paths.js";

/**
 * Writes through `workspace.fs` (remote and virtual workspaces too) so that `target` is either absent, the old
 * file, or the complete new one: the bytes go to a hidden temporary name in the same folder, then are renamed
 * into place. Without `overwrite` the rename refuses an existing file instead of replacing it.
 */
export async function writeFileAtomic(target: vscode.Uri, bytes: Uint8Array, overwrite: boolean): Promise<void> {
  const temp = sibling(target, `.${baseName(target)}.${randomUUID().slice(0, 8)}.tmp`);
  await vscode.workspace.fs.writeFile(temp, bytes);
  try {
    await vscode.workspace.fs.rename(temp, target, { overwrite });
  } catch (error) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    throw error;
  }
}
