import { imagineAndWait } from "@upscale/core";
import type { Job, Plan } from "../job.js";
import type { Command } from "../parse-args.js";
import { reserveTaskImage } from "./midjourney-reserve.js";
import { createMidjourneySetup, runMidjourneyFlow } from "./midjourney-save.js";

/** `upscale midjourney imagine "<prompt>"`: one paid submission, then wait and save the grid. */
export async function planImagine(
  command: Extract<Command, { kind: "imagine" }>,
  env: NodeJS.ProcessEnv,
): Promise<Plan> {
  const { setup, key } = await createMidjourneySetup(command, env, false);
  const { prompt } = command;
  const job: Job = {
    input: prompt,
    run: async (context) => {
      const { reserved, output, target } = await reserveTaskImage(setup, new Set());
      try {
        const run = { reserved, output, target, label: prompt, billed: true };
        return await runMidjourneyFlow(setup, context, run, (options) => imagineAndWait(setup.client, prompt, options));
      } finally {
        await reserved.discard();
      }
    },
  };
  return { jobs: [job], concurrency: 1, secrets: [key], ledger: setup.ledger };
}
