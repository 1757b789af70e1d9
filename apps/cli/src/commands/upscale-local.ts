import { type ImageMimeType, ProviderRegistry } from "@upscale/core";
import { createLocalProvider } from "@upscale/local";
import type { Plan } from "../job.js";
import type { Command, LocalFormat } from "../parse-args.js";
import { DEFAULT_CONCURRENCY } from "../providers.js";
import { fileJobs } from "./upscale-files.js";

const FORMAT_TYPES: Record<LocalFormat, ImageMimeType> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
};

/** `upscale [--scale] [--format] <files>`: offline, no key. */
export async function planLocal(command: Extract<Command, { kind: "local" }>): Promise<Plan> {
  const { format, scale, common } = command;
  const registry = new ProviderRegistry([createLocalProvider(format === undefined ? {} : { format })]);
  const jobs = await fileJobs(command.inputs, common, {
    registry,
    provider: "local",
    charges: false,
    factor: scale,
    scale,
    format: format === undefined ? undefined : FORMAT_TYPES[format],
  });
  return { jobs, concurrency: common.concurrency ?? DEFAULT_CONCURRENCY.local, secrets: [] };
}
