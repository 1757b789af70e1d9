import { type MidjourneyImageIndex, midjourneyTaskIdSchema, readMidjourneyTaskId } from "@upscale/core";
import { InputError } from "@upscale/core/provider-kit";
import * as vscode from "vscode";
import { activeTabUri } from "./image-targets.js";
import { baseName } from "./uri-paths.js";

/** The task an upsample or variation starts from, and the PNG that carries its id when there is one. */
export interface MidjourneyParent {
  taskId: string;
  file?: vscode.Uri;
}

/**
 * From a grid file (the explorer's argument, or the PNG in the active tab) that carries its task id, else from
 * a task id typed in. Undefined when the user cancels.
 */
export async function resolveMidjourneyParent(clicked?: unknown): Promise<MidjourneyParent | undefined> {
  if (clicked instanceof vscode.Uri) return { taskId: await readTaskIdFromFile(clicked, true), file: clicked };
  const active = activeTabUri();
  if (active !== undefined && /\.png$/i.test(active.path)) {
    const taskId = await readTaskIdFromFile(active, false);
    if (taskId !== "") return { taskId, file: active };
  }
  const typed = await vscode.window.showInputBox({
    title: "Midjourney task",
    prompt: "The task id (24 hex characters) of a finished grid. Or run this command on a grid PNG saved here.",
    ignoreFocusOut: true,
    validateInput: (value) =>
      midjourneyTaskIdSchema.safeParse(value.trim()).success ? undefined : "A task id is 24 hex characters.",
  });
  return typed === undefined ? undefined : { taskId: typed.trim() };
}

/** The id stored in a PNG saved by this extension; "" when absent and `required` is false. */
async function readTaskIdFromFile(uri: vscode.Uri, required: boolean): Promise<string> {
  const taskId = readMidjourneyTaskId(await vscode.workspace.fs.readFile(uri));
  if (taskId !== undefined) return taskId;
  if (!required) return "";
  throw new InputError(
    "INVALID_REQUEST",
    `${baseName(uri)} carries no Midjourney task id: run the command on an image saved by "Midjourney: Imagine…" ` +
      "or enter the task id instead.",
  );
}

const QUADRANTS = ["top left", "top right", "bottom left", "bottom right"] as const;

/** 1–4 (numbered as Midjourney numbers a grid), or `whole` for a variation of an upsampled image. */
export async function pickQuadrant(
  title: string,
  allowWhole: boolean,
): Promise<MidjourneyImageIndex | "whole" | undefined> {
  const items: (vscode.QuickPickItem & { index: MidjourneyImageIndex | "whole" })[] = QUADRANTS.map((where, i) => ({
    label: String(i + 1),
    description: where,
    index: (i + 1) as MidjourneyImageIndex,
  }));
  if (allowWhole) items.push({ label: "Whole image", description: "the parent is an upsampled image", index: "whole" });
  return (await vscode.window.showQuickPick(items, { title, placeHolder: "Which image of the grid?" }))?.index;
}
