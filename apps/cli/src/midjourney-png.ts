import { midjourneyTaskIdSchema, readMidjourneyTaskId, writeMidjourneyTaskId } from "@upscale/core";
import { sharpCodec } from "@upscale/local";
import { FileError } from "./cli-errors.js";
import { pathExists } from "./path-exists.js";
import { readInputFile } from "./read-input-file.js";

export function isTaskId(value: string): boolean {
  return midjourneyTaskIdSchema.safeParse(value).success;
}

/** An argument is a task id when it looks like one and is not also a file's name. */
export async function isTaskIdArgument(arg: string): Promise<boolean> {
  return isTaskId(arg) && !(await pathExists(arg));
}

/** The image as a PNG that remembers its task (converted first if GPTunnel sent another format). */
export async function pngWithTaskId(bytes: Uint8Array, taskId: string): Promise<Uint8Array> {
  return writeMidjourneyTaskId(await sharpCodec.transform(bytes, { mimeType: "image/png" }), taskId);
}

/** The task id stored in a PNG saved by this tool, or a NO_TASK_ID error saying what to pass instead. */
export async function readTaskIdFromPng(path: string): Promise<string> {
  const taskId = readMidjourneyTaskId(await readInputFile(path));
  if (taskId === undefined) {
    throw new FileError(
      "NO_TASK_ID",
      `${path} carries no Midjourney task id: pass the task id instead, or a PNG saved by \`upscale midjourney …\`.`,
    );
  }
  return taskId;
}
