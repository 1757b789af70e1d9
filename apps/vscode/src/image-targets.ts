import { imageTypeOfName } from "@upscale/core";
import * as vscode from "vscode";
import { baseName } from "./uri-paths.js";

/**
 * The file picker's filter. The core reads these names as images but exports no list of them; a test keeps this
 * one equal to what the core's imageTypeOfName accepts.
 */
export const PICKER_EXTENSIONS = ["png", "jpg", "jpeg", "jpe", "webp"] as const;

export function isImageUri(uri: vscode.Uri): boolean {
  return imageTypeOfName(baseName(uri)) !== undefined;
}

/**
 * The images a command works on. From the explorer VS Code passes `(clicked, selected[])`: the selection when
 * several are selected (all of it: the run sorts it by content and reports what it leaves out), else the clicked
 * file; the editor/title button passes the preview's file. From the
 * palette: the file of the active tab (the image preview is a custom editor, so `activeTextEditor` is
 * undefined there), else a file picker allowing several.
 */
export async function resolveImageTargets(clicked?: unknown, selected?: unknown): Promise<vscode.Uri[] | undefined> {
  const fromArgs = Array.isArray(selected) && selected.length > 0 ? selected : clicked ? [clicked] : [];
  const uris = fromArgs.filter((item): item is vscode.Uri => item instanceof vscode.Uri);
  // Several: every one, so the run can say why it leaves some out (sortSelection); one: only an image's name.
  if (uris.length > 1) return uris;
  if (uris.length > 0) return uris.filter(isImageUri);
  const active = activeTabUri();
  if (active !== undefined && isImageUri(active)) return [active];
  return pickImages();
}

/** The file shown in the active tab: a text editor or a custom editor such as the image preview. */
export function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) return input.uri;
  return undefined;
}

async function pickImages(): Promise<vscode.Uri[] | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: "Upscale images",
    canSelectMany: true,
    openLabel: "Upscale",
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { Images: [...PICKER_EXTENSIONS] },
  });
  return picked && picked.length > 0 ? picked : undefined;
}
