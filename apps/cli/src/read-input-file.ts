import { readFile } from "node:fs/promises";
import { FileError } from "./cli-errors.js";

/** The file's bytes, or a NOT_FOUND FileError that names it (missing, unreadable, a folder…). */
export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new FileError("NOT_FOUND", `Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}
