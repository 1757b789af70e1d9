import { type FailureReport, redactSecrets } from "@upscale/core";
import * as vscode from "vscode";

export interface JobRecord {
  input: string;
  provider: string;
  output?: string;
  /** `512×512 → 1024×1024` */
  size?: string;
  ms: number;
  failure?: Pick<FailureReport, "code" | "message">;
  taskId?: string;
  /** What was done that the user should know ("Kept as PNG: …"). */
  notes?: readonly string[];
}

/**
 * The "Upscale" output channel: one line per job (input, provider, size, time, error code). Every line passes
 * through the redactor with every key this session knows, so no key can reach it, even inside a vendor's text.
 */
export class OutputLog implements vscode.Disposable {
  readonly #channel: vscode.LogOutputChannel;
  readonly #secrets: () => readonly string[];

  constructor(secrets: () => readonly string[]) {
    this.#channel = vscode.window.createOutputChannel("Upscale", { log: true });
    this.#secrets = secrets;
  }

  info(message: string): void {
    this.#channel.info(this.#redact(message));
  }

  job(record: JobRecord): void {
    const parts = [`${record.input} [${record.provider}]`];
    if (record.output !== undefined) parts.push(`→ ${record.output}`);
    if (record.size !== undefined) parts.push(record.size);
    parts.push(`${Math.round(record.ms)} ms`);
    if (record.taskId !== undefined) parts.push(`task ${record.taskId}`);
    parts.push(...(record.notes ?? []));
    if (record.failure === undefined) {
      this.#channel.info(this.#redact(parts.join(" ")));
      return;
    }
    parts.push(`failed ${record.failure.code}: ${record.failure.message}`);
    this.#channel.error(this.#redact(parts.join(" ")));
  }

  show(): void {
    this.#channel.show(true);
  }

  dispose(): void {
    this.#channel.dispose();
  }

  #redact(text: string): string {
    return redactSecrets(text, this.#secrets());
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
