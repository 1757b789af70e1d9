import * as vscode from "vscode";
import { errorMessage, type OutputLog } from "../output-log.js";
import { baseName } from "../uri-paths.js";
import { moveToFreedesktopTrash } from "./freedesktop-trash.js";

export type DiscardOutcome =
  /** In the trash: VS Code's own, or (where VS Code has none) the freedesktop one at `path`. */
  | { kind: "trashed"; path?: string }
  | { kind: "deleted" }
  /** The user kept it after all (no trash here, and they declined deleting it for good). */
  | { kind: "kept" };

const DELETE = "Delete Permanently";

/**
 * Moves a result to the trash: `workspace.fs.delete` with `useTrash`. Where the file system has no trash
 * (code-server, remote hosts) a local file on Linux goes to the freedesktop trash instead; otherwise the user
 * is asked before it is deleted for good. Only `result` is ever touched.
 */
export async function discardResult(result: vscode.Uri, log: OutputLog): Promise<DiscardOutcome> {
  try {
    await vscode.workspace.fs.delete(result, { useTrash: true, recursive: false });
    return { kind: "trashed" };
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === "FileNotFound") throw error;
    log.info(`Discard: no trash for ${result.toString(true)} through VS Code (${errorMessage(error)}).`);
  }
  if (result.scheme === "file" && process.platform === "linux") {
    try {
      return { kind: "trashed", path: await moveToFreedesktopTrash(result.fsPath) };
    } catch (error) {
      log.info(`Discard: the freedesktop trash refused ${result.fsPath} (${errorMessage(error)}).`);
    }
  }
  const answer = await vscode.window.showWarningMessage(
    `${baseName(result)} cannot be moved to the trash here. Delete it permanently?`,
    { modal: true, detail: "The original stays as it is." },
    DELETE,
  );
  if (answer !== DELETE) return { kind: "kept" };
  await vscode.workspace.fs.delete(result, { useTrash: false, recursive: false });
  return { kind: "deleted" };
}
