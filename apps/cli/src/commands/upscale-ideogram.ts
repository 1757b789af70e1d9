import { createIdeogramProvider } from "@upscale/core";
import type { Plan } from "../job.js";
import { imageTypeOfName } from "../output-name.js";
import type { Command } from "../parse-args.js";
import { DEFAULT_CONCURRENCY, ideogramClient } from "../providers.js";
import { fileJobs } from "./upscale-files.js";

/** `upscale --provider ideogram <files>`: one paid synchronous call per image. */
export async function planIdeogram(
  command: Extract<Command, { kind: "ideogram" }>,
  env: NodeJS.ProcessEnv,
): Promise<Plan> {
  const { client, key } = ideogramClient(command.remote, command.auth, env);
  const provider = createIdeogramProvider({ client, request: command.request });
  const jobs = await fileJobs(command.inputs, command.common, {
    provider,
    // Ideogram picks the size (about 2×); the final name uses the factor it really applied.
    expected: (file) => ({ suffix: "@2x", mimeType: imageTypeOfName(file) }),
  });
  return { jobs, concurrency: command.common.concurrency ?? DEFAULT_CONCURRENCY.ideogram, secrets: [key] };
}
