import { link, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Classify, expandInputs } from "./expand-inputs.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "upscale-inputs-"));
  await mkdir(join(dir, "shots", "nested"), { recursive: true });
  for (const name of ["b.png", "a.JPG", "c.webp", "notes.txt", "a@2x.png", "nested/deep.png"]) {
    await writeFile(join(dir, "shots", name), "x");
  }
  await writeFile(join(dir, "single.png"), "x");
  await mkdir(join(dir, "empty"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in for the real classifier (classify-input.ts, tested on real images): text files are not images. */
const noText: Classify = async (file) => (file.endsWith(".txt") ? "not an image." : undefined);

describe("expandInputs", () => {
  it("keeps files as given and lists a folder's files, not subfolders; what is not processed is reported", async () => {
    const single = join(dir, "single.png");
    const shots = join(dir, "shots");
    const expanded = await expandInputs([single, shots], noText);
    expect(expanded.files).toEqual([
      single,
      join(shots, "a.JPG"),
      join(shots, "a@2x.png"),
      join(shots, "b.png"),
      join(shots, "c.webp"),
    ]);
    expect(expanded.skipped).toEqual([{ file: join(shots, "notes.txt"), reason: "not an image." }]);
    expect(expanded.unmatched).toEqual([]);
    expect(expanded.usedPatterns).toBe(true);
  });

  it("keeps any file named explicitly (the core then judges the bytes)", async () => {
    const files = [join(dir, "shots", "a@2x.png"), join(dir, "shots", "notes.txt")];
    expect(await expandInputs(files, noText)).toMatchObject({ files, skipped: [], usedPatterns: false });
  });

  it("takes each real file once, whatever the spelling: ./, .., symlink, symlinked folder, hard link", async () => {
    const single = join(dir, "single.png");
    await symlink(single, join(dir, "alias.png"));
    await link(single, join(dir, "hard.png"));
    await symlink(dir, join(dir, "shots", "up"));
    const spellings = [single, `${dir}/./single.png`, `${dir}/shots/../single.png`, join(dir, "alias.png")];
    const expanded = await expandInputs(
      [...spellings, join(dir, "hard.png"), join(dir, "shots", "up", "single.png")],
      noText,
    );
    expect(expanded.files).toEqual([single]);
    expect(expanded.identities.size).toBe(1);
  });

  it("expands globs, including **, and lists each file (and each skipped file) once", async () => {
    const expanded = await expandInputs(
      [`${dir}/shots/**/*.png`, join(dir, "shots", "b.png"), `${dir}/shots/*.txt`, join(dir, "shots")],
      noText,
    );
    expect(expanded.files.map((file) => basename(file))).toEqual(["a@2x.png", "b.png", "deep.png", "a.JPG", "c.webp"]);
    expect(expanded.skipped.map(({ file }) => basename(file))).toEqual(["notes.txt"]);
  });

  it("reports arguments that match nothing, each with what to check", async () => {
    const missing = join(dir, "nope.png");
    const expanded = await expandInputs([missing, join(dir, "empty"), `${dir}/*.gif`], noText);
    expect(expanded.files).toEqual([]);
    expect(expanded.unmatched).toEqual([
      { arg: missing, message: `File not found: ${missing}. Check the path (globs need quotes).` },
      { arg: join(dir, "empty"), message: `The folder ${join(dir, "empty")} has no files.` },
      { arg: `${dir}/*.gif`, message: `No files match ${dir}/*.gif.` },
    ]);
  });
});
