import { numberedFileName } from "@upscale/core";
import { InputError } from "@upscale/core/provider-kit";
import * as vscode from "vscode";
import type { OverwritePolicy } from "./settings.js";
import { baseName, exists, parentFolder } from "./uri-paths.js";

/** Where a result goes, and whether it may replace a file there. */
export interface OutputChoice {
  uri: vscode.Uri;
  overwrite: boolean;
}

/** Most numbered names "Keep Both" tries before giving up. */
const MAX_NUMBERED = 999;

/**
 * Decides before any payment where a result is written. An existing file is replaced only with consent: `ask`
 * puts the question (Replace / Keep Both / Cancel), `never` keeps both, `always` replaces. Returns undefined when
 * the user cancels.
 */
export async function chooseOutput(target: vscode.Uri, policy: OverwritePolicy): Promise<OutputChoice | undefined> {
  if (!(await exists(target))) return { uri: target, overwrite: false };
  if (policy === "always") return { uri: target, overwrite: true };
  if (policy === "ask") {
    // The first button is the one Enter presses: the safe answer, so a reflex never replaces a file.
    const answer = await vscode.window.showWarningMessage(
      `${baseName(target)} already exists. Replace it?`,
      { modal: true, detail: `In ${parentFolder(target).fsPath}. The original image is never modified.` },
      "Keep Both",
      "Replace",
    );
    if (answer === undefined) return undefined;
    if (answer === "Replace") return { uri: target, overwrite: true };
  }
  return { uri: await freeNumberedName(target), overwrite: false };
}

async function freeNumberedName(target: vscode.Uri): Promise<vscode.Uri> {
  const folder = parentFolder(target);
  for (let n = 2; n <= MAX_NUMBERED; n++) {
    const candidate = vscode.Uri.joinPath(folder, numberedFileName(baseName(target), n, "parenthesised"));
    if (!(await exists(candidate))) return candidate;
  }
  throw new InputError("INVALID_REQUEST", `${MAX_NUMBERED} numbered copies of ${baseName(target)} exist already.`);
}
