import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileError } from "./cli-errors.js";
import { assertOutputFree, writeFileAtomic } from "./write-file-atomic.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "upscale-write-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = new TextEncoder().encode("new contents");

describe("writeFileAtomic", () => {
  it("writes the file, creating folders, and leaves no temp file", async () => {
    const path = join(dir, "a", "b", "out.png");
    await writeFileAtomic(path, bytes, { overwrite: false });
    expect(await readFile(path)).toEqual(Buffer.from(bytes));
    expect(await readdir(join(dir, "a", "b"))).toEqual(["out.png"]);
  });

  it("never replaces an existing file without overwrite", async () => {
    const path = join(dir, "out.png");
    await writeFile(path, "old");
    const error = await writeFileAtomic(path, bytes, { overwrite: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect(error).toMatchObject({ code: "OUTPUT_EXISTS", message: expect.stringContaining("--overwrite") });
    expect(await readFile(path, "utf8")).toBe("old");
    expect(await readdir(dir)).toEqual(["out.png"]);
  });

  it("replaces it with overwrite", async () => {
    const path = join(dir, "out.png");
    await writeFile(path, "old");
    await writeFileAtomic(path, bytes, { overwrite: true });
    expect(await readFile(path, "utf8")).toBe("new contents");
    expect(await readdir(dir)).toEqual(["out.png"]);
  });

  it("reports file-system failures as IO errors naming the path", async () => {
    await writeFile(join(dir, "file"), "x");
    const path = join(dir, "file", "out.png");
    await expect(writeFileAtomic(path, bytes, { overwrite: false })).rejects.toMatchObject({
      code: "IO",
      message: expect.stringContaining(`Cannot write ${path}`),
    });
  });
});

describe("assertOutputFree", () => {
  it("refuses an existing file unless overwriting, and the input itself always", async () => {
    const path = join(dir, "out.png");
    await expect(assertOutputFree(path, join(dir, "in.png"), false)).resolves.toBeUndefined();
    await writeFile(path, "old");
    await expect(assertOutputFree(path, join(dir, "in.png"), false)).rejects.toMatchObject({ code: "OUTPUT_EXISTS" });
    await expect(assertOutputFree(path, join(dir, "in.png"), true)).resolves.toBeUndefined();
    await expect(assertOutputFree(path, `${dir}/./out.png`, true)).rejects.toThrow(/is the input itself/);
  });
});
