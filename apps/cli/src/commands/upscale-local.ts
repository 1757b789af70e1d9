import type { ImageMimeType } from "@upscale/core";
import { createLocalProvider } from "@upscale/local";
import type { Plan } from "../job.js";
import { imageTypeOfName } from "../output-name.js";
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
  const provider = createLocalProvider(format === undefined ? {} : { format });
  const jobs = await fileJobs(command.inputs, common, {
    provider,
    scale,
    expected: (file) => ({
      suffix: `@${scale}x`,
      mimeType: format === undefined ? imageTypeOfName(file) : FORMAT_TYPES[format],
    }),
  });
  return { jobs, concurrency: common.concurrency ?? DEFAULT_CONCURRENCY.local, secrets: [] };
}
