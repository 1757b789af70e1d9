import { execFile } from "node:child_process";
import { link, readFile, rename, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { imageSize, jsonLines, listFiles, makeImage, runCli, tempDir } from "./helpers.js";

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

const upscale = (args: string[]) => runCli(args, { cwd: dir.path });

/** The tags exiftool (an independent reader) finds, one object per file. */
function exiftool(files: string[]): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    execFile("exiftool", ["-json", "-Software", "-Comment", ...files], { cwd: dir.path }, (error, stdout) => {
      if (error !== null && stdout === "") reject(error);
      else resolve(JSON.parse(stdout) as Record<string, unknown>[]);
    });
  });
}

describe("upscale (offline, the default)", () => {
  it("writes <name>@2x.<ext> beside the input, keeping the format, and leaves the input byte-identical", async () => {
    await makeImage(join(dir.path, "photo.jpg"), 60, 40, "jpeg");
    const original = await readFile(join(dir.path, "photo.jpg"));

    const run = await upscale(["photo.jpg"]);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^photo\.jpg → photo@2x\.jpg \(120×80, \d+ ms\)\n$/);
    expect(run.stderr).toBe("");
    expect(await imageSize(join(dir.path, "photo@2x.jpg"))).toEqual({ width: 120, height: 80, format: "jpeg" });
    expect(await readFile(join(dir.path, "photo.jpg"))).toEqual(original);
    expect(await listFiles(dir.path)).toEqual(["photo.jpg", "photo@2x.jpg"]);
  });

  it("runs the README's first command on the bundled example image, offline and without a key", async () => {
    const example = new URL("../examples/lighthouse.png", import.meta.url).pathname;
    const original = await readFile(example);
    const { width, height } = await imageSize(example);

    const run = await upscale([example, "-o", "out/"]);

    expect(run.code).toBe(0);
    expect(await imageSize(join(dir.path, "out", "lighthouse@2x.png"))).toEqual({
      width: width * 2,
      height: height * 2,
      format: "png",
    });
    expect(await readFile(example)).toEqual(original);
  });

  it("takes --scale, --format and a folder, writing into -o with JSON lines", async () => {
    await makeImage(join(dir.path, "in", "a.png"), 30, 20);
    await makeImage(join(dir.path, "in", "b.webp"), 16, 16, "webp");

    const run = await upscale(["--scale", "4", "--format", "webp", "--json", "-o", "out", "in"]);

    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).sort((x, y) => String(x.input).localeCompare(String(y.input)))).toEqual([
      { input: "in/a.png", output: "out/a@4x.webp", provider: "local", width: 120, height: 80, ms: expect.any(Number) },
      { input: "in/b.webp", output: "out/b@4x.webp", provider: "local", width: 64, height: 64, ms: expect.any(Number) },
    ]);
    expect(await imageSize(join(dir.path, "out", "a@4x.webp"))).toEqual({ width: 120, height: 80, format: "webp" });
    expect(run.stderr).toMatch(/^2 of 2 done in /);
    expect(await listFiles(dir.path)).toEqual(["in/a.png", "in/b.webp", "out/a@4x.webp", "out/b@4x.webp"]);
  });

  it("writes exactly the -o file, in the format its name says", async () => {
    await makeImage(join(dir.path, "a.png"), 25, 15);
    const run = await upscale(["a.png", "-o", "sub/big.webp"]);
    expect(run.code).toBe(0);
    expect(await imageSize(join(dir.path, "sub", "big.webp"))).toEqual({ width: 50, height: 30, format: "webp" });
    expect(await listFiles(dir.path)).toEqual(["a.png", "sub/big.webp"]);
  });

  it("never overwrites without --overwrite", async () => {
    await makeImage(join(dir.path, "a.png"), 20, 20);
    await writeFile(join(dir.path, "a@2x.png"), "keep me");

    const refused = await upscale(["--json", "a.png"]);
    expect(refused.code).toBe(1);
    expect(jsonLines(refused.stdout)).toEqual([
      {
        input: "a.png",
        error: {
          code: "OUTPUT_EXISTS",
          message: "a@2x.png already exists: pass --overwrite to replace it, or -o elsewhere.",
        },
      },
    ]);
    expect(await readFile(join(dir.path, "a@2x.png"), "utf8")).toBe("keep me");

    const replaced = await upscale(["--overwrite", "a.png"]);
    expect(replaced.code).toBe(0);
    expect(await imageSize(join(dir.path, "a@2x.png"))).toMatchObject({ width: 40, height: 40 });
    expect(await listFiles(dir.path)).toEqual(["a.png", "a@2x.png"]);
  });

  it("no spelling of an input (symlinked folder, symlink, hard link, ..) lets --overwrite replace it", async () => {
    await makeImage(join(dir.path, "real", "a.png"), 20, 20);
    const original = await readFile(join(dir.path, "real", "a.png"));
    await symlink(join(dir.path, "real"), join(dir.path, "linked"));
    await symlink("real/a.png", join(dir.path, "alias.png"));
    await link(join(dir.path, "real", "a.png"), join(dir.path, "hard.png"));
    for (const [input, out] of [
      ["linked/a.png", "real/a.png"],
      ["real/a.png", "alias.png"],
      ["real/a.png", "hard.png"],
      ["real/a.png", "linked/../real/a.png"],
    ]) {
      const run = await upscale(["--json", "--overwrite", input as string, "-o", out as string]);
      expect(run.code).toBe(1);
      expect(jsonLines(run.stdout)).toEqual([
        { input, error: { code: "OUTPUT_EXISTS", message: expect.stringContaining("is an input") } },
      ]);
    }
    expect(await readFile(join(dir.path, "real", "a.png"))).toEqual(original);
    expect(await readFile(join(dir.path, "hard.png"))).toEqual(original);
    expect(await listFiles(dir.path)).toEqual(["hard.png", "real/a.png"]);
  });

  it("does the same file once however often and under whatever names it is given", async () => {
    await makeImage(join(dir.path, "real", "a.png"), 20, 20);
    await symlink(join(dir.path, "real"), join(dir.path, "linked"));
    await link(join(dir.path, "real", "a.png"), join(dir.path, "hard.png"));
    const run = await upscale(["--json", "real/a.png", "./real/a.png", "linked/a.png", "hard.png", "real"]);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([expect.objectContaining({ input: "real/a.png", output: "real/a@2x.png" })]);
  });

  it("a result that would land on another input of the run is refused, even with --overwrite", async () => {
    await makeImage(join(dir.path, "a.png"), 20, 20);
    await makeImage(join(dir.path, "a@2x.png"), 10, 10);
    const before = await readFile(join(dir.path, "a@2x.png"));
    const run = await upscale(["--json", "--overwrite", "a.png", "a@2x.png"]);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual(
      expect.arrayContaining([
        { input: "a.png", error: { code: "OUTPUT_EXISTS", message: expect.stringContaining("is an input") } },
        expect.objectContaining({ input: "a@2x.png", output: "a@2x@2x.png" }),
      ]),
    );
    expect(await readFile(join(dir.path, "a@2x.png"))).toEqual(before);
  });

  it("escapes terminal control characters in file names in human output; JSON keeps the real name", async () => {
    const name = "red\x1b[31m\x9b2J.png";
    await makeImage(join(dir.path, name), 10, 10);
    await writeFile(join(dir.path, "red\x1b[31m\x9b2J@2x.png"), "taken");
    const run = await upscale([name, "-o", "out/"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^red\\x1b\[31m\\x9b2J\.png → out\/red\\x1b\[31m\\x9b2J@2x\.png \(20×20, /);
    const refused = await upscale([name]);
    expect(refused.stderr).toContain("✗ red\\x1b[31m\\x9b2J.png: red\\x1b[31m\\x9b2J@2x.png already exists");
    const json = await upscale(["--json", name, "-o", "json/"]);
    expect(jsonLines(json.stdout)[0]).toMatchObject({ input: name, output: `json/red\x1b[31m\x9b2J@2x.png` });
    expect(run.stdout + run.stderr + refused.stdout + refused.stderr + json.stdout).not.toMatch(/\p{Cc}(?<!\n)/u);
  });

  it("continues past bad inputs, reports each, and exits 1", async () => {
    await makeImage(join(dir.path, "good.png"), 10, 10);
    await writeFile(join(dir.path, "notes.png"), "not an image");

    const run = await upscale(["--json", "notes.png", "missing.png", "good.png"]);

    expect(run.code).toBe(1);
    const byInput = Object.fromEntries(jsonLines(run.stdout).map((line) => [line.input, line]));
    expect(byInput["notes.png"]).toMatchObject({ error: { code: "UNSUPPORTED_IMAGE" } });
    expect(byInput["missing.png"]).toMatchObject({
      error: { code: "NOT_FOUND", message: expect.stringContaining("File not found") },
    });
    expect(byInput["good.png"]).toMatchObject({ output: "good@2x.png", width: 20, height: 20 });
    expect(run.stderr).toContain("1 of 3 done, 2 failed");
    expect(await listFiles(dir.path)).toEqual(["good.png", "good@2x.png", "notes.png"]);
  });

  it("exits 2 with a one-line hint on usage errors, touching nothing", async () => {
    await makeImage(join(dir.path, "a.png"), 10, 10);
    await makeImage(join(dir.path, "x", "a.png"), 10, 10);
    const before = await stat(join(dir.path, "a.png"));
    for (const [args, message] of [
      [["--prompt", "sharper", "a.png"], "upscale: --prompt applies only to --provider ideogram.\n"],
      [["--scale", "5", "a.png"], 'upscale: --scale must be 2, 3 or 4 (got "5").\n'],
      [[], "upscale: Missing files, folders or globs to upscale. See upscale --help.\n"],
      [
        ["a.png", "-o", "big.gif"],
        "upscale: -o big.gif: results are PNG, JPEG or WebP; end the name with .png, .jpg or .webp (not .gif).\n",
      ],
      [
        ["--format", "png", "a.png", "-o", "big.webp"],
        "upscale: -o big.webp asks for .webp but --format for .png: drop one of them.\n",
      ],
      [
        ["a.png", "x/a.png", "-o", "big.png"],
        "upscale: -o big.png names one image, but there are several results: give a folder (e.g. -o out/).\n",
      ],
      [
        ["-o", "out/", "a.png", "x/a.png"],
        "upscale: a.png and x/a.png would both be written to out/a@2x.png: process them separately.\n",
      ],
    ] as const) {
      const run = await upscale([...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(message);
      expect(run.stdout).toBe("");
    }
    expect((await stat(join(dir.path, "a.png"))).mtimeMs).toBe(before.mtimeMs);
    expect(await listFiles(dir.path)).toEqual(["a.png", "x/a.png"]);
  });

  it("upscales a folder of only @2x/@3x assets a designer made: a name says nothing", async () => {
    await makeImage(join(dir.path, "icons", "icon@2x.png"), 20, 20);
    await makeImage(join(dir.path, "icons", "icon@3x.png"), 30, 30);

    const run = await upscale(["icons"]);

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^2 of 2 done in [^\n]+\n$/);
    expect(await imageSize(join(dir.path, "icons", "icon@2x@2x.png"))).toMatchObject({ width: 40, height: 40 });
    expect(await imageSize(join(dir.path, "icons", "icon@3x@2x.png"))).toMatchObject({ width: 60, height: 60 });
  });

  it("accounts for every file of a folder: other image types with what to convert them to, non-images", async () => {
    await makeImage(join(dir.path, "mixed", "a.png"), 20, 10);
    await makeImage(join(dir.path, "mixed", "b.jpg"), 20, 10, "jpeg");
    await writeFile(
      join(dir.path, "mixed", "logo.svg"),
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>',
    );
    await writeFile(join(dir.path, "mixed", "IMG_0042.HEIC"), "not an image, whatever its name");
    await writeFile(join(dir.path, "mixed", "notes.txt"), "shot list");

    const human = await upscale(["-o", "out/", "mixed"]);

    expect(human.code).toBe(0);
    const lines = human.stderr.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "· mixed/IMG_0042.HEIC: skipped: not an image.",
      "· mixed/logo.svg: skipped: SVG images are not upscaled by --provider local: convert it to PNG first.",
      "· mixed/notes.txt: skipped: not an image.",
    ]);
    expect(lines[3]).toMatch(/^2 of 5 done, 3 skipped in /);
    const json = jsonLines((await upscale(["--json", "-o", "json/", "mixed"])).stdout);
    // Skipped files first, in name order; results as they finish.
    expect(json.slice(0, 3)).toEqual([
      { input: "mixed/IMG_0042.HEIC", skipped: "not an image." },
      { input: "mixed/logo.svg", skipped: expect.stringContaining("convert it to PNG") },
      { input: "mixed/notes.txt", skipped: "not an image." },
    ]);
    expect(
      json
        .slice(3)
        .map((line) => line.output)
        .sort(),
    ).toEqual(["json/a@2x.png", "json/b@2x.jpg"]);
  });

  it("knows its earlier results by the mark it writes into them (read back by exiftool), not by their name", async () => {
    await makeImage(join(dir.path, "shots", "a.png"), 20, 10);
    await makeImage(join(dir.path, "shots", "b.jpg"), 20, 10, "jpeg");
    await makeImage(join(dir.path, "shots", "c.webp"), 20, 10, "webp");
    expect((await upscale(["shots"])).code).toBe(0);
    expect(await exiftool(["shots/a@2x.png", "shots/b@2x.jpg", "shots/a.png"])).toEqual([
      { SourceFile: "shots/a@2x.png", Software: "upscale-toolkit" },
      { SourceFile: "shots/b@2x.jpg", Comment: "upscale-toolkit" },
      { SourceFile: "shots/a.png" },
    ]);
    // The WebP result still decodes as it was: its mark is a chunk readers skip.
    expect(await imageSize(join(dir.path, "shots", "c@2x.webp"))).toEqual({ width: 40, height: 20, format: "webp" });
    await rename(join(dir.path, "shots", "a@2x.png"), join(dir.path, "shots", "renamed.png"));

    const again = await upscale(["--json", "-o", "again/", "shots"]);

    expect(again.code).toBe(0);
    const skipped = jsonLines(again.stdout).filter((line) => "skipped" in line);
    expect(skipped.map((line) => line.input)).toEqual(["shots/b@2x.jpg", "shots/c@2x.webp", "shots/renamed.png"]);
    for (const line of skipped) expect(line.skipped).toMatch(/^already a result of this tool/);
    expect(await listFiles(join(dir.path, "again"))).toEqual(["a@2x.png", "b@2x.jpg", "c@2x.webp"]);
    // Named explicitly, an earlier result is upscaled again.
    const explicit = await upscale(["--json", "shots/renamed.png"]);
    expect(jsonLines(explicit.stdout)).toEqual([expect.objectContaining({ output: "shots/renamed@2x.png" })]);
  });

  it("documents every option in --help", async () => {
    const run = await upscale(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("upscale [options] <file|dir|glob>...");
    expect(run.stdout).toContain("IDEOGRAM_API_KEY");
    expect(run.stdout).toContain("GPTUNNEL_API_KEY");
  });
});
