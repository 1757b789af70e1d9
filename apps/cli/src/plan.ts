import { failureReport, type JobEvent, type TaskLedger } from "@upscale/core";
import type { PriceQuote, ResumeHint } from "./reporter.js";

/** What a command turns into before anything runs. */
export interface Plan {
  /** Inputs reported on (including arguments that fail before any work), for the progress bar and the summary. */
  total: number;
  /** Named in JSON lines: local, ideogram, midjourney. */
  provider: string;
  /** API keys in use, masked in all output. */
  secrets: string[];
  /** The paid tasks not saved yet (Midjourney, Ideogram v2); what this run leaves in it is offered for resume. */
  ledger?: TaskLedger;
  /** How this run's paid tasks are named and finished after an interruption. */
  resume?: ResumeHint;
  /** What the summary calls an input that went well (default "done"). */
  doneWord?: string;
  /** Printed before the jobs run (e.g. which unfinished tasks `resume` picked up). */
  notes?: string[];
  /**
   * Runs the core's pipeline over the command's inputs. Rejects with an InputError when the core refuses the run
   * before starting it (two inputs claiming one output): a usage error.
   */
  run(context: RunContext): Promise<unknown>;
}

export interface RunContext {
  /** Aborted by the first Ctrl-C: the core stops what is not billed yet. */
  signal: AbortSignal;
  onEvent: (event: JobEvent<string>) => void;
  redact: (text: string) => string;
  /** A line for the user (stderr), e.g. a warning that does not fail the job. */
  note: (text: string) => void;
  /** A result that is not an image (a balance): `record` with --json, else `line`, on stdout. */
  print: (record: Record<string, unknown>, line: string) => void;
  /** `--quote`: one input's price. */
  quoted: (input: string, model: string, quote: PriceQuote) => void;
  /** The whole batch refused before anything was paid for (`--max-cost`): the reason, and the inputs it covers. */
  refused: (inputs: readonly string[], code: string, message: string) => void;
}

/** An argument that failed before any work (a missing file, a PNG without a task id): reported like any failure. */
export function reportFailure(context: RunContext, input: string, error: unknown): void {
  const report = failureReport(error, { billed: false, redact: context.redact });
  context.onEvent({ type: "failed", source: { id: input, name: input }, report, error });
}
