import { readPngText, writePngText } from "../image/png-text-chunk.js";
import { isMidjourneyTaskId } from "./midjourney-schemas.js";

/**
 * A saved Midjourney image remembers its task in a PNG text chunk, so it can be upsampled or varied later by
 * passing the file instead of the id. Pure bytes: apps do the file I/O.
 */

/** The PNG text keyword under which the task id is stored. */
export const MIDJOURNEY_TASK_ID_KEYWORD = "midjourney-task-id";

/** A copy of the PNG `png` carrying `taskId`. Throws an InputError when `png` is not a PNG. */
export function writeMidjourneyTaskId(png: Uint8Array, taskId: string): Uint8Array {
  return writePngText(png, { [MIDJOURNEY_TASK_ID_KEYWORD]: taskId });
}

/** The task id stored in `bytes`, or undefined when they are not a PNG or carry no valid id. */
export function readMidjourneyTaskId(bytes: Uint8Array): string | undefined {
  let taskId: string | undefined;
  try {
    taskId = readPngText(bytes)[MIDJOURNEY_TASK_ID_KEYWORD];
  } catch {
    return undefined;
  }
  return isMidjourneyTaskId(taskId) ? taskId : undefined;
}
