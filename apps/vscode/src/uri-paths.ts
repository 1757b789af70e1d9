import { posix } from "node:path";
import { InputError } from "@upscale/core/provider-kit";
import * as vscode from "vscode";

/** Path helpers on URIs, so remote and virtual workspaces (any scheme) work like local folders. */

export function baseName(uri: vscode.Uri): string {
  return posix.basename(uri.path);
}

export function parentFolder(uri: vscode.Uri): vscode.Uri {
  return uri.with({ path: posix.dirname(uri.path) });
}

export function sibling(uri: vscode.Uri, fileName: string): vscode.Uri {
  return vscode.Uri.joinPath(parentFolder(uri), fileName);
}

export function sameResource(a: vscode.Uri, b: vscode.Uri): boolean {
  return a.toString() === b.toString();
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === "FileNotFound") return false;
    throw error;
  }
}

/** Where results without a file of origin go (a new Midjourney grid): the first workspace folder. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) {
    throw new InputError("INVALID_REQUEST", "Open a folder first: Midjourney images are saved in the workspace.");
  }
  return folder.uri;
}
