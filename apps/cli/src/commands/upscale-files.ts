import { basename, extname } from "node:path";
import {
  DEFAULT_NAME_TEMPLATE,
  expandNameTemplate,
  type ImageMimeType,
  imageTypeOfName,
  type JobSource,
  resultImageType,
  runUpscaleJobs,
  type UpscaleProvider,
} from "@upscale/core";
import { IMAGE_EXTENSIONS } from "@upscale/core/provider-kit";
import { sharpCodec } from "@upscale/local";
import { classifyUpscaleInput } from "../classify-input.js";
import { FileError, UsageError } from "../cli-errors.js";
import { expandInputs } from "../expand-inputs.js";
import { fileResultStore } from "../file-result-store.js";
import { type OutTarget, outputPath, resolveOutTarget } from "../output-path.js";
import type { CommonOptions } from "../parse-args.js";
import { type Plan, type RunContext, reportFailure } from "../plan.js";
import { readInputFile } from "../read-input-file.js";

export interface FileJobsOptions {
  provider: UpscaleProvider<object>;
  /** For providers that take a factor (local); otherwise results are named by the provider's nominal one. */
  scale?: number;
  /** The result type asked for by an option (--format); a `-o` file name's extension wins over it. */
  format?: ImageMimeType;
  secrets: string[];
  /** `--strip-metadata`: results keep only the colour profile and density of what came in. */
  metadata: "keep" | "strip";
  /** `--send-metadata`: a vendor gets the input's EXIF, XMP and IPTC too. */
  sendMetadata?: boolean;
  /** Runs before any job (after the unprocessed inputs are reported); false stops the run (over --max-cost). */
  beforeRun?: (sources: readonly JobSource[], context: RunContext) => Promise<boolean>;
}

/** What a command's file arguments come to: the inputs to process, and how the others are reported. */
export interface FileInputs {
  sources: JobSource[];
  /** The real files read: no result may be written over one. */
  identities: ReadonlySet<string>;
  /** A folder or glob was given (then -o is a folder). */
  usedPatterns: boolean;
  /** Every input reported on: processed, skipped, and arguments that matched nothing. */
  total: number;
  /** What a folder or glob held that is not processed (before any job), each with why. */
  reportSkipped(context: RunContext): void;
  /** Arguments that named nothing (after the jobs, as failures). */
  reportUnmatched(context: RunContext): void;
}

/**
 * Files, folders and globs → the inputs `provider` takes. A folder's other files are accounted for: an image of
 * another type (with what to convert it to), an earlier result of this tool (by its mark), anything else.
 */
export async function collectFileInputs(
  inputs: string[],
  provider: Pick<UpscaleProvider<object>, "id" | "capabilities">,
): Promise<FileInputs> {
  const expanded = await expandInputs(inputs, classifyUpscaleInput(provider.capabilities.inputTypes, provider.id));
  const { files, skipped, unmatched } = expanded;
  return {
    sources: files.map((file): JobSource => ({ id: file, name: basename(file), read: () => readInputFile(file) })),
    identities: expanded.identities,
    usedPatterns: expanded.usedPatterns,
    total: files.length + skipped.length + unmatched.length,
    reportSkipped: (context) => {
      for (const { file, reason } of skipped) {
        context.onEvent({ type: "skipped", source: { id: file, name: basename(file) }, reason });
      }
    },
    reportUnmatched: (context) => {
      for (const { arg, message } of unmatched) reportFailure(context, arg, new FileError("NOT_FOUND", message));
    },
  };
}

/**
 * Files, folders and globs → the core's job pipeline, writing each result atomically beside its input (or into
 * -o), named `<name>@<scale>x.<ext>`, converted to the type that name promises (and marked as this tool's by the
 * core's pipeline).
 */
export async function planFileJobs(inputs: string[], common: CommonOptions, options: FileJobsOptions): Promise<Plan> {
  const { provider } = options;
  const found = await collectFileInputs(inputs, provider);
  const target = await resolveOutTarget(common.out, found.sources.length > 1 || found.usedPatterns);
  const requested = requestedType(target, options.format);
  return {
    total: found.total,
    provider: provider.id,
    secrets: options.secrets,
    run: async (context) => {
      found.reportSkipped(context);
      if (options.beforeRun === undefined || (await options.beforeRun(found.sources, context))) {
        await runUpscaleJobs(found.sources, {
          provider,
          scale: options.scale,
          plan: (source, scale) => {
            const mimeType = resultImageType(source.name, requested);
            const name = expandNameTemplate(DEFAULT_NAME_TEMPLATE, source.name, scale, mimeType);
            const path = outputPath(target, source.id, name);
            return { fileName: basename(path), mimeType, target: { kind: "file", path } };
          },
          store: fileResultStore({ overwrite: common.overwrite, inputs: found.identities }),
          codec: sharpCodec,
          metadata: options.metadata,
          sendMetadata: options.sendMetadata,
          signal: context.signal,
          concurrency: common.concurrency,
          onEvent: context.onEvent,
          redact: context.redact,
        });
      }
      found.reportUnmatched(context);
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
