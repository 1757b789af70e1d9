import { stat } from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import { imageTypeOfName } from "@upscale/core";
import { UsageError } from "./cli-errors.js";

/** Where results go: beside each input, into a folder, or (one input) to exactly this file. */
export type OutTarget = { kind: "beside" } | { kind: "dir"; path: string } | { kind: "file"; path: string };

/**
 * Reads `-o`. It names a folder when it is one, ends with a slash, or several results are expected (creating
 * it is left to the writer); otherwise the one result's file.
 */
export async function resolveOutTarget(out: string | undefined, severalResults: boolean): Promise<OutTarget> {
  if (out === undefined) return { kind: "beside" };
  if (out.endsWith("/") || out.endsWith(sep)) return { kind: "dir", path: out };
  const existing = await stat(out).catch(() => undefined);
  if (existing?.isDirectory()) return { kind: "dir", path: out };
  if (severalResults) {
    if (existing !== undefined || imageTypeOfName(out) !== undefined) {
      const what = existing === undefined ? "names one image" : "is a file";
      throw new UsageError(`-o ${out} ${what}, but there are several results: give a folder (e.g. -o out/).`);
    }
    return { kind: "dir", path: out };
  }
  return { kind: "file", path: out };
}

/**
 * The result's path. `input` is the file it came from, or undefined when it came from a task id (then
 * "beside" means the current folder).
 */
export function outputPath(target: OutTarget, input: string | undefined, fileName: string): string {
  switch (target.kind) {
    case "file":
      return target.path;
    case "dir":
      return join(target.path, fileName);
    case "beside":
      return input === undefined ? fileName : join(dirname(input), fileName);
  }
}
