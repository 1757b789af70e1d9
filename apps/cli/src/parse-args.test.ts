import { describe, expect, it } from "vitest";
import { UsageError } from "./cli-errors.js";
import { HELP } from "./help.js";
import { OPTIONS, parseCliArgs } from "./parse-args.js";

const defaults = { out: undefined, overwrite: false, json: false, concurrency: undefined };

function usageError(args: string[]): string {
  try {
    parseCliArgs(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`parsed without error: ${args.join(" ")}`);
}

describe("parseCliArgs", () => {
  it("defaults to the offline provider at 2× keeping the format", () => {
    expect(parseCliArgs(["a.png", "dir"])).toEqual({
      kind: "local",
      inputs: ["a.png", "dir"],
      common: defaults,
      scale: 2,
      format: undefined,
    });
  });

  it("reads the local and common options", () => {
    const command = parseCliArgs(["-o", "out/", "--scale", "4", "--format", "webp", "--json", "--overwrite", "x.jpg"]);
    expect(command).toEqual({
      kind: "local",
      inputs: ["x.jpg"],
      common: { out: "out/", overwrite: true, json: true, concurrency: undefined },
      scale: 4,
      format: "webp",
    });
  });

  it("builds the Ideogram request from its flags", () => {
    const command = parseCliArgs([
      "--provider=ideogram",
      "--prompt",
      "crisp",
      "--resemblance",
      "70",
      "--detail",
      "1",
      "--magic-prompt",
      "off",
      "--seed",
      "2147483647",
      "--auth",
      "bearer",
      "--base-url",
      "http://relay/ideogram",
      "--api-key",
      "k",
      "--concurrency",
      "10",
      "a.png",
    ]);
    expect(command).toEqual({
      kind: "ideogram",
      inputs: ["a.png"],
      common: { ...defaults, concurrency: 10 },
      remote: { apiKey: "k", baseUrl: "http://relay/ideogram", deadlineMs: undefined },
      auth: "bearer",
      request: { prompt: "crisp", resemblance: 70, detail: 1, magic_prompt_option: "OFF", seed: 2147483647 },
    });
  });

  it("reads the Midjourney subcommands", () => {
    const midjourney = { apiKey: undefined, baseUrl: undefined, deadlineMs: 2500 };
    expect(parseCliArgs(["midjourney", "imagine", "a cat, watercolor", "--deadline", "2.5"])).toEqual({
      kind: "imagine",
      prompt: "a cat, watercolor",
      common: defaults,
      midjourney,
    });
    expect(parseCliArgs(["midjourney", "upsample", "grid.png", "--index", "3", "--deadline", "2.5"])).toMatchObject({
      kind: "upsample",
      inputs: ["grid.png"],
      index: 3,
      midjourney,
    });
    expect(parseCliArgs(["--provider", "midjourney", "--index", "1", "a.png", "b.png"])).toMatchObject({
      kind: "upsample",
      inputs: ["a.png", "b.png"],
      index: 1,
    });
    expect(parseCliArgs(["midjourney", "variation", "g.png", "--mode", "low"])).toMatchObject({
      kind: "variation",
      source: "g.png",
      index: undefined,
      mode: "low",
    });
    expect(parseCliArgs(["midjourney", "resume", "aaaaaaaaaaaaaaaaaaaaaaaa", "--json"])).toMatchObject({
      kind: "resume",
      taskIds: ["aaaaaaaaaaaaaaaaaaaaaaaa"],
      common: { ...defaults, json: true },
    });
  });

  it("answers --help and --version before validating anything else", () => {
    expect(parseCliArgs(["--provider", "nope", "--help"])).toEqual({ kind: "help" });
    expect(parseCliArgs(["-v"])).toEqual({ kind: "version" });
  });

  it("rejects flags that do not apply to the chosen provider or command", () => {
    expect(usageError(["--provider", "ideogram", "--scale", "4", "a.png"])).toBe(
      "--scale applies only to --provider local (remote providers choose the size).",
    );
    expect(usageError(["--prompt", "x", "a.png"])).toBe("--prompt applies only to --provider ideogram.");
    expect(usageError(["--api-key", "secret", "a.png"])).toMatch(/^--api-key applies only to --provider ideogram/);
    expect(usageError(["midjourney", "imagine", "x", "--index", "1"])).toMatch(/^--index applies only to/);
    expect(usageError(["midjourney", "resume", "x", "--provider", "local"])).toMatch(/^--provider applies only/);
  });

  it("rejects bad values with what is allowed", () => {
    expect(usageError(["--scale", "5", "a.png"])).toBe('--scale must be 2, 3 or 4 (got "5").');
    expect(usageError(["--format", "gif", "a.png"])).toBe('--format must be png, jpeg or webp (got "gif").');
    expect(usageError(["--provider", "dalle", "a.png"])).toBe(
      '--provider must be local, ideogram or midjourney (got "dalle").',
    );
    expect(usageError(["--provider", "ideogram", "--resemblance", "0", "a.png"])).toBe(
      '--resemblance must be a whole number from 1 to 100 (got "0").',
    );
    expect(usageError(["--provider", "ideogram", "--seed", "1.5", "a.png"])).toMatch(/^--seed must be a whole number/);
    expect(usageError(["--concurrency", "0", "a.png"])).toMatch(/^--concurrency must be a whole number from 1/);
    expect(usageError(["midjourney", "resume", "x", "--deadline", "soon"])).toMatch(/^--deadline must be a number/);
    expect(usageError(["midjourney", "upsample", "g.png", "--index", "5"])).toMatch(/^--index must be a whole number/);
  });

  it("says what is missing", () => {
    expect(usageError([])).toMatch(/^Missing files, folders or globs to upscale/);
    expect(usageError(["midjourney", "upsample", "g.png"])).toMatch(/--index 1\.\.4/);
    expect(usageError(["midjourney", "imagine"])).toMatch(/^Missing the prompt/);
    expect(usageError(["midjourney", "imagine", " "])).toMatch(/^The prompt is empty/);
    expect(usageError(["a.png", "-o", ""])).toMatch(/^-o needs a file or folder name/);
    expect(usageError(["midjourney", "variation", "g.png"])).toMatch(/^Say what to vary: --index/);
    expect(usageError(["midjourney", "imagine", "a", "b"])).toMatch(/^Expected one argument/);
    expect(usageError(["midjourney", "paint", "x"])).toMatch(/^Unknown Midjourney command "paint"/);
  });

  it("turns node:util's parse errors into a hint", () => {
    expect(usageError(["--sclae", "2", "a.png"])).toMatch(/--sclae.*See upscale --help\.$/);
    expect(usageError(["--json=yes", "a.png"])).toMatch(/--json.*See upscale --help\.$/);
  });
});

describe("--help", () => {
  it("documents every option", () => {
    for (const [name, spec] of Object.entries(OPTIONS)) {
      expect(HELP).toContain(`--${name}`);
      if ("short" in spec) expect(HELP).toContain(`-${spec.short}, --${name}`);
    }
  });
});
