import { dirname, join } from "node:path";
import type { ResultStore, ResultTarget } from "@upscale/core";
import { type ReserveOptions, reserveInFolder, reserveOutput } from "./write-file-atomic.js";

/** What the core plans for a file job or a Midjourney job: a name (maybe not known yet) and where it goes. */
interface FilePlan {
  fileName: string | undefined;
  target?: ResultTarget;
}

export interface FileStoreOptions extends ReserveOptions {
  /** How a written path is shown (and put in JSON lines); as it is by default. */
  show?: (path: string) => string;
}

/**
 * The CLI's result store. Reserving proves the place writable before anything is paid for: the folder is created
 * and the temp file the result will be written to is made in it (see reserveOutput). Keeping writes the temp file
 * and renames it into place; `Saved` is the path written, as shown.
 */
export function fileResultStore(options: FileStoreOptions): ResultStore<string, FilePlan> {
  const show = options.show ?? ((path: string) => path);
  return {
    async reserve({ fileName, target }) {
      if (target?.kind !== "file" && target?.kind !== "folder")
        throw new Error("The CLI writes results to files only.");
      const folder = target.kind === "folder" ? target.path : dirname(target.path);
      const path = target.kind === "file" ? target.path : fileName === undefined ? undefined : join(folder, fileName);
      const reserved = path === undefined ? await reserveInFolder(folder, options) : await reserveOutput(path, options);
      return {
        // The planned place, unless the result is kept under another name (its own extension, its task's name).
        keep: async (image) =>
          show(
            await reserved.write(
              image.bytes,
              image.fileName === fileName && path !== undefined ? path : join(folder, image.fileName),
            ),
          ),
        release: () => reserved.discard(),
      };
    },
  };
}
