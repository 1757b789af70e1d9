import { taskImageName } from "@upscale/core";
import { outputPath } from "../output-path.js";
import { type ReservedOutput, reserveInFolder, reserveOutput } from "../write-file-atomic.js";
import { ledgerTarget, type MidjourneySetup } from "./midjourney-save.js";

/**
 * Before a paid submission (imagine, variation): the grid's name comes with its task id, so its folder — or the
 * -o file — is proven writable now. `inputs` are the real files read, never written over.
 */
export async function reserveTaskImage(
  setup: MidjourneySetup,
  inputs: ReadonlySet<string>,
): Promise<{ reserved: ReservedOutput; output: (taskId: string) => string; target: string }> {
  const { target, overwrite } = setup;
  const reserved =
    target.kind === "file"
      ? await reserveOutput(target.path, { overwrite, inputs })
      : await reserveInFolder(target.kind === "dir" ? target.path : ".", { overwrite, inputs });
  return {
    reserved,
    output: (taskId) => outputPath(target, undefined, taskImageName(taskId)),
    target: ledgerTarget(target),
  };
}
