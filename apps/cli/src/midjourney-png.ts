import { isMidjourneyTaskId, readMidjourneyTaskId } from "@upscale/core";
import { FileError } from "./cli-errors.js";
import { pathExists } from "./path-exists.js";
import { readInputFile } from "./read-input-file.js";

/** An argument is a task id when it looks like one and is not also a file's name. */
export async function isTaskIdArgument(arg: string): Promise<boolean> {
  return isMidjourneyTaskId(arg) && !(await pathExists(arg));
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
