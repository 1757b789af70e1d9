import { readFile } from "node:fs/promises";
import { midjourneyTaskIdSchema, readPngText, writePngText } from "@upscale/core";
import { FileError } from "./cli-errors.js";
import { convertImage } from "./convert-image.js";
import { pathExists } from "./path-exists.js";

/** The PNG text keyword under which saved Midjourney images carry their task id. */
export const TASK_ID_KEYWORD = "midjourney-task-id";

export function isTaskId(value: string): boolean {
  return midjourneyTaskIdSchema.safeParse(value).success;
}

/** An argument is a task id when it looks like one and is not also a file's name. */
export async function isTaskIdArgument(arg: string): Promise<boolean> {
  return isTaskId(arg) && !(await pathExists(arg));
}

/** The image as a PNG that remembers its task (converted first if GPTunnel sent another format). */
export async function pngWithTaskId(bytes: Uint8Array, taskId: string): Promise<Uint8Array> {
  return writePngText(await convertImage(bytes, "image/png"), { [TASK_ID_KEYWORD]: taskId });
}

/** The task id stored in a PNG saved by this tool, or a NO_TASK_ID error saying what to pass instead. */
export async function readTaskIdFromPng(path: string): Promise<string> {
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new FileError("NOT_FOUND", `Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  });
  let taskId: string | undefined;
  try {
    taskId = readPngText(bytes)[TASK_ID_KEYWORD];
  } catch {
    taskId = undefined;
  }
  if (taskId === undefined || !isTaskId(taskId)) {
    throw new FileError(
      "NO_TASK_ID",
      `${path} carries no Midjourney task id: pass the task id instead, or a PNG saved by \`upscale midjourney …\`.`,
    );
  }
  return taskId;
}
