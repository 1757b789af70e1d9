import { createIdeogramProvider, ProviderRegistry } from "@upscale/core";
import type { Plan } from "../job.js";
import type { Command } from "../parse-args.js";
import { DEFAULT_CONCURRENCY, ideogramClient } from "../providers.js";
import { fileJobs } from "./upscale-files.js";

/** Ideogram picks the size itself, about 2×: results are named `@2x` and the JSON line has the real size. */
const IDEOGRAM_NOMINAL_FACTOR = 2;

/** `upscale --provider ideogram <files>`: one paid synchronous call per image. */
export async function planIdeogram(
  command: Extract<Command, { kind: "ideogram" }>,
  env: NodeJS.ProcessEnv,
): Promise<Plan> {
  const { client, key } = ideogramClient(command.remote, command.auth, env);
  const registry = new ProviderRegistry([createIdeogramProvider({ client, request: command.request })]);
  const jobs = await fileJobs(command.inputs, command.common, {
    registry,
    provider: "ideogram",
    charges: true,
    factor: IDEOGRAM_NOMINAL_FACTOR,
  });
  return { jobs, concurrency: command.common.concurrency ?? DEFAULT_CONCURRENCY.ideogram, secrets: [key] };
}
