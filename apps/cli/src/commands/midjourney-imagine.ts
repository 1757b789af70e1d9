import type { Command } from "../parse-args.js";
import type { Plan } from "../plan.js";
import { MIDJOURNEY_RESUME } from "../resume-hints.js";
import { createMidjourneySetup, runMidjourney, taskTarget } from "./midjourney-setup.js";

/** `upscale midjourney imagine "<prompt>"`: one paid submission, then wait and save the grid. */
export async function planImagine(
  command: Extract<Command, { kind: "imagine" }>,
  env: NodeJS.ProcessEnv,
): Promise<Plan> {
  const { setup, key } = await createMidjourneySetup(command, env, false);
  const { prompt } = command;
  return {
    total: 1,
    provider: "midjourney",
    secrets: [key],
    ledger: setup.ledger,
    resume: MIDJOURNEY_RESUME,
    run: (context) =>
      runMidjourney(
        setup,
        [{ kind: "imagine", prompt, source: { id: prompt, name: prompt }, ...taskTarget(setup) }],
        context,
      ),
  };
}
