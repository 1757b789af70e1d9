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
      metadata: "keep",
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
      metadata: "keep",
    });
  });

  it("--strip-metadata asks for results without the input's metadata; --send-metadata sends it to Ideogram", () => {
    expect(parseCliArgs(["--strip-metadata", "x.jpg"])).toMatchObject({ kind: "local", metadata: "strip" });
    expect(parseCliArgs(["--provider", "ideogram", "x.jpg"])).toMatchObject({ metadata: "keep", sendMetadata: false });
    expect(
      parseCliArgs(["--provider", "ideogram", "--send-metadata", "--strip-metadata", "--model", "legacy", "x.jpg"]),
    ).toMatchObject({ kind: "ideogram", model: "legacy", metadata: "strip", sendMetadata: true });
    // Offline nothing is sent; a quote or a Midjourney grid keeps no input's metadata.
    expect(usageError(["--send-metadata", "x.jpg"])).toBe(
      "--send-metadata applies only to --provider ideogram (offline, nothing is sent).",
    );
    expect(usageError(["--provider", "ideogram", "--quote", "--send-metadata", "x.jpg"])).toBe(
      "--quote only prices the inputs and sends nothing: leave out --send-metadata.",
    );
    expect(usageError(["midjourney", "imagine", "--strip-metadata", "a fox"])).toMatch(
      /^--strip-metadata applies only to `upscale <files>`/,
    );
  });

  it("builds the legacy Ideogram request from its flags", () => {
    const command = parseCliArgs([
      "--provider=ideogram",
      "--model",
      "legacy",
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
      model: "legacy",
      request: {},
      legacyRequest: { prompt: "crisp", resemblance: 70, detail: 1, magic_prompt_option: "OFF", seed: 2147483647 },
      quote: false,
      maxCostUsd: undefined,
      metadata: "keep",
      sendMetadata: false,
    });
  });

  it("takes a v2 model (auto by default) and its own fields, a quote or a spending limit", () => {
    const ideogram = (...args: string[]) => parseCliArgs(["--provider", "ideogram", ...args, "a.png"]);
    expect(ideogram()).toMatchObject({ model: "auto", request: {}, quote: false, maxCostUsd: undefined });
    expect(ideogram("--model", "topaz-wonder-3-5", "--scale", "4", "--strength", "high", "--seed", "7")).toMatchObject({
      model: "topaz-wonder-3-5",
      request: { factor: 4, enhancementStrength: "high", seed: 7 },
    });
    expect(ideogram("--model", "nano-banana-pro", "--resolution", "4k", "--quote")).toMatchObject({
      request: { resolutionTier: "4K" },
      quote: true,
    });
    expect(ideogram("--model", "topaz-bloom-2", "--prompt", "crisp", "--max-cost", "$1.50")).toMatchObject({
      request: { prompt: "crisp" },
      maxCostUsd: 1.5,
    });
  });

  it("says which model a flag belongs to", () => {
    const ideogram = (...args: string[]) => usageError(["--provider", "ideogram", ...args, "a.png"]);
    expect(ideogram("--strength", "high")).toBe("--strength applies only to --model topaz-wonder-3-5, not auto.");
    expect(ideogram("--model", "topaz-standard-2", "--prompt", "x")).toBe(
      "--prompt applies only to --model topaz-bloom-2 or topaz-redefine, not topaz-standard-2.",
    );
    expect(ideogram("--resolution", "2K")).toBe("--resolution applies only to --model nano-banana-pro, not auto.");
    expect(ideogram("--model", "nano-banana-pro", "--scale", "2")).toBe(
      "--scale does not apply to --model nano-banana-pro: its size comes from --resolution 1K|2K|4K.",
    );
    expect(ideogram("--resemblance", "50")).toBe("--resemblance applies only to --model legacy.");
    expect(ideogram("--model", "legacy", "--quote")).toMatch(/^--quote needs a v2 model/);
    expect(ideogram("--model", "legacy", "--scale", "4")).toMatch(/^--model legacy upscales ×2 only/);
    expect(ideogram("--model", "dall-e")).toMatch(
      /^--model must be auto, topaz-standard-2, .* or legacy \(got "dall-e"\)\.$/,
    );
    expect(ideogram("--scale", "3")).toBe('--scale must be 2, 4 or 8 (got "3").');
    expect(ideogram("--model", "topaz-wonder-3-5", "--strength", "max")).toBe(
      '--strength must be low, medium or high (got "max").',
    );
    expect(ideogram("--max-cost", "cheap")).toMatch(/^--max-cost must be an amount in US dollars/);
    expect(ideogram("--quote", "--max-cost", "1")).toMatch(/^--quote only prices/);
  });

  it("reads `upscale resume` and `upscale balance`", () => {
    expect(parseCliArgs(["resume"])).toEqual({
      kind: "resume-any",
      common: defaults,
      provider: undefined,
      remote: { apiKey: undefined, baseUrl: undefined, deadlineMs: undefined },
      auth: "api-key",
    });
    expect(
      parseCliArgs(["resume", "--provider", "ideogram", "--base-url", "http://relay/ideogram", "--auth", "bearer"]),
    ).toMatchObject({ provider: "ideogram", remote: { baseUrl: "http://relay/ideogram" }, auth: "bearer" });
    expect(usageError(["resume", "--base-url", "http://x"])).toMatch(/^--base-url is one vendor's: add --provider/);
    expect(usageError(["resume", "--provider", "midjourney", "--auth", "bearer"])).toMatch(/^--auth applies only/);
    expect(usageError(["resume", "abc"])).toMatch(/^Unexpected "abc": `upscale resume` finishes every/);
    expect(usageError(["resume", "--model", "auto"])).toMatch(/^--model applies only to --provider ideogram/);
    expect(parseCliArgs(["balance", "--base-url", "http://x/v1/midjourney", "--json"])).toEqual({
      kind: "balance",
      common: { ...defaults, json: true },
      remote: { apiKey: undefined, baseUrl: "http://x/v1/midjourney", deadlineMs: undefined },
    });
    expect(usageError(["balance", "-o", "x"])).toBe("--out applies only to commands that write images.");
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
    expect(usageError(["midjourney", "imagine", "x", "--scale", "4"])).toBe(
      "--scale applies only to --provider local and --provider ideogram.",
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
    expect(usageError(["--provider", "ideogram", "--model", "legacy", "--resemblance", "0", "a.png"])).toBe(
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
