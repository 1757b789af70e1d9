import { createRedactor, type FailureReport, type JobEvent } from "@upscale/core";
import { FileError } from "./cli-errors.js";
import { failureRecord, jsonLine, successRecord } from "./json-lines.js";
import { ProgressBar, type TerminalStream } from "./progress-bar.js";
import { resumeCommand } from "./resume-command.js";
import { escapeControls } from "./terminal-text.js";

export interface OutputStreams {
  stdout: { write(text: string): unknown };
  stderr: TerminalStream & { isTTY?: boolean };
}

/** Billed requests sent and not yet safe: what a forced quit (second Ctrl-C) could lose. */
export interface BilledCalls {
  inFlight: number;
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
  #succeeded = 0;
  #failed = 0;
  #notStarted = 0;
  #skipped = 0;

  constructor(streams: OutputStreams, options: ReporterOptions) {
    this.#streams = streams;
    this.#options = options;
    this.#redact = createRedactor(options.secrets);
    this.#bar = streams.stderr.isTTY ? new ProgressBar(streams.stderr) : undefined;
  }

  get failureCount(): number {
    return this.#failed + this.#notStarted;
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
      case "task-created":
        // Printed the moment a (possibly paid) task exists, so an interruption or crash never loses its id.
        this.taskIds.add(event.taskId);
        this.note(
          `Midjourney task ${event.taskId} started for ${input}. If interrupted: ${resumeCommand([event.taskId])}`,
        );
        return;
      case "billing":
        if (this.#options.billed !== undefined) this.#options.billed.inFlight += event.inFlight ? 1 : -1;
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
        this.#print("stderr", `· ${input}: skipped: ${event.reason}\n`);
        return;
    }
  };

  note(text: string): void {
    this.#print("stderr", `${text}\n`);
  }

  /** Removes the bar and, for several inputs, prints the counts. */
  finish(ms: number): void {
    this.#bar?.stop();
    if (this.#options.total > 1) {
      const failed = this.#failed > 0 ? `, ${this.#failed} failed` : "";
      const notStarted = this.#notStarted > 0 ? `, ${this.#notStarted} not started` : "";
      const skipped = this.#skipped > 0 ? `, ${this.#skipped} skipped` : "";
      this.note(
        `${this.#succeeded} of ${this.#options.total} done${failed}${notStarted}${skipped} in ${duration(ms)}.`,
      );
    }
  }

  /** Counts the input before its line is printed, so the bar is right when it is drawn again. */
  #settled(input: string, count: () => void): void {
    this.#inFlight.delete(input);
    count();
    this.#redraw();
  }

  #saved(input: string, output: string, image: { width: number; height: number; taskId?: string; notes: string[] }) {
    const ms = performance.now() - (this.#startedAt.get(input) ?? performance.now());
    if (this.#options.json)
      this.#print("stdout", jsonLine(successRecord(input, output, this.#options.provider, image, ms)));
    else {
      const task = image.taskId === undefined ? "" : `, task ${image.taskId}`;
      this.#print("stdout", `${input} → ${output} (${image.width}×${image.height}, ${duration(ms)}${task})\n`);
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
    const done = this.#succeeded + this.#failed + this.#notStarted + this.#skipped;
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
