import {
  createRedactor,
  type FailureReport,
  formatPrice,
  formatUsd,
  type IdeogramPriceQuote,
  type JobEvent,
  type KeptImage,
} from "@upscale/core";
import { USD_MICROS } from "@upscale/core/vendor-facts";
import { FileError } from "./cli-errors.js";
import { failureRecord, jsonLine, quoteRecord, skippedRecord, successRecord } from "./json-lines.js";
import { ProgressBar, type TerminalStream } from "./progress-bar.js";
import { escapeControls } from "./terminal-text.js";

/** What a `--quote` line says of one input's price. */
export type PriceQuote = Pick<IdeogramPriceQuote, "usdMicros" | "upperBoundUsdMicros" | "qualifier">;

export interface OutputStreams {
  stdout: { write(text: string): unknown };
  stderr: TerminalStream & { isTTY?: boolean };
}

/** Billed requests sent and not yet safe: what a forced quit (second Ctrl-C) could lose. */
export interface BilledCalls {
  inFlight: number;
  /** Of those, the ones whose paid task is already in the ledger: `upscale resume` finishes them after a quit. */
  recorded: number;
}

/** How this run's paid tasks are named and finished later, without a new charge. */
export interface ResumeHint {
  /** "Midjourney task", "Ideogram generation". */
  noun: string;
  command(taskIds: readonly string[]): string;
}

export interface ReporterOptions {
  json: boolean;
  /** API keys: masked in everything printed, whatever produced the text. */
  secrets: readonly string[];
  /** Inputs in this run, for the progress bar and the summary. */
  total: number;
  /** Named in JSON lines. */
  provider: string;
  /** Kept up to date from the core's `billing` events. */
  billed?: BilledCalls;
  /** How a paid task announced by the core is finished after an interruption. */
  resume?: ResumeHint;
  /** What the summary calls an input that went well: "done" (default), "quoted". */
  doneWord?: string;
}

/**
 * The terminal's renderer of the core's job events. Results go to stdout (a line per input, or JSON lines with
 * --json); task ids, failures, notes and the summary go to stderr; the progress bar only when stderr is a terminal.
 */
export class Reporter {
  /** Every Midjourney task this run met: whatever of them the ledger still holds at the end is offered for resume. */
  readonly taskIds = new Set<string>();
  readonly #streams: OutputStreams;
  readonly #options: ReporterOptions;
  readonly #redact: (text: string) => string;
  readonly #bar: ProgressBar | undefined;
  readonly #inFlight = new Map<string, number>();
  readonly #startedAt = new Map<string, number>();
  /** Inputs whose billed call is out, and which of them have their paid task in the ledger. */
  readonly #billing = new Set<string>();
  readonly #recorded = new Set<string>();
  #succeeded = 0;
  #failed = 0;
  #notStarted = 0;
  #skipped = 0;
  #refused = 0;
  /** What the vendor billed for the results kept, and how many were charged without a result. */
  #spentUsd = 0;
  #priced = 0;
  #chargedWithoutResult = 0;

  constructor(streams: OutputStreams, options: ReporterOptions) {
    this.#streams = streams;
    this.#options = options;
    this.#redact = createRedactor(options.secrets);
    this.#bar = streams.stderr.isTTY ? new ProgressBar(streams.stderr) : undefined;
  }

  get failureCount(): number {
    return this.#failed + this.#notStarted + this.#refused;
  }

  readonly onEvent = (event: JobEvent<string>): void => {
    const input = event.source.id;
    switch (event.type) {
      case "queued":
        return;
      case "started":
        this.#startedAt.set(input, performance.now());
        this.#inFlight.set(input, 0);
        this.#redraw();
        return;
      case "task-created": {
        // Printed the moment a (possibly paid) task exists, so an interruption or crash never loses its id.
        this.taskIds.add(event.taskId);
        if (this.#billing.has(input)) this.#recorded.add(input);
        this.#countBilled();
        const { resume } = this.#options;
        if (resume !== undefined) {
          this.note(
            `${resume.noun} ${event.taskId} started for ${input}. If interrupted: ${resume.command([event.taskId])}`,
          );
        }
        return;
      }
      case "billing":
        if (event.inFlight) this.#billing.add(input);
        else {
          this.#billing.delete(input);
          this.#recorded.delete(input);
        }
        this.#countBilled();
        return;
      case "progress":
        if (event.percent === undefined || !this.#inFlight.has(input)) return;
        this.#inFlight.set(input, event.percent);
        this.#redraw();
        return;
      case "saved":
        this.#settled(input, () => this.#succeeded++);
        this.#saved(input, event.saved, event.image);
        return;
      case "failed":
        this.#settled(input, () => this.#failed++);
        if (event.report.charged === "yes") this.#chargedWithoutResult++;
        this.#failure(input, event.error instanceof FileError ? event.error.code : event.report.code, event.report);
        return;
      case "cancelled":
        if (event.started) {
          this.#settled(input, () => this.#failed++);
          this.#failure(input, event.report.code, event.report);
        } else {
          this.#settled(input, () => this.#notStarted++);
          if (this.#options.json)
            this.#print("stdout", jsonLine(failureRecord(input, event.report.code, event.report)));
          else this.#print("stderr", `· ${input}: not started (interrupted)\n`);
        }
        return;
      case "skipped":
        this.#settled(input, () => this.#skipped++);
        if (this.#options.json) this.#print("stdout", jsonLine(skippedRecord(input, event.reason)));
        else this.#print("stderr", `· ${input}: skipped: ${event.reason}\n`);
        return;
    }
  };

  note(text: string): void {
    this.#print("stderr", `${text}\n`);
  }

  /** A result that is not an image (a balance): `record` as a JSON line with --json, else `line`, on stdout. */
  print(record: Record<string, unknown>, line: string): void {
    this.#print("stdout", this.#options.json ? jsonLine(record) : `${line}\n`);
  }

  /** A price quote for one input (`--quote`): nothing was sent for upscaling. */
  quoted(input: string, model: string, quote: PriceQuote): void {
    this.#settled(input, () => this.#succeeded++);
    if (this.#options.json) this.#print("stdout", jsonLine(quoteRecord(input, model, quote, this.#options.provider)));
    else this.#print("stdout", `${input}: ${formatPrice(quote)}\n`);
  }

  /**
   * The whole batch was refused before anything was paid for (`--max-cost`): the reason once, and with --json a
   * line per input, so every input is accounted for.
   */
  refused(inputs: readonly string[], code: string, message: string): void {
    this.#refused += inputs.length;
    if (!this.#options.json) {
      this.note(message);
      return;
    }
    for (const input of inputs) this.#print("stdout", jsonLine({ input, error: { code, message } }));
  }

  /** Removes the bar and prints the counts (several inputs) and what the vendor billed (when it says). */
  finish(ms: number): void {
    this.#bar?.stop();
    if (this.#options.total > 1) {
      const counts = [
        [this.#failed, "failed"],
        [this.#notStarted, "not started"],
        [this.#skipped, "skipped"],
        [this.#refused, "not sent"],
      ]
        .filter(([count]) => (count as number) > 0)
        .map(([count, what]) => `, ${count} ${what}`)
        .join("");
      const done = this.#options.doneWord ?? "done";
      this.note(`${this.#succeeded} of ${this.#options.total} ${done}${counts} in ${duration(ms)}.`);
    }
    if (this.#priced > 0 || this.#chargedWithoutResult > 0) this.note(this.#spending());
  }

  #spending(): string {
    const results = this.#priced === 1 ? "result" : "results";
    const spent = `Spent ${formatUsd(this.#spentUsd * USD_MICROS)} (billed by the vendor for ${this.#priced} ${results})`;
    const more = this.#chargedWithoutResult;
    if (more === 0) return `${spent}.`;
    return `${spent}; ${more} more ${more === 1 ? "was" : "were"} charged without a result (see above).`;
  }

  #countBilled(): void {
    const { billed } = this.#options;
    if (billed === undefined) return;
    billed.inFlight = this.#billing.size;
    billed.recorded = this.#recorded.size;
  }

  /** Counts the input before its line is printed, so the bar is right when it is drawn again. */
  #settled(input: string, count: () => void): void {
    this.#inFlight.delete(input);
    count();
    this.#redraw();
  }

  #saved(input: string, output: string, image: KeptImage) {
    const ms = performance.now() - (this.#startedAt.get(input) ?? performance.now());
    if (image.costUsd !== undefined) {
      this.#spentUsd += image.costUsd;
      this.#priced++;
    }
    if (this.#options.json)
      this.#print("stdout", jsonLine(successRecord(input, output, this.#options.provider, image, ms)));
    else {
      const task = image.taskId === undefined ? "" : `, task ${image.taskId}`;
      const cost = image.costUsd === undefined ? "" : `, ${formatUsd(image.costUsd * USD_MICROS)}`;
      this.#print("stdout", `${input} → ${output} (${image.width}×${image.height}, ${duration(ms)}${cost}${task})\n`);
    }
    for (const note of image.notes) this.note(`${input}: ${note}`);
  }

  #failure(input: string, code: string, report: FailureReport): void {
    if (report.taskId !== undefined) this.taskIds.add(report.taskId);
    if (this.#options.json) {
      this.#print("stdout", jsonLine(failureRecord(input, code, report)));
      return;
    }
    const link = report.resultUrl === undefined ? "" : `  result link: ${report.resultUrl}\n`;
    this.#print("stderr", `✗ ${input}: ${report.message}\n${link}`);
  }

  /** `text` is whole lines; in human output whatever they quote (file names, vendor text) cannot drive the terminal. */
  #print(stream: "stdout" | "stderr", text: string): void {
    const redacted = this.#redact(text);
    const safe = this.#options.json && stream === "stdout" ? redacted : humanLines(redacted);
    if (this.#bar === undefined) this.#streams[stream].write(safe);
    else this.#bar.print(this.#streams[stream], safe);
  }

  #redraw(): void {
    const done = this.#succeeded + this.#failed + this.#notStarted + this.#skipped + this.#refused;
    this.#bar?.update({ total: this.#options.total, done, failed: this.#failed, inFlight: this.#inFlight });
  }
}

function humanLines(text: string): string {
  return text
    .split("\n")
    .map((line) => escapeControls(line))
    .join("\n");
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
