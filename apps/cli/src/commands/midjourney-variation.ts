import { fileIdentity } from "../file-identity.js";
import { isTaskIdArgument, readTaskIdFromPng } from "../midjourney-png.js";
import type { Command } from "../parse-args.js";
import { type Plan, reportFailure } from "../plan.js";
import { MIDJOURNEY_RESUME } from "../resume-hints.js";
import { createMidjourneySetup, runMidjourney, taskTarget } from "./midjourney-setup.js";

/**
 * `upscale midjourney variation <taskId|image.png>`: the core looks at the parent first (free), so a request
 * that cannot succeed is never sent to the paid endpoint; then one paid submission, wait, save the new grid.
 */
export async function planVariation(
  command: Extract<Command, { kind: "variation" }>,
  env: NodeJS.ProcessEnv,
): Promise<Plan> {
  const { setup, key } = await createMidjourneySetup(command, env, false);
  const { source, index, mode } = command;
  return {
    total: 1,
    provider: "midjourney",
    secrets: [key],
    ledger: setup.ledger,
    resume: MIDJOURNEY_RESUME,
    run: async (context) => {
      let parentId: string;
      let inputs: Set<string>;
      try {
        const fromFile = !(await isTaskIdArgument(source));
        parentId = fromFile ? await readTaskIdFromPng(source) : source;
        const identity = fromFile ? await fileIdentity(source) : undefined;
        inputs = new Set(identity === undefined ? [] : [identity]);
      } catch (error) {
        reportFailure(context, source, error);
        return;
      }
      const job = {
        kind: "variation" as const,
        parentId,
        index,
        mode,
        source: { id: source, name: `variation of ${source}` },
      };
      await runMidjourney(setup, [{ ...job, ...taskTarget(setup) }], context, { inputs });
    },
  };
}
