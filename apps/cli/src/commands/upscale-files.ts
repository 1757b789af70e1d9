import { basename, extname } from "node:path";
import {
  IMAGE_EXTENSIONS,
  type ImageMimeType,
  imageTypeOfName,
  resultFileName,
  resultImageType,
  scaleSuffix,
  type UpscaleProvider,
  upscale,
} from "@upscale/core";
import { sharpCodec } from "@upscale/local";
import { FileError, UsageError } from "../cli-errors.js";
import { expandInputs } from "../expand-inputs.js";
import { failedJob, type Job } from "../job.js";
import { type OutTarget, outputPath, refuseCollisions, resolveOutTarget } from "../output-path.js";
import type { CommonOptions } from "../parse-args.js";
import { readInputFile } from "../read-input-file.js";
import { type ReserveOptions, reserveOutput } from "../write-file-atomic.js";

export interface FileJobsOptions {
  /**
   * Its capabilities name the results (`scale`, else its nominal factor: Ideogram's @2x is nominal, the JSON line
   * has the real size) and say whether a call charges (then a first Ctrl-C lets an upload already sent finish).
   */
  provider: UpscaleProvider;
  /** For providers that take a factor (local). */
  scale?: number;
  /** The result type asked for by an option (--format); a `-o file` name's extension wins over it. */
  format?: ImageMimeType;
}

interface PlannedFile {
  file: string;
  output: string;
  mimeType: ImageMimeType;
}

/**
 * Files, folders and globs → one job per image: read, upscale through the core, write atomically beside it.
 * Every result's name and type are fixed here, before anything is paid for, so two inputs can never claim one
 * output and a result that was paid for is never discarded for its name: it is converted to the promised type.
 */
export async function fileJobs(inputs: string[], common: CommonOptions, options: FileJobsOptions): Promise<Job[]> {
  const { files, identities, unmatched, usedPatterns } = await expandInputs(inputs);
  const target = await resolveOutTarget(common.out, files.length > 1 || usedPatterns);
  const requested = requestedType(target, options.format);
  const planned = files.map((file): PlannedFile => {
    const mimeType = resultImageType(basename(file), requested);
    const factor = options.scale ?? options.provider.capabilities.nominalScale;
    const name = resultFileName(basename(file), scaleSuffix(factor), mimeType);
    return { file, output: outputPath(target, file, name), mimeType };
  });
  refuseCollisions(planned.map(({ file, output }) => ({ input: file, output })));

  const jobs = planned.map((item) => fileJob(item, { overwrite: common.overwrite, inputs: identities }, options));
  return [...jobs, ...unmatched.map(({ arg, message }) => failedJob(arg, new FileError("NOT_FOUND", message)))];
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

function fileJob({ file, output, mimeType }: PlannedFile, writing: ReserveOptions, options: FileJobsOptions): Job {
  const { provider, scale } = options;
  const { charges } = provider.capabilities;
  return {
    input: file,
    run: async ({ signal, onProgress, commitBilled }) => {
      const bytes = await readInputFile(file);
      const reserved = await reserveOutput(output, writing);
      try {
        // Held until the result is saved: what was paid for is kept, whatever a first Ctrl-C says.
        if (charges) commitBilled();
        const result = await upscale({ bytes }, { provider, signal, onProgress, scale });
        // A result paid for is never discarded for its type: it is converted to the one its name promised, or,
        // should that fail (a side too long for WebP, say), kept as it came under its own extension.
        const converted = await sharpCodec.transform(result.bytes, { mimeType }).catch(() => undefined);
        const written = await (converted === undefined
          ? reserved.write(
              result.bytes,
              `${output.slice(0, output.length - extname(output).length)}.${IMAGE_EXTENSIONS[result.mimeType]}`,
            )
          : reserved.write(converted));
        return { output: written, provider: result.provider, width: result.width, height: result.height };
      } finally {
        await reserved.discard();
      }
    },
  };
}
