import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * exiftool (Debian package libimage-exiftool-perl): an independent reader — and, for IPTC, which sharp cannot
 * write, the writer of test inputs — so metadata is checked by something other than the code under test.
 */
function withFile<T>(bytes: Uint8Array, use: (path: string) => T): T {
  const folder = mkdtempSync(join(tmpdir(), "upscale-exiftool-"));
  const path = join(folder, "image");
  try {
    writeFileSync(path, bytes);
    return use(path);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Every tag exiftool reads, as `Group:Tag` (family-1 groups, e.g. `IFD0:Orientation`), values numeric. */
export function exiftool(bytes: Uint8Array, ...extra: string[]): Record<string, unknown> {
  return withFile(bytes, (path) => {
    const output = execFileSync("exiftool", ["-json", "-a", "-G1", "-n", ...extra, path], { encoding: "utf8" });
    const [tags] = JSON.parse(output) as Array<Record<string, unknown>>;
    return tags ?? {};
  });
}

/** `bytes` with tags written by exiftool (`-IPTC:By-line=Jane`…), as a photo agency's tools would. */
export function exiftoolWrite(bytes: Uint8Array, ...assignments: string[]): Uint8Array {
  return withFile(bytes, (path) => {
    execFileSync("exiftool", ["-q", "-overwrite_original", ...assignments, path]);
    return new Uint8Array(readFileSync(path));
  });
}

/** A binary tag exiftool extracts (`-b -MPImage2`), e.g. the gain map image of an Ultra HDR JPEG. */
export function exiftoolBinary(bytes: Uint8Array, tag: string): Uint8Array {
  return withFile(bytes, (path) => new Uint8Array(execFileSync("exiftool", ["-b", `-${tag}`, path])));
}
