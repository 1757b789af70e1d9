import { InputError, interpretMidjourneyTask, TaskError } from "@upscale/core";
import { fileIdentity } from "../file-identity.js";
import type { Job, Plan } from "../job.js";
import { isTaskIdArgument, readTaskIdFromPng } from "../midjourney-png.js";
import type { Command } from "../parse-args.js";
import { resumeCommand } from "../resumable-tasks.js";
import { createMidjourneySetup, submitAndSave } from "./midjourney-save.js";

/** `upscale midjourney variation <taskId|image.png>`: one paid submission, then wait and save the new grid. */
export async function planVariation(
  command: Extract<Command, { kind: "variation" }>,
  env: NodeJS.ProcessEnv,
): Promise<Plan> {
  const { setup, key } = await createMidjourneySetup(command, env, false);
  const { client } = setup;
  const { source, index, mode } = command;
  const job: Job = {
    input: source,
    run: async (context) => {
      const parentId = (await isTaskIdArgument(source)) ? source : await readTaskIdFromPng(source);
      // A free look at the parent first, so a request that cannot succeed is never sent to a paid endpoint.
      const parent = await client.result(parentId, { signal: context.signal });
      const { state } = interpretMidjourneyTask(parent);
      if (state === "failed") {
        throw new TaskError("TASK_FAILED", `Task ${parentId} failed, so it has no image to vary.`, {
          taskId: parentId,
        });
      }
      if (state === "running") {
        throw new TaskError(
          "INVALID_REQUEST",
          `Task ${parentId} is not finished (${parent.status}): finish it first with ${resumeCommand([parentId])}.`,
          { taskId: parentId },
        );
      }
      if (parent.type === "upsample" && mode === undefined) {
        throw new InputError("INVALID_REQUEST", `${source} is an upsampled image: choose --mode high or --mode low.`);
      }
      if (parent.type !== "upsample" && index === undefined) {
        throw new InputError("INVALID_REQUEST", `${source} is a grid: choose the image to vary with --index 1..4.`);
      }
      const sourceFile = parentId === source ? undefined : await fileIdentity(source);
      const inputs = new Set(sourceFile === undefined ? [] : [sourceFile]);
      return submitAndSave(setup, context, () => client.variation({ taskId: parentId, image: index, mode }), inputs);
    },
  };
  return { jobs: [job], concurrency: 1, secrets: [key] };
}
