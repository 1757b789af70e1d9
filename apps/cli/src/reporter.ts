import { createRedactor } from "@upscale/core";
import type { JobResult } from "./job.js";
import { describeError, failureRecord, jsonLine, successRecord } from "./json-lines.js";
import { ProgressBar, type TerminalStream } from "./progress-bar.js";
import { resumeCommand } from "./resume-command.js";
import { escapeControls } from "./terminal-text.js";

export interface OutputStreams {
  stdout: { write(text: string): unknown };
  stderr: TerminalStream & { isTTY?: boolean };
}

export interface ReporterOptions {
  json: boolean;
  /** API keys: masked in everything printed, whatever produced the text. */
  secrets: readonly string[];
  /** Inputs in this run, for the progress bar and the summary. */
  total: number;
}

/**
 * Everything a run prints. Results go to stdout (a line per input, or JSON lines with --json); task ids,
 * failures, hints and the summary go to stderr; the progress bar only when stderr is a terminal.
 */
export class Reporter {
  readonly #streams: OutputStreams;
  readonly #json: boolean;
  readonly #redact: (text: string) => string;
  readonly #bar: ProgressBar | undefined;
  readonly #inFlight = new Map<string, number>();
  readonly #total: number;
  #succeeded = 0;
  #failed = 0;
  #notStarted = 0;

  constructor(streams: OutputStreams, options: ReporterOptions) {
    this.#streams = streams;
    this.#json = options.json;
    this.#redact = createRedactor(options.secrets);
    this.#total = options.total;
    this.#bar = streams.stderr.isTTY ? new ProgressBar(streams.stderr) : undefined;
  }

  get failureCount(): number {
    return this.#failed + this.#notStarted;
  }

  started(input: string): void {
    this.#inFlight.set(input, 0);
    this.#redraw();
  }

  progress(input: string, percent: number): void {
    if (!this.#inFlight.has(input)) return;
    this.#inFlight.set(input, percent);
    this.#redraw();
  }

  /** Printed the moment a (possibly paid) task exists, so an interruption or crash never loses its id. */
  taskCreated(input: string, taskId: string): void {
    this.note(`Midjourney task ${taskId} started for ${input}. If interrupted: ${resumeCommand([taskId])}`);
  }

  succeeded(input: string, result: JobResult, ms: number): void {
    this.#inFlight.delete(input);
    this.#succeeded++;
    this.#redraw();
    if (this.#json) {
      this.#print("stdout", jsonLine(successRecord(input, result, ms)));
      return;
    }
    const task = result.taskId === undefined ? "" : `, task ${result.taskId}`;
    this.#print("stdout", `${input} → ${result.output} (${result.width}×${result.height}, ${duration(ms)}${task})\n`);
  }

  failed(input: string, error: unknown): void {
    this.#inFlight.delete(input);
    this.#failed++;
    this.#redraw();
    if (this.#json) this.#print("stdout", jsonLine(failureRecord(input, error)));
    else {
      const { message, resultUrl } = describeError(error);
      const link = resultUrl === undefined ? "" : `  result link: ${resultUrl}\n`;
      this.#print("stderr", `✗ ${input}: ${message}\n${link}`);
    }
  }

  /** Never started: the run was interrupted first. Neither done nor failed, and counted apart. */
  notStarted(input: string, error: unknown): void {
    this.#notStarted++;
    this.#redraw();
    if (this.#json) this.#print("stdout", jsonLine(failureRecord(input, error)));
    else this.#print("stderr", `· ${input}: not started (interrupted)\n`);
  }

  note(text: string): void {
    this.#print("stderr", `${text}\n`);
  }

  /** Removes the bar and, for several inputs, prints the counts. */
  finish(ms: number): void {
    this.#bar?.stop();
    if (this.#total > 1) {
      const failed = this.#failed > 0 ? `, ${this.#failed} failed` : "";
      const notStarted = this.#notStarted > 0 ? `, ${this.#notStarted} not started` : "";
      this.note(`${this.#succeeded} of ${this.#total} done${failed}${notStarted} in ${duration(ms)}.`);
    }
  }

  /** `text` is whole lines; in human output whatever they quote (file names, vendor text) cannot drive the terminal. */
  #print(stream: "stdout" | "stderr", text: string): void {
    const redacted = this.#redact(text);
    const safe = this.#json && stream === "stdout" ? redacted : humanLines(redacted);
    if (this.#bar === undefined) this.#streams[stream].write(safe);
    else this.#bar.print(this.#streams[stream], safe);
  }

  #redraw(): void {
    const done = this.#succeeded + this.#failed + this.#notStarted;
    this.#bar?.update({ total: this.#total, done, failed: this.#failed, inFlight: this.#inFlight });
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
