import { createIdeogramProvider } from "@upscale/core";
import type { Plan } from "../job.js";
import type { Command } from "../parse-args.js";
import { ideogramClient } from "../providers.js";
import { fileJobs } from "./upscale-files.js";

/** `upscale --provider ideogram <files>`: one paid synchronous call per image, at most Ideogram's 10 at once. */
export async function planIdeogram(
  command: Extract<Command, { kind: "ideogram" }>,
  env: NodeJS.ProcessEnv,
): Promise<Plan> {
  const { client, key } = ideogramClient(command.remote, command.auth, env);
  const provider = createIdeogramProvider({ client, request: command.request });
  const jobs = await fileJobs(command.inputs, command.common, { provider });
  return { jobs, concurrency: command.common.concurrency ?? provider.capabilities.maxInFlight, secrets: [key] };
}
