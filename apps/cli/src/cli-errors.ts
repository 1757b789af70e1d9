/** The command line itself is wrong (unknown flag, bad value, missing key): exit code 2, nothing was attempted. */
export class UsageError extends Error {
  override name = "UsageError";
}

export type FileErrorCode = "OUTPUT_EXISTS" | "NOT_FOUND" | "NO_TASK_ID" | "IO";

/** A per-input failure of the CLI's own (files, not vendors); reported like the core's errors, by `code`. */
export class FileError extends Error {
  override name = "FileError";
  readonly code: FileErrorCode;

  constructor(code: FileErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
