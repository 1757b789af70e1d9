import { basename } from "node:path";
import {
  type ImageMimeType,
  imageTypeOfName,
  type ProviderRegistry,
  resultFileName,
  resultImageType,
  scaleSuffix,
  upscale,
} from "@upscale/core";
import { FileError } from "../cli-errors.js";
import { convertImage } from "../convert-image.js";
import { expandInputs } from "../expand-inputs.js";
import { failedJob, type Job } from "../job.js";
import { outputPath, refuseCollisions, resolveOutTarget } from "../output-path.js";
import type { CommonOptions } from "../parse-args.js";
import { readInputFile } from "../read-input-file.js";
import { assertOutputFree, writeFileAtomic } from "../write-file-atomic.js";

export interface FileJobsOptions {
  registry: ProviderRegistry;
  /** The provider's id in `registry`. */
  provider: string;
  /** The factor in the result's name: exact for local, nominal for Ideogram (the JSON line has the real size). */
  factor: number;
  /** The provider charges per call: a first Ctrl-C lets an upload already sent finish and be saved. */
  charges: boolean;
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
  const { files, unmatched, usedPatterns } = await expandInputs(inputs);
  const target = await resolveOutTarget(common.out, files.length > 1 || usedPatterns);
  const requested = (target.kind === "file" ? imageTypeOfName(target.path) : undefined) ?? options.format;
  const planned = files.map((file): PlannedFile => {
    const mimeType = resultImageType(basename(file), requested);
    const name = resultFileName(basename(file), scaleSuffix(options.factor), mimeType);
    return { file, output: outputPath(target, file, name), mimeType };
  });
  refuseCollisions(planned.map(({ file, output }) => ({ input: file, output })));

  const jobs = planned.map((item) => fileJob(item, common.overwrite, options));
  return [...jobs, ...unmatched.map(({ arg, message }) => failedJob(arg, new FileError("NOT_FOUND", message)))];
}

function fileJob({ file, output, mimeType }: PlannedFile, overwrite: boolean, options: FileJobsOptions): Job {
  const { registry, provider, scale, charges } = options;
  return {
    input: file,
    run: async ({ signal, onProgress, commitBilled }) => {
      const bytes = await readInputFile(file);
      await assertOutputFree(output, file, overwrite);
      // Held until the result is saved: what was paid for is kept, whatever a first Ctrl-C says.
      if (charges) commitBilled();
      const result = await upscale({ bytes }, { provider, registry, signal, onProgress, scale });
      await writeFileAtomic(output, await convertImage(result.bytes, mimeType), { overwrite });
      return { output, provider: result.provider, width: result.width, height: result.height };
    },
  };
}
