import { randomUUID } from "node:crypto";
import { numberedFileName } from "@upscale/core";
import * as vscode from "vscode";
import { baseName, sibling } from "./uri-paths.js";

/** Most numbered names tried for a result whose name was taken while it was being made. */
const MAX_NUMBERED = 999;

/**
 * Writes through `workspace.fs` (remote and virtual workspaces too) so that `target` is either absent, the old
 * file, or the complete new one: the bytes go to a hidden temporary name in the same folder, then are renamed
 * into place. Without `overwrite` the rename refuses an existing file instead of replacing it; should another
 * program have taken the name since it was chosen, the result — perhaps paid for — is kept under the next free
 * numbered name (`photo@2x (2).png`) rather than lost. Resolves with where the bytes ended up.
 */
export async function writeFileAtomic(target: vscode.Uri, bytes: Uint8Array, overwrite: boolean): Promise<vscode.Uri> {
  const temp = sibling(target, `.${baseName(target)}.${randomUUID().slice(0, 8)}.tmp`);
  await vscode.workspace.fs.writeFile(temp, bytes);
  try {
    return await renameToFreeName(temp, target, overwrite);
  } catch (error) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    throw error;
  }
}

async function renameToFreeName(temp: vscode.Uri, target: vscode.Uri, overwrite: boolean): Promise<vscode.Uri> {
  for (let n = 1; n <= MAX_NUMBERED; n++) {
    const candidate = n === 1 ? target : sibling(target, numberedFileName(baseName(target), n, "parenthesised"));
    try {
      await vscode.workspace.fs.rename(temp, candidate, { overwrite });
      return candidate;
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === "FileExists")) throw error;
    }
  }
  throw vscode.FileSystemError.FileExists(target);
}
