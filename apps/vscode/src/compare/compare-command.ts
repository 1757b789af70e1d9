import * as vscode from "vscode";
import { activeTabUri, isImageUri, PICKER_EXTENSIONS } from "../image-targets.js";
import { baseName, parentFolder } from "../uri-paths.js";
import { type CompareHost, type ComparePair, showCompare } from "./compare-panel.js";
import { originOf } from "./result-origins.js";

export const COMPARE_COMMAND = "upscale.compareWithOriginal";

/**
 * `Compare with Original`: a result the extension wrote (explorer, editor title, or the active tab) against the
 * original it came from; any other image against an original the user picks; from the palette with no result
 * at hand, two images the user picks.
 */
export async function compareWithOriginalCommand(host: CompareHost, clicked?: unknown): Promise<void> {
  const started = performance.now();
  const pair = await comparePair(clicked);
  if (pair === undefined) return;
  if (pair.original.toString() === pair.result.toString()) {
    void vscode.window.showInformationMessage("Upscale: pick two different images to compare.");
    return;
  }
  showCompare(host, pair, started);
}

async function comparePair(clicked: unknown): Promise<ComparePair | undefined> {
  if (clicked instanceof vscode.Uri) {
    const original =
      originOf(clicked) ?? (await pickImage(`Compare ${baseName(clicked)} with which original?`, clicked));
    return original === undefined ? undefined : { original, result: clicked };
  }
  const active = activeTabUri();
  const knownOriginal = active === undefined ? undefined : originOf(active);
  if (active !== undefined && knownOriginal !== undefined) return { original: knownOriginal, result: active };
  const original = await pickImage("Compare: pick the original");
  if (original === undefined) return undefined;
  const result = await pickImage(`Compare ${baseName(original)} with which result?`, original);
  return result === undefined ? undefined : { original, result };
}

/** One image file, starting in the folder of `near` (else the workspace). */
async function pickImage(title: string, near?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectMany: false,
    openLabel: "Compare",
    defaultUri: near === undefined ? vscode.workspace.workspaceFolders?.[0]?.uri : parentFolder(near),
    filters: { Images: [...PICKER_EXTENSIONS] },
  });
  const [uri] = picked ?? [];
  if (uri !== undefined && !isImageUri(uri)) {
    void vscode.window.showInformationMessage("Upscale: compare PNG, JPEG or WebP images.");
    return undefined;
  }
  return uri;
}
