import { createIdeogramProvider } from "@upscale/core";
import type { Command } from "../parse-args.js";
import type { Plan } from "../plan.js";
import { ideogramClient } from "../providers.js";
import { planFileJobs } from "./upscale-files.js";

/** `upscale --provider ideogram <files>`: one paid synchronous call per image, at most Ideogram's 10 at once. */
export async function planIdeogram(
  command: Extract<Command, { kind: "ideogram" }>,
  env: NodeJS.ProcessEnv,
): Promise<Plan> {
  const { client, key } = ideogramClient(command.remote, command.auth, env);
  const provider = createIdeogramProvider({ client, request: command.request });
  return planFileJobs(command.inputs, command.common, { provider, secrets: [key] });
}
