import { link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileError } from "./cli-errors.js";
import { fileIdentity } from "./file-identity.js";
import { removeStaleReservations, reserveInFolder, reserveOutput, writeFileAtomic } from "./write-file-atomic.js";

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

describe("reserveOutput", () => {
  const reserveError = (path: string, options: Parameters<typeof reserveOutput>[1]) =>
    reserveOutput(path, options).then(
      async (reserved) => {
        await reserved.discard();
        return undefined;
      },
      (error: unknown) => error,
    );

  it("refuses, before anything is paid, a result over any spelling of an input — even with overwrite", async () => {
    await mkdir(join(dir, "real"));
    const input = join(dir, "real", "in.png");
    await writeFile(input, "input");
    await symlink(join(dir, "real"), join(dir, "linked"));
    await symlink(input, join(dir, "alias.png"));
    await link(input, join(dir, "hard.png"));
    const inputs = new Set([(await fileIdentity(input)) as string]);
    for (const spelling of ["linked/in.png", "alias.png", "hard.png", "real/../real/in.png"]) {
      expect(await reserveError(join(dir, spelling), { overwrite: true, inputs })).toMatchObject({
        code: "OUTPUT_EXISTS",
        message: expect.stringContaining("is an input"),
      });
    }
    expect(await readFile(input, "utf8")).toBe("input");
  });

  it("refuses a taken name (a dangling symlink too) unless overwriting, and a folder always", async () => {
    await writeFile(join(dir, "taken.png"), "old");
    await symlink(join(dir, "nowhere"), join(dir, "dangling.png"));
    await mkdir(join(dir, "folder.png"));
    expect(await reserveError(join(dir, "taken.png"), { overwrite: false })).toMatchObject({ code: "OUTPUT_EXISTS" });
    expect(await reserveError(join(dir, "dangling.png"), { overwrite: false })).toMatchObject({
      code: "OUTPUT_EXISTS",
    });
    expect(await reserveError(join(dir, "taken.png"), { overwrite: true })).toBeUndefined();
    expect(await reserveError(join(dir, "folder.png"), { overwrite: true })).toMatchObject({
      code: "IO",
      message: expect.stringContaining("is a folder"),
    });
  });

  it("proves the folder takes a new file before anything is paid, and leaves nothing when discarded", async () => {
    await writeFile(join(dir, "file"), "x");
    expect(await reserveError(join(dir, "file", "sub", "out.png"), { overwrite: false })).toMatchObject({
      code: "IO",
      message: expect.stringContaining("Cannot write"),
    });
    const reserved = await reserveOutput(join(dir, "new", "out.png"), { overwrite: false });
    expect(await readdir(join(dir, "new"))).toEqual([expect.stringMatching(/^\.out\.png\.[0-9a-f]+\.tmp$/)]);
    await reserved.discard();
    expect(await readdir(join(dir, "new"))).toEqual([]);
  });

  it("keeps a result whose name was taken after the check, under a free variant", async () => {
    const path = join(dir, "out.png");
    const reserved = await reserveOutput(path, { overwrite: false });
    await writeFile(path, "someone else's");
    expect(await reserved.write(bytes)).toBe(join(dir, "out-2.png"));
    await reserved.discard();
    expect(await readFile(path, "utf8")).toBe("someone else's");
    expect(await readFile(join(dir, "out-2.png"), "utf8")).toBe("new contents");
    expect((await readdir(dir)).sort()).toEqual(["out-2.png", "out.png"]);
  });

  it("with overwrite, replaces only the reserved name: a result kept under another name takes a free one", async () => {
    const path = join(dir, "out.webp");
    await writeFile(path, "old webp");
    await writeFile(join(dir, "out.png"), "not named by -o");
    const reserved = await reserveOutput(path, { overwrite: true });
    expect(await reserved.write(bytes, join(dir, "out.png"))).toBe(join(dir, "out-2.png"));
    await reserved.discard();
    expect(await readFile(join(dir, "out.png"), "utf8")).toBe("not named by -o");
    expect(await readFile(join(dir, "out-2.png"), "utf8")).toBe("new contents");
  });

  it("a folder reservation is named when written", async () => {
    const reserved = await reserveInFolder(join(dir, "grids"), { overwrite: false });
    expect(await reserved.write(bytes, join(dir, "grids", "midjourney-x.png"))).toBe(
      join(dir, "grids", "midjourney-x.png"),
    );
    await reserved.discard();
    expect(await readdir(join(dir, "grids"))).toEqual(["midjourney-x.png"]);
  });

  it("removes the empty reservations a killed run left for a result, and nothing else", async () => {
    const path = join(dir, "a@2x.png");
    const stale = await reserveOutput(path, { overwrite: false });
    const names = await readdir(dir);
    const before = Date.now() + 1;
    await writeFile(join(dir, ".a@2x.png.0123456789ab.tmp"), "a result, written but not yet renamed");
    await writeFile(join(dir, ".b@2x.png.0123456789ab.tmp"), "");
    await writeFile(join(dir, ".a@2x.png.not-ours.tmp"), "");
    await removeStaleReservations(path, before);
    expect((await readdir(dir)).sort()).toEqual(
      [".a@2x.png.0123456789ab.tmp", ".a@2x.png.not-ours.tmp", ".b@2x.png.0123456789ab.tmp"].sort(),
    );
    expect(names).toHaveLength(1);
    await stale.discard();
    const live = await reserveOutput(path, { overwrite: false });
    await removeStaleReservations(path, before - 60_000);
    const reservations = (await readdir(dir)).filter((name) => /^\.a@2x\.png\.[0-9a-f]{12}\.tmp$/.test(name));
    // The live run's reservation and the temp file holding a result.
    expect(reservations).toHaveLength(2);
    await live.discard();
  });
});
