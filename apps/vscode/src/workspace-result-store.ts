import { posix } from "node:path";
import type { JobSubject, KeptImage, ResultSlot, ResultTarget } from "@upscale/core";
import { InputError, TaskError } from "@upscale/core/provider-kit";
import * as vscode from "vscode";
import { chooseOutput, type OutputChoice } from "./choose-output.js";
import type { OverwritePolicy } from "./settings.js";
import { baseName, sameResource, sibling } from "./uri-paths.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/** Where a result goes, in the core's terms: a workspace file, or a folder for a task's image. */
export const fileTarget = (uri: vscode.Uri): ResultTarget => ({ kind: "file", path: uri.toString() });
export const folderTarget = (uri: vscode.Uri): ResultTarget => ({ kind: "folder", path: uri.toString() });

/** What the core asks the store to reserve: an upscale's planned result, or a Midjourney image's. */
interface Reservation<S> {
  source: S;
  /** Undefined for a new Midjourney task into a folder: named after its task, known only once it exists. */
  fileName: string | undefined;
  /** A workspace Uri string: the file, or the folder of a task's image. */
  target?: ResultTarget;
}

/**
 * Port: results kept in the workspace through workspace.fs, so remote and virtual workspaces work. Reserving is
 * the overwrite question (Replace / Keep Both / Cancel, by `upscale.overwrite`), asked before anything is paid
 * for; keeping writes atomically. `originalOf` names the input a result must never replace.
 */
export function workspaceResultStore<S extends JobSubject>(
  policy: OverwritePolicy,
  originalOf: (source: S) => vscode.Uri | undefined = () => undefined,
) {
  return {
    async reserve({ source, fileName, target }: Reservation<S>): Promise<ResultSlot<vscode.Uri> | undefined> {
      if (target?.kind !== "file" && target?.kind !== "folder")
        throw new Error("A workspace result needs a Uri target.");
      const place = vscode.Uri.parse(target.path);
      // A task's name is known only once it exists: the question comes then, and a "no" leaves it to resume.
      if (fileName === undefined) return { keep: (image) => keepInFolder(place, image, policy), release };
      const uri = target.kind === "file" ? place : vscode.Uri.joinPath(place, fileName);
      const original = originalOf(source);
      if (original !== undefined && sameResource(uri, original)) {
        throw new InputError(
          "INVALID_REQUEST",
          `The result's name would be the original's own (${baseName(original)}): change upscale.outputName.`,
        );
      }
      const choice = await chooseOutput(uri, policy);
      return choice && { keep: (image) => keepAt(choice, fileName, image), release };
    },
  };
}

/**
 * The planned name, or — a paid result kept in its own type because converting it failed — the chosen name's stem
 * with the result's extension, replacing nothing.
 */
function keepAt(choice: OutputChoice, plannedName: string, image: KeptImage): Promise<vscode.Uri> {
  if (image.fileName === plannedName) return writeFileAtomic(choice.uri, image.bytes, choice.overwrite);
  const chosen = posix.parse(baseName(choice.uri));
  const renamed = sibling(choice.uri, `${chosen.name}${posix.extname(image.fileName)}`);
  return writeFileAtomic(renamed, image.bytes, false);
}

async function keepInFolder(folder: vscode.Uri, image: KeptImage, policy: OverwritePolicy): Promise<vscode.Uri> {
  const choice = await chooseOutput(vscode.Uri.joinPath(folder, image.fileName), policy);
  if (choice === undefined) throw new TaskError("ABORTED", "Not saved.", { taskId: image.taskId });
  return writeFileAtomic(choice.uri, image.bytes, choice.overwrite);
}

async function release(): Promise<void> {}
