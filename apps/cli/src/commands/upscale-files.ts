import { basename, extname } from "node:path";
import {
  DEFAULT_NAME_TEMPLATE,
  expandNameTemplate,
  IMAGE_EXTENSIONS,
  type ImageMimeType,
  imageTypeOfName,
  type JobSource,
  resultImageType,
  runUpscaleJobs,
  type UpscaleProvider,
} from "@upscale/core";
import { sharpCodec } from "@upscale/local";
import { FileError, UsageError } from "../cli-errors.js";
import { expandInputs } from "../expand-inputs.js";
import { fileResultStore } from "../file-result-store.js";
import { type OutTarget, outputPath, resolveOutTarget } from "../output-path.js";
import type { CommonOptions } from "../parse-args.js";
import { type Plan, reportFailure } from "../plan.js";
import { readInputFile } from "../read-input-file.js";

export interface FileJobsOptions {
  provider: UpscaleProvider;
  /** For providers that take a factor (local); otherwise results are named by the provider's nominal one. */
  scale?: number;
  /** The result type asked for by an option (--format); a `-o file` name's extension wins over it. */
  format?: ImageMimeType;
  secrets: string[];
}

/**
 * Files, folders and globs → the core's job pipeline, writing each result atomically beside its input (or into
 * -o), named `<name>@<scale>x.<ext>` and converted to the type that name promises.
 */
export async function planFileJobs(inputs: string[], common: CommonOptions, options: FileJobsOptions): Promise<Plan> {
  const { provider } = options;
  const { files, identities, unmatched, usedPatterns } = await expandInputs(inputs);
  const target = await resolveOutTarget(common.out, files.length > 1 || usedPatterns);
  const requested = requestedType(target, options.format);
  const sources = files.map((file): JobSource => ({ id: file, name: basename(file), read: () => readInputFile(file) }));
  return {
    total: files.length + unmatched.length,
    provider: provider.id,
    secrets: options.secrets,
    run: async (context) => {
      await runUpscaleJobs(sources, {
        provider,
        scale: options.scale,
        plan: (source, scale) => {
          const mimeType = resultImageType(source.name, requested);
          const name = expandNameTemplate(DEFAULT_NAME_TEMPLATE, source.name, scale, mimeType);
          const path = outputPath(target, source.id, name);
          return { fileName: basename(path), mimeType, target: { kind: "file", path } };
        },
        store: fileResultStore({ overwrite: common.overwrite, inputs: identities }),
        codec: sharpCodec,
        signal: context.signal,
        concurrency: common.concurrency,
        onEvent: context.onEvent,
        redact: context.redact,
      });
      for (const { arg, message } of unmatched) reportFailure(context, arg, new FileError("NOT_FOUND", message));
    },
  };
}

/**
 * The type a `-o` file's name promises, reconciled with --format: an extension the result cannot have, or one
 * that contradicts --format, is a usage error rather than a guess. A name without an extension says nothing.
 */
function requestedType(target: OutTarget, format: ImageMimeType | undefined): ImageMimeType | undefined {
  if (target.kind !== "file") return format;
  const extension = extname(target.path);
  if (extension === "") return format;
  const named = imageTypeOfName(target.path);
  if (named === undefined) {
    throw new UsageError(
      `-o ${target.path}: results are PNG, JPEG or WebP; end the name with .png, .jpg or .webp (not ${extension}).`,
    );
  }
  if (format !== undefined && format !== named) {
    throw new UsageError(
      `-o ${target.path} asks for .${IMAGE_EXTENSIONS[named]} but --format for .${IMAGE_EXTENSIONS[format]}: drop one of them.`,
    );
  }
  return named;
}
