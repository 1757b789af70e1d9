import type { Clock } from "./clock.js";
import { InputError } from "./errors.js";
import type { MidjourneyClient } from "./midjourney-client.js";
import type { UpscaleProvider } from "./provider.js";
import { raceAbort } from "./race-abort.js";
import { waitForMidjourneyImage } from "./wait-for-midjourney-image.js";

export interface MidjourneyProviderOptions {
  client: MidjourneyClient;
  clock?: Clock;
  /** How long to wait for the upsample task. Default 10 min. */
  deadlineMs?: number;
}

/**
 * Upscales one image of a finished Midjourney grid through GPTunnel: `/upsample`, then waits for the new task
 * and downloads its image. The new task's id is reported the moment it exists (stage `waiting`), so a caller
 * that is cancelled, times out or crashes later can resume it instead of submitting again.
 */
export function createMidjourneyProvider(options: MidjourneyProviderOptions): UpscaleProvider {
  const { client, clock, deadlineMs } = options;
  return {
    id: "midjourney",
    accepts: ["midjourneyTask"],
    async upscale(source, { signal, onProgress }) {
      if (!("midjourneyTask" in source)) {
        throw new InputError(
          "INVALID_REQUEST",
          "The midjourney provider upscales one image of a Midjourney grid: pass the grid's task id and 1–4.",
        );
      }
      onProgress?.({ stage: "submitting" });
      // A cancel here may leave a task whose id never arrived; GPTunnel answers the same upsample sent again
      // with that task once it is finished (its docs), so nothing is lost.
      const task = await raceAbort(client.upsample(source.midjourneyTask, source.index, { signal }), signal);
      onProgress?.({ stage: "waiting", taskId: task.id, status: task.status, percent: task.percent });
      const { image } = await waitForMidjourneyImage(client, task.id, { signal, clock, deadlineMs, onProgress });
      return {
        ...image,
        provider: "midjourney",
        meta: { taskId: task.id, parentId: task.parentId ?? source.midjourneyTask },
      };
    },
  };
}
