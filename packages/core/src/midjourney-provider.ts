import { checkScale } from "./check-upscale-input.js";
import type { Clock } from "./clock.js";
import { InputError } from "./errors.js";
import type { MidjourneyClient } from "./midjourney-client.js";
import { upsampleAndWait } from "./midjourney-flows.js";
import type { ProviderCapabilities, UpscaleProvider } from "./provider.js";

/**
 * An upsample doubles one quadrant of a grid. Up to 4 at once keeps within what GPTunnel serves without 429s in
 * practice; it may charge a generation (free only for Midjourney v5+).
 */
export const MIDJOURNEY_CAPABILITIES: ProviderCapabilities = {
  scales: [2],
  nominalScale: 2,
  maxInFlight: 4,
  inputTypes: [],
  charges: true,
};

/** The upsample's own task (to resume or vary it) and the grid it came from. */
export type MidjourneyMeta = { taskId: string; parentId: string };

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
export function createMidjourneyProvider(options: MidjourneyProviderOptions): UpscaleProvider<MidjourneyMeta> {
  const { client, clock, deadlineMs } = options;
  return {
    id: "midjourney",
    accepts: ["midjourneyTask"],
    capabilities: MIDJOURNEY_CAPABILITIES,
    async upscale(source, { signal, onProgress, scale }) {
      if (!("midjourneyTask" in source)) {
        throw new InputError(
          "INVALID_REQUEST",
          "The midjourney provider upscales one image of a Midjourney grid: pass the grid's task id and 1–4.",
        );
      }
      checkScale("midjourney", MIDJOURNEY_CAPABILITIES, scale);
      // A cancel during the upsample may leave a task whose id never arrived; GPTunnel answers the same
      // upsample sent again with that task once it is finished (its docs), so nothing is lost.
      const { task, image } = await upsampleAndWait(client, source.midjourneyTask, source.index, {
        signal,
        onProgress,
        clock,
        deadlineMs,
      });
      return {
        ...image,
        provider: "midjourney",
        meta: { taskId: task.id, parentId: task.parentId ?? source.midjourneyTask },
      };
    },
  };
}
