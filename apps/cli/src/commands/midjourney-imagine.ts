import type { Job, Plan } from "../job.js";
import type { Command } from "../parse-args.js";
import { assertOutputFree } from "../write-file-atomic.js";
import { createMidjourneySetup, saveTaskImage } from "./midjourney-save.js";

/** `upscale midjourney imagine "<prompt>"`: one paid submission, then wait and save the grid. */
export async function planImagine(
  command: Extract<Command, { kind: "imagine" }>,
  env: NodeJS.ProcessEnv,
): Promise<Plan> {
  const { setup, key } = await createMidjourneySetup(command, env, false);
  const job: Job = {
    input: command.prompt,
    run: async (context) => {
      // Refuse a taken -o before paying for a grid that could not be saved there.
      if (setup.target.kind === "file") await assertOutputFree(setup.target.path, undefined, setup.overwrite);
      context.onProgress({ stage: "submitting" });
      const task = await setup.client.imagine(command.prompt, { signal: context.signal });
      context.onProgress({ stage: "waiting", taskId: task.id, percent: task.percent, status: task.status });
      return saveTaskImage(setup, task.id, context);
    },
  };
  return { jobs: [job], concurrency: 1, secrets: [key] };
}
