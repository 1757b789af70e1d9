import type { DownloadedImage } from "../http/download-image.js";
import type { UpscaleProgress } from "../jobs/provider.js";
import { TaskError, UpscaleError } from "../outcome/errors.js";
import { pollTask, type StallInfo, withTaskId } from "../polling/poll-task.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import type { Clock } from "../runtime/clock.js";
import { raceAbort } from "../runtime/race-abort.js";
import type { MidjourneyClient } from "./midjourney-client.js";
import { checkMidjourneyTaskId, type MidjourneyTask } from "./midjourney-schemas.js";
import { interpretMidjourneyTask } from "./midjourney-task-status.js";

export interface WaitForMidjourneyImageOptions {
  signal?: CancelSignal;
  clock?: Clock;
  /** Default 10 min; the task is left running when it passes (TIMEOUT), so it can be resumed later. */
  deadlineMs?: number;
  /** `waiting` with the vendor's status and percent after every poll, then `downloading`. */
  onProgress?: (progress: UpscaleProgress) => void;
  onStall?: (info: StallInfo) => void;
}

export interface MidjourneyImage {
  task: MidjourneyTask;
  image: DownloadedImage;
}

/**
 * Waits for a submitted GPTunnel Midjourney task to finish and downloads its image. It submits nothing, so it
 * is also how a task is resumed after a timeout, a cancel or a crash: by its id, without paying again. The image
 * is fetched only once the task is done, because until then `result` may link an intermediate image. Once the
 * id is accepted, every failure carries it.
 */
export async function waitForMidjourneyImage(
  client: MidjourneyClient,
  taskId: string,
  options: WaitForMidjourneyImageOptions = {},
): Promise<MidjourneyImage> {
  const { signal, onProgress } = options;
  checkMidjourneyTaskId(taskId);
  const task = await pollTask({
    taskId,
    fetchStatus: (pollSignal) => client.result(taskId, { signal: pollSignal }),
    interpret: interpretMidjourneyTask,
    signal,
    clock: options.clock,
    deadlineMs: options.deadlineMs,
    onStall: options.onStall,
    onProgress: ({ status, percent }) => onProgress?.({ stage: "waiting", status, percent, taskId }),
  });
  if (task.result === null) {
    throw new TaskError(
      "BAD_RESPONSE",
      `GPTunnel reports task ${taskId} as done but gives no image link. Resume it later; if that keeps ` +
        "happening, ask GPTunnel support about this task.",
      { taskId },
    );
  }
  onProgress?.({ stage: "downloading", taskId });
  try {
    const image = await raceAbort(client.download(task.result, { signal }), signal, taskId);
    return { task, image };
  } catch (error) {
    if (error instanceof UpscaleError && error.code === "NOT_FOUND") {
      // The task is finished and paid for: reading it again is free and gives a fresh link.
      throw new TaskError(
        "NOT_FOUND",
        `Task ${taskId}: ${error.message} Resume the task for a fresh link; that is free.`,
        {
          cause: error,
          taskId,
        },
      );
    }
    throw withTaskId(error, taskId);
  }
}
