import { createLocalProvider, localOutputType } from "@upscale/local";
import type { Plan } from "../job.js";
import type { Command } from "../parse-args.js";
import { fileJobs } from "./upscale-files.js";

/** `upscale [--scale] [--format] <files>`: offline, no key; one image per core at once, at most four. */
export async function planLocal(command: Extract<Command, { kind: "local" }>): Promise<Plan> {
  const { format, scale, common } = command;
  const provider = createLocalProvider(format === undefined ? {} : { format });
  const jobs = await fileJobs(command.inputs, common, {
    provider,
    scale,
    format: format === undefined ? undefined : localOutputType(format),
  });
  return { jobs, concurrency: common.concurrency ?? provider.capabilities.maxInFlight, secrets: [] };
}
