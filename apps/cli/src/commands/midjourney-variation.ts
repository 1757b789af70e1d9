import { variationAndWait } from "@upscale/core";
import { fileIdentity } from "../file-identity.js";
import type { Job, Plan } from "../job.js";
import { isTaskIdArgument, readTaskIdFromPng } from "../midjourney-png.js";
import type { Command } from "../parse-args.js";
import { reserveTaskImage } from "./midjourney-reserve.js";
import { createMidjourneySetup, runMidjourneyFlow } from "./midjourney-save.js";

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
  const job: Job = {
    input: source,
    run: async (context) => {
      const fromFile = !(await isTaskIdArgument(source));
      const parentId = fromFile ? await readTaskIdFromPng(source) : source;
      const sourceFile = fromFile ? await fileIdentity(source) : undefined;
      const { reserved, output, target } = await reserveTaskImage(setup, new Set(sourceFile ? [sourceFile] : []));
      try {
        const run = { reserved, output, target, label: `variation of ${source}`, billed: true };
        return await runMidjourneyFlow(setup, context, run, (options) =>
          variationAndWait(setup.client, parentId, index, { ...options, mode }),
        );
      } finally {
        await reserved.discard();
      }
    },
  };
  return { jobs: [job], concurrency: 1, secrets: [key], ledger: setup.ledger };
}
