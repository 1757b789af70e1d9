import { createLocalProvider, localOutputType } from "@upscale/local";
import type { Command } from "../parse-args.js";
import type { Plan } from "../plan.js";
import { planFileJobs } from "./upscale-files.js";

/**
 * `upscale [--scale] [--format] [--strip-metadata] <files>`: offline, no key; one image per core at once, at most
 * four.
 */
export function planLocal(command: Extract<Command, { kind: "local" }>): Promise<Plan> {
  const { format, scale, common, metadata } = command;
  const provider = createLocalProvider(format === undefined ? {} : { format });
  return planFileJobs(command.inputs, common, {
    provider,
    scale,
    format: format === undefined ? undefined : localOutputType(format),
    metadata,
    secrets: [],
  });
}
