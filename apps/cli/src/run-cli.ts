import { readFileSync } from "node:fs";
import { createRedactor, type TaskLedger } from "@upscale/core";
import { InputError } from "@upscale/core/provider-kit";
import { UsageError } from "./cli-errors.js";
import { planBalance } from "./commands/balance.js";
import { planImagine } from "./commands/midjourney-imagine.js";
import { planResume } from "./commands/midjourney-resume.js";
import { planUpsample } from "./commands/midjourney-upsample.js";
import { planVariation } from "./commands/midjourney-variation.js";
import { planResumeAny } from "./commands/resume-any.js";
import { planIdeogram } from "./commands/upscale-ideogram.js";
import { planLocal } from "./commands/upscale-local.js";
import { HELP } from "./help.js";
import { type Command, parseCliArgs } from "./parse-args.js";
import type { Plan } from "./plan.js";
import { type BilledCalls, type OutputStreams, Reporter } from "./reporter.js";
import { escapeControls } from "./terminal-text.js";

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  streams: OutputStreams;
  /** Aborted on Ctrl-C: in-flight work stops (billed requests already sent excepted), nothing new starts. */
  signal: AbortSignal;
  /** Kept up to date while the run goes, for a caller that must warn before quitting at once. */
  billed?: BilledCalls;
}

/** The whole command line: arguments in, files and output out, an exit code back (0, 1 or 2). */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  // A key can reach a usage message only through a value typed on the command line; mask it anyway.
  const redact = createRedactor([io.env.IDEOGRAM_API_KEY ?? "", io.env.GPTUNNEL_API_KEY ?? "", ...keyArgs(args)]);
  try {
    return await run(args, io, redact);
  } catch (error) {
    // Only a bug gets here: every expected failure is reported per input or as a usage error.
    const details = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.streams.stderr.write(redact(`upscale: unexpected error, please report it: ${details}\n`));
    return EXIT.failed;
  }
}

async function run(args: string[], io: CliIo, redact: (text: string) => string): Promise<number> {
  const { streams } = io;
  const usageError = (message: string) => {
    streams.stderr.write(`upscale: ${escapeControls(redact(message))}\n`);
    return EXIT.usage;
  };
  let plan: Plan;
  let command: Command;
  try {
    command = parseCliArgs(args);
    if (command.kind === "help") {
      streams.stdout.write(HELP);
      return EXIT.ok;
    }
    if (command.kind === "version") {
      streams.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    plan = await planCommand(command, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return usageError(error.message);
  }

  const reporter = new Reporter(streams, {
    json: command.common.json,
    secrets: plan.secrets,
    total: plan.total,
    provider: plan.provider,
    billed: io.billed,
    resume: plan.resume,
    doneWord: plan.doneWord,
  });
  for (const note of plan.notes ?? []) reporter.note(note);
  const started = performance.now();
  try {
    await plan.run({
      signal: io.signal,
      onEvent: reporter.onEvent,
      redact,
      note: (text) => reporter.note(text),
      print: (record, line) => reporter.print(record, line),
      quoted: (input, model, quote) => reporter.quoted(input, model, quote),
      refused: (inputs, code, message) => reporter.refused(inputs, code, message),
    });
  } catch (error) {
    // The core refused the run before starting it (two inputs claiming one output): nothing was attempted.
    if (!(error instanceof InputError)) throw error;
    return usageError(error.message);
  }
  reporter.finish(performance.now() - started);
  const unfinished = await unfinishedTasks(plan.ledger, reporter.taskIds);
  if (unfinished.length > 0 && plan.resume !== undefined) {
    const { noun, command: resume } = plan.resume;
    reporter.note(`Unfinished ${noun}s; to finish them without a new charge: ${resume(unfinished)}`);
  }
  return reporter.failureCount > 0 ? EXIT.failed : EXIT.ok;
}

/** The tasks this run met that the ledger still holds: cancelled, timed out, not downloaded. */
async function unfinishedTasks(ledger: TaskLedger | undefined, seen: ReadonlySet<string>): Promise<string[]> {
  if (ledger === undefined || seen.size === 0) return [];
  const pending = await ledger.pending().catch(() => []);
  return pending.map((entry) => entry.taskId).filter((taskId) => seen.has(taskId));
}

function planCommand(command: Exclude<Command, { kind: "help" | "version" }>, env: NodeJS.ProcessEnv): Promise<Plan> {
  switch (command.kind) {
    case "local":
      return planLocal(command);
    case "ideogram":
      return planIdeogram(command, env);
    case "upsample":
      return planUpsample(command, env);
    case "imagine":
      return planImagine(command, env);
    case "variation":
      return planVariation(command, env);
    case "resume":
      return planResume(command, env);
    case "resume-any":
      return planResumeAny(command, env);
    case "balance":
      return planBalance(command, env);
  }
}

function keyArgs(args: string[]): string[] {
  return args.flatMap((arg, i) =>
    arg === "--api-key" ? [args[i + 1] ?? ""] : arg.startsWith("--api-key=") ? [arg.slice(10)] : [],
  );
}

// The bundle sits in dist/ and the sources in src/: package.json is one folder up from both.
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}
