import { parseArgs } from "node:util";
import { type IdeogramUpscaleRequest, ideogramUpscaleRequestSchema, type MidjourneyImageIndex } from "@upscale/core";
import {
  DEFAULT_LOCAL_SCALE,
  LOCAL_OUTPUT_FORMATS,
  LOCAL_SCALES,
  type LocalOutputFormat,
  type LocalScale,
} from "@upscale/local";
import { UsageError } from "./cli-errors.js";

/** Which command an option is used in; `upscale` splits by provider because each takes different flags. */
type Context = "local" | "ideogram" | "midjourney" | "imagine" | "variation" | "resume";

const MIDJOURNEY: Context[] = ["midjourney", "imagine", "variation", "resume"];
const REMOTE: Context[] = ["ideogram", ...MIDJOURNEY];
const ALL: Context[] = ["local", ...REMOTE];

interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  contexts: Context[];
  /** Finishes "--x applies only to …" when the option is given where it does not apply. */
  appliesTo: string;
}

/** Every option the CLI accepts, with where it applies; `--help` documents each one (a test checks). */
export const OPTIONS = {
  help: { type: "boolean", short: "h", contexts: ALL, appliesTo: "" },
  version: { type: "boolean", short: "v", contexts: ALL, appliesTo: "" },
  provider: {
    type: "string",
    contexts: ["local", "ideogram", "midjourney"],
    appliesTo: "`upscale <files>`; `upscale midjourney …` implies it",
  },
  out: { type: "string", short: "o", contexts: ALL, appliesTo: "" },
  overwrite: { type: "boolean", contexts: ALL, appliesTo: "" },
  json: { type: "boolean", contexts: ALL, appliesTo: "" },
  concurrency: {
    type: "string",
    contexts: ["local", "ideogram", "midjourney", "resume"],
    appliesTo: "commands that take several inputs",
  },
  scale: { type: "string", contexts: ["local"], appliesTo: "--provider local (remote providers choose the size)" },
  format: { type: "string", contexts: ["local"], appliesTo: "--provider local (remote providers choose the format)" },
  "api-key": { type: "string", contexts: REMOTE, appliesTo: "--provider ideogram and `upscale midjourney …`" },
  "base-url": { type: "string", contexts: REMOTE, appliesTo: "--provider ideogram and `upscale midjourney …`" },
  auth: { type: "string", contexts: ["ideogram"], appliesTo: "--provider ideogram" },
  prompt: { type: "string", contexts: ["ideogram"], appliesTo: "--provider ideogram" },
  resemblance: { type: "string", contexts: ["ideogram"], appliesTo: "--provider ideogram" },
  detail: { type: "string", contexts: ["ideogram"], appliesTo: "--provider ideogram" },
  "magic-prompt": { type: "string", contexts: ["ideogram"], appliesTo: "--provider ideogram" },
  seed: { type: "string", contexts: ["ideogram"], appliesTo: "--provider ideogram" },
  index: {
    type: "string",
    contexts: ["midjourney", "variation"],
    appliesTo: "`upscale midjourney upsample` and `upscale midjourney variation`",
  },
  mode: { type: "string", contexts: ["variation"], appliesTo: "`upscale midjourney variation`" },
  deadline: { type: "string", contexts: REMOTE, appliesTo: "--provider ideogram and Midjourney commands" },
} satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof OPTIONS;

export interface CommonOptions {
  out: string | undefined;
  overwrite: boolean;
  json: boolean;
  /** Undefined: the provider's default. */
  concurrency: number | undefined;
}

export interface RemoteOptions {
  /** From `--api-key`; the environment is consulted later, so parsing stays pure. */
  apiKey: string | undefined;
  baseUrl: string | undefined;
  /** `--deadline`: Midjourney, how long to wait for a task; Ideogram, how long to ride out rate limits (429). */
  deadlineMs: number | undefined;
}

export type MidjourneyOptions = RemoteOptions;

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "local"; inputs: string[]; common: CommonOptions; scale: LocalScale; format: LocalOutputFormat | undefined }
  | {
      kind: "ideogram";
      inputs: string[];
      common: CommonOptions;
      remote: RemoteOptions;
      auth: "api-key" | "bearer";
      request: IdeogramUpscaleRequest;
    }
  | {
      kind: "upsample";
      inputs: string[];
      common: CommonOptions;
      midjourney: MidjourneyOptions;
      index: MidjourneyImageIndex;
    }
  | { kind: "imagine"; prompt: string; common: CommonOptions; midjourney: MidjourneyOptions }
  | {
      kind: "variation";
      source: string;
      common: CommonOptions;
      midjourney: MidjourneyOptions;
      index: MidjourneyImageIndex | undefined;
      mode: "high" | "low" | undefined;
    }
  | { kind: "resume"; taskIds: string[]; common: CommonOptions; midjourney: MidjourneyOptions };

const MIDJOURNEY_COMMANDS = ["imagine", "upsample", "variation", "resume"] as const;

type Values = { [K in OptionName]?: (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string };

/** Turns argv (without `node` and the script) into a command, or throws a UsageError with a one-line hint. */
export function parseCliArgs(args: string[]): Command {
  const { values, positionals } = parseStrict(args);
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  const context = contextOf(values, positionals);
  for (const name of Object.keys(values) as OptionName[]) {
    const spec: OptionSpec = OPTIONS[name];
    if (!spec.contexts.includes(context)) {
      throw new UsageError(`--${name} applies only to ${spec.appliesTo}.`);
    }
  }
  if (values.out?.trim() === "") throw new UsageError("-o needs a file or folder name. See upscale --help.");
  const common: CommonOptions = {
    out: values.out,
    overwrite: values.overwrite === true,
    json: values.json === true,
    concurrency: optionalInt(values.concurrency, "concurrency", 1, 100),
  };
  const remote: RemoteOptions = {
    apiKey: values["api-key"],
    baseUrl: values["base-url"],
    deadlineMs: deadlineMs(values.deadline),
  };
  const midjourney: MidjourneyOptions = remote;
  const operands = positionals[0] === "midjourney" ? positionals.slice(2) : positionals;

  switch (context) {
    case "local":
      return {
        kind: "local",
        inputs: requireInputs(operands, "files, folders or globs to upscale"),
        common,
        scale:
          values.scale === undefined
            ? DEFAULT_LOCAL_SCALE
            : (oneOf(values.scale, "scale", LOCAL_SCALES.map(String), Number) as LocalScale),
        format: values.format === undefined ? undefined : oneOf(values.format, "format", LOCAL_OUTPUT_FORMATS),
      };
    case "ideogram":
      return {
        kind: "ideogram",
        inputs: requireInputs(operands, "files, folders or globs to upscale"),
        common,
        remote,
        auth: oneOf(values.auth ?? "api-key", "auth", ["api-key", "bearer"]),
        request: ideogramRequest(values),
      };
    case "midjourney": {
      const index = gridIndex(values.index);
      if (index === undefined) throw new UsageError("Say which image of the grid to upsample: --index 1..4.");
      const inputs = requireInputs(operands, "task ids or grid PNGs made by `upscale midjourney imagine`");
      return { kind: "upsample", inputs, common, midjourney, index };
    }
    case "imagine": {
      const prompt = single(operands, "the prompt, in quotes");
      if (prompt.trim() === "") throw new UsageError("The prompt is empty: describe the image to generate, in quotes.");
      return { kind: "imagine", prompt, common, midjourney };
    }
    case "variation": {
      const source = single(operands, "a task id or an image made by `upscale midjourney …`");
      const index = gridIndex(values.index);
      const mode = values.mode === undefined ? undefined : oneOf(values.mode, "mode", ["high", "low"] as const);
      // Every parent needs one of them (a grid its image, an upsample the mode): no need to ask GPTunnel first.
      if (index === undefined && mode === undefined) {
        throw new UsageError("Say what to vary: --index 1..4 for a grid, --mode high|low for an upsampled image.");
      }
      return { kind: "variation", source, common, midjourney, index, mode };
    }
    case "resume":
      // No ids: every unfinished task in the ledger.
      return { kind: "resume", taskIds: operands, common, midjourney };
  }
}

function parseStrict(args: string[]): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true }) as {
      values: Values;
      positionals: string[];
    };
  } catch (error) {
    // node:util's messages name the bad flag well; drop its own advice about `--` and point at --help instead.
    const message = error instanceof Error ? (error.message.split(". To specify")[0] ?? error.message) : String(error);
    throw new UsageError(`${message.replace(/\.$/, "")}. See upscale --help.`);
  }
}

function contextOf(values: Values, positionals: string[]): Context {
  if (positionals[0] === "midjourney") {
    const sub = positionals[1];
    if (values.provider !== undefined) throw new UsageError("--provider applies only to `upscale <files>`.");
    if (!MIDJOURNEY_COMMANDS.includes(sub as (typeof MIDJOURNEY_COMMANDS)[number])) {
      throw new UsageError(
        `Unknown Midjourney command "${sub ?? ""}": use imagine, upsample, variation or resume (a file named midjourney: ./midjourney).`,
      );
    }
    return sub === "upsample" ? "midjourney" : (sub as Context);
  }
  return oneOf(values.provider ?? "local", "provider", ["local", "ideogram", "midjourney"]);
}

/** Ideogram's fields as the core's schema holds them: their ranges and choices are not repeated here. */
const IDEOGRAM_FIELDS = ideogramUpscaleRequestSchema.shape;

function ideogramRequest(values: Values): IdeogramUpscaleRequest {
  const request: IdeogramUpscaleRequest = {};
  if (values.prompt !== undefined) request.prompt = values.prompt;
  for (const field of ["resemblance", "detail", "seed"] as const) {
    const { minValue, maxValue } = IDEOGRAM_FIELDS[field].unwrap();
    const value = optionalInt(values[field], field, minValue ?? 0, maxValue ?? Number.MAX_SAFE_INTEGER);
    if (value !== undefined) request[field] = value;
  }
  if (values["magic-prompt"] !== undefined) {
    const choices = IDEOGRAM_FIELDS.magic_prompt_option.unwrap().options;
    request.magic_prompt_option = oneOf(values["magic-prompt"].toUpperCase(), "magic-prompt", choices);
  }
  return request;
}

function requireInputs(operands: string[], what: string): string[] {
  if (operands.length === 0) throw new UsageError(`Missing ${what}. See upscale --help.`);
  return operands;
}

function single(operands: string[], what: string): string {
  const [first, ...rest] = operands;
  if (first === undefined) throw new UsageError(`Missing ${what}. See upscale --help.`);
  if (rest.length > 0) throw new UsageError(`Expected one argument (${what}), got ${operands.length}.`);
  return first;
}

function oneOf<const T extends string, R = T>(raw: string, name: string, allowed: readonly T[], map?: (v: T) => R): R {
  if (!allowed.includes(raw as T)) {
    throw new UsageError(`--${name} must be ${allowed.join(", ").replace(/, ([^,]*)$/, " or $1")} (got "${raw}").`);
  }
  return map === undefined ? (raw as unknown as R) : map(raw as T);
}

function optionalInt(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return value;
}

function gridIndex(raw: string | undefined): MidjourneyImageIndex | undefined {
  return optionalInt(raw, "index", 1, 4) as MidjourneyImageIndex | undefined;
}

function deadlineMs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--deadline must be a number of seconds above 0 (got "${raw}").`);
  }
  return Math.round(seconds * 1000);
}
