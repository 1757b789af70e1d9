import { isToolOutput } from "@upscale/core";
import { conversionTarget, IMAGE_TYPE_NAMES, type ImageFileType, sniffImageFileType } from "@upscale/core/provider-kit";
import * as vscode from "vscode";
import type { FileProviderId } from "./providers.js";
import { baseName } from "./uri-paths.js";

/** A selected file a run leaves alone, and why, in words for the user. */
export interface SkippedInput {
  uri: vscode.Uri;
  reason: string;
}

const PROVIDER_NAMES: Readonly<Record<FileProviderId, string>> = {
  local: "the offline provider",
  ideogram: "Ideogram",
};

/**
 * A multi-selection sorted by content, as the CLI sorts a folder: an image of a type the provider takes is upscaled
 * — unless it carries this toolkit's mark (an earlier result, whatever its name: a designer's own `icon@2x.png` has
 * none); an image of another type is left out with what to convert it to (the core's choice); anything else, a
 * folder included, is left out as such. A file that cannot be read is kept, so the run says why it failed. A single
 * file is the user's explicit choice and is never sorted out here.
 */
export async function sortSelection(
  uris: readonly vscode.Uri[],
  provider: { id: FileProviderId; inputTypes: readonly ImageFileType[] },
): Promise<{ inputs: vscode.Uri[]; skipped: SkippedInput[] }> {
  if (uris.length < 2) return { inputs: [...uris], skipped: [] };
  const inputs: vscode.Uri[] = [];
  const skipped: SkippedInput[] = [];
  for (const uri of uris) {
    const reason = await whyNotUpscaled(uri, provider.inputTypes, PROVIDER_NAMES[provider.id]);
    if (reason === undefined) inputs.push(uri);
    else skipped.push({ uri, reason });
  }
  return { inputs, skipped };
}

async function whyNotUpscaled(
  uri: vscode.Uri,
  accepts: readonly ImageFileType[],
  provider: string,
): Promise<string | undefined> {
  const info = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
  if (info !== undefined && (info.type & vscode.FileType.Directory) !== 0) return "a folder: select the images in it.";
  const bytes = await Promise.resolve(vscode.workspace.fs.readFile(uri)).catch(() => undefined);
  if (bytes === undefined) return undefined;
  const type = sniffImageFileType(bytes);
  if (type === undefined) return "not an image.";
  if (accepts.includes(type)) {
    return isToolOutput(bytes)
      ? "already an upscale result (it carries this toolkit's mark); select it alone to upscale it again."
      : undefined;
  }
  const target = conversionTarget(bytes, accepts);
  const into =
    target === undefined ? accepts.map((accepted) => IMAGE_TYPE_NAMES[accepted]).join(", ") : IMAGE_TYPE_NAMES[target];
  return `${IMAGE_TYPE_NAMES[type]} images are not upscaled by ${provider}: convert it to ${into} first.`;
}

/**
 * Says which selected files were left out and why: one warning for all of them (a toast shows the start; the whole
 * list is one click away), and a line each in the output channel.
 */
export function reportSkipped(skipped: readonly SkippedInput[], selected: number, log: (line: string) => void): void {
  if (skipped.length === 0) return;
  for (const { uri, reason } of skipped) log(`${uri.fsPath}: not upscaled: ${reason}`);
  const list = skipped.map(({ uri, reason }) => `${baseName(uri)}: ${reason}`).join(" ");
  const files = selected === 1 ? "file" : "files";
  void vscode.window.showWarningMessage(
    `Upscale: ${skipped.length} of ${selected} selected ${files} not upscaled. ${list}`,
  );
}
