import { link, readFile, stat, symlink, writeFile } from "node:fs/promises";
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
    await makeImage(join(dir.path, "in", "a@2x.png"), 60, 40);

    const run = await upscale(["--scale", "4", "--format", "webp", "--json", "-o", "out", "in"]);

    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).sort((x, y) => String(x.input).localeCompare(String(y.input)))).toEqual([
      { input: "in/a.png", output: "out/a@4x.webp", provider: "local", width: 120, height: 80, ms: expect.any(Number) },
      { input: "in/b.webp", output: "out/b@4x.webp", provider: "local", width: 64, height: 64, ms: expect.any(Number) },
    ]);
    expect(await imageSize(join(dir.path, "out", "a@4x.webp"))).toEqual({ width: 120, height: 80, format: "webp" });
    expect(run.stderr).toMatch(/^2 of 2 done in /);
    expect(await listFiles(dir.path)).toEqual([
      "in/a.png",
      "in/a@2x.png",
      "in/b.webp",
      "out/a@4x.webp",
      "out/b@4x.webp",
    ]);
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

  it("documents every option in --help", async () => {
    const run = await upscale(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("upscale [options] <file|dir|glob>...");
    expect(run.stdout).toContain("IDEOGRAM_API_KEY");
    expect(run.stdout).toContain("GPTUNNEL_API_KEY");
  });
});
