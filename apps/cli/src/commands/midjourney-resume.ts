import { UsageError } from "../cli-errors.js";
import type { JobContext, Plan } from "../job.js";
import { isTaskId } from "../midjourney-png.js";
import type { Command } from "../parse-args.js";
import { DEFAULT_CONCURRENCY } from "../providers.js";
import { createMidjourneySetup, saveTaskImage } from "./midjourney-save.js";

/** `upscale midjourney resume <taskId>...`: poll tasks already submitted and save their images. Never charges. */
export async function planResume(command: Extract<Command, { kind: "resume" }>, env: NodeJS.ProcessEnv): Promise<Plan> {
  const invalid = command.taskIds.find((taskId) => !isTaskId(taskId));
  if (invalid !== undefined) {
    throw new UsageError(`"${invalid}" is not a task id: use the 24-character id printed when the task was submitted.`);
  }
  const { setup, key } = await createMidjourneySetup(command, env, command.taskIds.length > 1);
  const jobs = command.taskIds.map((taskId) => ({
    input: taskId,
    run: (context: JobContext) => saveTaskImage(setup, taskId, context),
  }));
  return { jobs, concurrency: command.common.concurrency ?? DEFAULT_CONCURRENCY.midjourney, secrets: [key] };
}
