import type { Job, Plan } from "../job.js";
import type { Command } from "../parse-args.js";
import { createMidjourneySetup, submitAndSave } from "./midjourney-save.js";

/** `upscale midjourney imagine "<prompt>"`: one paid submission, then wait and save the grid. */
export async function planImagine(
  command: Extract<Command, { kind: "imagine" }>,
  env: NodeJS.ProcessEnv,
): Promise<Plan> {
  const { setup, key } = await createMidjourneySetup(command, env, false);
  const job: Job = {
    input: command.prompt,
    run: (context) => submitAndSave(setup, context, () => setup.client.imagine(command.prompt)),
  };
  return { jobs: [job], concurrency: 1, secrets: [key] };
}
