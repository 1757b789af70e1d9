import { parseArgs } from "node:util";
import {
  IDEOGRAM_LEGACY_MODEL,
  IDEOGRAM_MODELS,
  type IdeogramModel,
  type IdeogramUpscaleRequest,
  type IdeogramV2UpscaleRequest,
  ideogramUpscaleRequestSchema,
  type MidjourneyImageIndex,
} from "@upscale/core";
import {
  ENHANCEMENT_STRENGTHS,
  IDEOGRAM_V2_FACTORS,
  IDEOGRAM_V2_MODEL_IDS,
  IDEOGRAM_V2_MODELS,
  type IdeogramV2ModelField,
  RESOLUTION_TIERS,
} from "@upscale/core/vendor-facts";
import {
  DEFAULT_LOCAL_SCALE,
  LOCAL_OUTPUT_FORMATS,
  LOCAL_SCALES,
  type LocalOutputFormat,
  type LocalScale,
} from "@upscale/local";
import { UsageError } from "./cli-errors.js";

/**
 * Which command an option is used in; `upscale` splits by provider because each takes different flags.
 * `resume` is `upscale midjourney resume`; `resume-any` is `upscale resume` (every vendor's paid work).
 */
type Context = "local" | "ideogram" | "midjourney" | "imagine" | "variation" | "resume" | "resume-any" | "balance";

const MIDJOURNEY: Context[] = ["midjourney", "imagine", "variation", "resume"];
const REMOTE: Context[] = ["ideogram", ...MIDJOURNEY, "resume-any"];
const ALL: Context[] = ["local", ...REMOTE, "balance"];
const WRITING: Context[] = ALL.filter((context) => context !== "balance");

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
    contexts: ["local", "ideogram", "midjourney", "resume-any"],
    appliesTo: "`upscale <files>` and `upscale resume`; `upscale midjourney …` implies it",
  },
  out: { type: "string", short: "o", contexts: WRITING, appliesTo: "commands that write images" },
  overwrite: { type: "boolean", contexts: WRITING, appliesTo: "commands that write images" },
  json: { type: "boolean", contexts: ALL, appliesTo: "" },
  concurrency: {
    type: "string",
    contexts: ["local", "ideogram", "midjourney", "resume", "resume-any"],
    appliesTo: "commands that take several inputs",
  },
  scale: { type: "string", contexts: ["local", "ideogram"], appliesTo: "--provider local and --provider ideogram" },
  format: { type: "string", contexts: ["local"], appliesTo: "--provider local (remote providers choose the format)" },
  "strip-metadata": {
    type: "boolean",
    contexts: ["local", "ideogram"],
    appliesTo: "`upscale <files>` with --provider local or ideogram",
  },
  "send-metadata": {
    type: "boolean",
    contexts: ["ideogram"],
    appliesTo: "--provider ideogram (offline, nothing is sent)",
  },
  "api-key": {
    type: "string",
    contexts: [...REMOTE, "balance"],
    appliesTo: "--provider ideogram, `upscale midjourney …`, `upscale resume` and `upscale balance`",
  },
  "base-url": {
    type: "string",
    contexts: [...REMOTE, "balance"],
    appliesTo: "--provider ideogram, `upscale midjourney …`, `upscale resume` and `upscale balance`",
  },
  auth: { type: "string", contexts: ["ideogram", "resume-any"], appliesTo: "--provider ideogram" },
  model: { type: "string", contexts: ["ideogram"], appliesTo: "--provider ideogram" },
  quote: { type: "boolean", contexts: ["ideogram"], appliesTo: "--provider ideogram" },
  "max-cost": { type: "string", contexts: ["ideogram"], appliesTo: "--provider ideogram" },
  strength: { type: "string", contexts: ["ideogram"], appliesTo: "--provider ideogram" },
  resolution: { type: "string", contexts: ["ideogram"], appliesTo: "--provider ideogram" },
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
  deadline: {
    type: "string",
    contexts: REMOTE,
    appliesTo: "--provider ideogram, Midjourney commands and `upscale resume`",
  },
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

/** How the Ideogram key is sent: `Api-Key` (official API) or `Authorization: Bearer` (relays). */
export type IdeogramAuth = "api-key" | "bearer";

/** The v2 model's own fields, from the flags (`--scale`, `--seed`, `--prompt`, `--strength`, `--resolution`). */
export type IdeogramV2Fields = Omit<IdeogramV2UpscaleRequest, "model">;

/** `--strip-metadata`: results get only the colour profile and density, not the input's EXIF, XMP, IPTC. */
export type ResultMetadata = "keep" | "strip";

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | {
      kind: "local";
      inputs: string[];
      common: CommonOptions;
      scale: LocalScale;
      format: LocalOutputFormat | undefined;
      metadata: ResultMetadata;
    }
  | {
      kind: "ideogram";
      inputs: string[];
      common: CommonOptions;
      metadata: ResultMetadata;
      /** `--send-metadata`: Ideogram gets the input's EXIF, XMP and IPTC too (by default only the pixels go). */
      sendMetadata: boolean;
      remote: RemoteOptions;
      auth: IdeogramAuth;
      model: IdeogramModel;
      /** For a v2 model. */
      request: IdeogramV2Fields;
      /** For `--model legacy` (v1's `image_request`). */
      legacyRequest: IdeogramUpscaleRequest;
      /** `--quote`: price each input, upscale nothing. */
      quote: boolean;
      /** `--max-cost`: refuse the batch, before paying, when its quoted upper bound is above this. */
      maxCostUsd: number | undefined;
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
  | { kind: "resume"; taskIds: string[]; common: CommonOptions; midjourney: MidjourneyOptions }
  | {
      kind: "resume-any";
      common: CommonOptions;
      /** Only this vendor's paid work; needed with --base-url, --auth or --api-key, which belong to one vendor. */
      provider: "ideogram" | "midjourney" | undefined;
      remote: RemoteOptions;
      auth: IdeogramAuth;
    }
  | { kind: "balance"; common: CommonOptions; remote: RemoteOptions };

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
  const metadata: ResultMetadata = values["strip-metadata"] === true ? "strip" : "keep";
  const operands =
    positionals[0] === "midjourney"
      ? positionals.slice(2)
      : context === "resume-any" || context === "balance"
        ? positionals.slice(1)
        : positionals;

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
        metadata,
      };
    case "ideogram":
      return {
        kind: "ideogram",
        inputs: requireInputs(operands, "files, folders or globs to upscale"),
        common,
        remote,
        auth: ideogramAuth(values),
        metadata,
        sendMetadata: values["send-metadata"] === true,
        ...ideogramChoice(values),
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
    case "resume-any": {
      noOperands(
        operands,
        "`upscale resume` finishes every unfinished paid job; for one Midjourney task: upscale midjourney resume <taskId>",
      );
      const provider =
        values.provider === undefined ? undefined : oneOf(values.provider, "provider", ["ideogram", "midjourney"]);
      const vendorFlag = (["base-url", "auth", "api-key"] as const).find((name) => values[name] !== undefined);
      if (provider === undefined && vendorFlag !== undefined) {
        throw new UsageError(
          `--${vendorFlag} is one vendor's: add --provider ideogram or --provider midjourney (resume the other's work in a second run).`,
        );
      }
      if (provider === "midjourney" && values.auth !== undefined) {
        throw new UsageError("--auth applies only to --provider ideogram.");
      }
      return { kind: "resume-any", common, provider, remote, auth: ideogramAuth(values) };
    }
    case "balance":
      noOperands(operands, "`upscale balance` takes no arguments");
      return { kind: "balance", common, remote };
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
  // `upscale resume` / `upscale balance` (a file named so: ./resume).
  if (positionals[0] === "resume") return "resume-any";
  if (positionals[0] === "balance") return "balance";
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

function ideogramAuth(values: Values): IdeogramAuth {
  return oneOf(values.auth ?? "api-key", "auth", ["api-key", "bearer"]);
}

const LEGACY_ONLY = ["resemblance", "detail", "magic-prompt"] as const;
const V2_ONLY = ["strength", "resolution", "quote", "max-cost"] as const;
/** The flags that fill a model's own field: each applies only to the models that take it. */
const MODEL_FIELD_FLAGS: readonly (readonly [OptionName, IdeogramV2ModelField])[] = [
  ["prompt", "prompt"],
  ["strength", "enhancement_strength"],
  ["resolution", "resolution_tier"],
];

type IdeogramChoice = Pick<
  Extract<Command, { kind: "ideogram" }>,
  "model" | "request" | "legacyRequest" | "quote" | "maxCostUsd"
>;

/**
 * The model and its fields. Which flag goes with which model is checked here, in the flags' own names; the values'
 * ranges and a factor the model does not offer are the core's to refuse when the provider is made.
 */
function ideogramChoice(values: Values): IdeogramChoice {
  const model = oneOf(values.model ?? "auto", "model", IDEOGRAM_MODELS);
  if (model === IDEOGRAM_LEGACY_MODEL) {
    const v2Flag = V2_ONLY.find((name) => values[name] !== undefined);
    if (v2Flag !== undefined) {
      throw new UsageError(`--${v2Flag} needs a v2 model: --model legacy (Ideogram's v1 upscale) has no such option.`);
    }
    if (values.scale !== undefined && values.scale !== "2") {
      throw new UsageError(
        `--model legacy upscales ×2 only: choose a v2 model (e.g. --model auto) for --scale ${values.scale}.`,
      );
    }
    return { model, request: {}, legacyRequest: legacyRequest(values), quote: false, maxCostUsd: undefined };
  }
  const legacyFlag = LEGACY_ONLY.find((name) => values[name] !== undefined);
  if (legacyFlag !== undefined) throw new UsageError(`--${legacyFlag} applies only to --model legacy.`);
  const facts = IDEOGRAM_V2_MODELS[model];
  for (const [flag, field] of MODEL_FIELD_FLAGS) {
    if (values[flag] === undefined || facts.fields.includes(field)) continue;
    const takers = IDEOGRAM_V2_MODEL_IDS.filter((id) => IDEOGRAM_V2_MODELS[id].fields.includes(field));
    throw new UsageError(`--${flag} applies only to --model ${takers.join(" or ")}, not ${model}.`);
  }
  if (values.scale !== undefined && facts.factors.length === 0) {
    throw new UsageError(
      `--scale does not apply to --model ${model}: its size comes from --resolution ${RESOLUTION_TIERS.join("|")}.`,
    );
  }
  const notWithQuote = (["max-cost", "strip-metadata", "send-metadata"] as const).find(
    (name) => values[name] !== undefined,
  );
  if (values.quote === true && notWithQuote !== undefined) {
    throw new UsageError(`--quote only prices the inputs and sends nothing: leave out --${notWithQuote}.`);
  }
  const request: IdeogramV2Fields = {};
  if (values.scale !== undefined)
    request.factor = oneOf(
      values.scale,
      "scale",
      IDEOGRAM_V2_FACTORS.map(String),
      Number,
    ) as IdeogramV2Fields["factor"];
  const seed = seedOf(values);
  if (seed !== undefined) request.seed = seed;
  if (values.prompt !== undefined) request.prompt = values.prompt;
  if (values.strength !== undefined)
    request.enhancementStrength = oneOf(values.strength, "strength", ENHANCEMENT_STRENGTHS);
  if (values.resolution !== undefined) {
    request.resolutionTier = oneOf(values.resolution.toUpperCase(), "resolution", RESOLUTION_TIERS);
  }
  return { model, request, legacyRequest: {}, quote: values.quote === true, maxCostUsd: maxCost(values["max-cost"]) };
}

function seedOf(values: Values): number | undefined {
  const { minValue, maxValue } = IDEOGRAM_FIELDS.seed.unwrap();
  return optionalInt(values.seed, "seed", minValue ?? 0, maxValue ?? Number.MAX_SAFE_INTEGER);
}

function maxCost(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const usd = Number(raw.trim().replace(/^\$/, ""));
  if (raw.trim() === "" || !Number.isFinite(usd) || usd < 0) {
    throw new UsageError(`--max-cost must be an amount in US dollars, e.g. 1.50 (got "${raw}").`);
  }
  return usd;
}

function legacyRequest(values: Values): IdeogramUpscaleRequest {
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

function noOperands(operands: string[], why: string): void {
  if (operands.length > 0) throw new UsageError(`Unexpected "${operands[0]}": ${why}.`);
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
