import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { type ImageMimeType, readImageInfo, type UpscaleProvider, upscale } from "@upscale/core";
import { FileError } from "../cli-errors.js";
import { convertImage } from "../convert-image.js";
import { expandInputs } from "../expand-inputs.js";
import { failedJob, type Job } from "../job.js";
import { imageTypeOfName, resultFileName, scaleSuffix } from "../output-name.js";
import { type OutTarget, outputPath, refuseCollisions, resolveOutTarget } from "../output-path.js";
import type { CommonOptions } from "../parse-args.js";
import { assertOutputFree, writeFileAtomic } from "../write-file-atomic.js";

export interface FileJobsOptions {
  provider: UpscaleProvider;
  /** For providers that take a factor (local). */
  scale?: number;
  /**
   * The result's name suffix and type as far as they are known before the call, so an existing output is
   * refused before anything is spent. The final name uses the factor and type actually returned.
   */
  expected: (file: string) => { suffix: string; mimeType: ImageMimeType | undefined };
}

/** Files, folders and globs → one job per image: read, upscale through the core, write atomically beside it. */
export async function fileJobs(inputs: string[], common: CommonOptions, options: FileJobsOptions): Promise<Job[]> {
  const { files, unmatched, usedPatterns } = await expandInputs(inputs);
  const target = await resolveOutTarget(common.out, files.length > 1 || usedPatterns);
  const expectedOutput = (file: string) => {
    const { suffix, mimeType } = options.expected(file);
    return mimeType === undefined
      ? undefined
      : outputPath(target, file, resultFileName(basename(file), suffix, mimeType));
  };
  refuseCollisions(files.map((file) => ({ input: file, output: expectedOutput(file) })));

  const jobs = files.map((file) => fileJob(file, target, common.overwrite, expectedOutput(file), options));
  return [...jobs, ...unmatched.map(({ arg, message }) => failedJob(arg, new FileError("NOT_FOUND", message)))];
}

function fileJob(
  file: string,
  target: OutTarget,
  overwrite: boolean,
  expected: string | undefined,
  options: FileJobsOptions,
): Job {
  return {
    input: file,
    run: async ({ signal, onProgress }) => {
      const bytes = await readFile(file).catch((error: unknown) => {
        throw new FileError("NOT_FOUND", `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
      });
      if (expected !== undefined) await assertOutputFree(expected, file, overwrite);
      const result = await upscale({ bytes }, { provider: options.provider, signal, onProgress, scale: options.scale });
      const inputWidth = readImageInfo(bytes)?.width ?? result.width;
      const name = resultFileName(basename(file), scaleSuffix(inputWidth, result.width), result.mimeType);
      const output = outputPath(target, file, name);
      await assertOutputFree(output, file, overwrite);
      // `-o big.webp` names the format too: never write one type under another's extension.
      const named = target.kind === "file" ? imageTypeOfName(target.path) : undefined;
      const outBytes = named === undefined ? result.bytes : await convertImage(result.bytes, named);
      await writeFileAtomic(output, outBytes, { overwrite, signal });
      return { output, provider: result.provider, width: result.width, height: result.height };
    },
  };
}
