import type { JobEvent } from "@upscale/core";
import * as vscode from "vscode";

type Step = { increment?: number; message?: string };

/**
 * A run's cancellable progress notification, drawn from its job events: the percent and words of a single job,
 * `n/total` for a batch. It opens with the first sign of work, so a question asked while reserving a place (a file
 * that exists) comes first, and a run declined there shows none. Its Cancel aborts `signal`, so the core stops
 * what is free at once and lets a billed call finish.
 */
export class JobProgress {
  readonly #controller = new AbortController();
  readonly signal: AbortSignal = this.#controller.signal;
  readonly #title: string;
  readonly #total: number;
  #sink: ((step: Step) => void) | undefined;
  #opened = false;
  #shown = 0;
  #settled = 0;
  #billing = 0;
  #close: () => void = () => undefined;
  readonly #closed = new Promise<void>((resolve) => {
    this.#close = resolve;
  });

  constructor(title: string, total: number) {
    this.#title = title;
    this.#total = total;
  }

  onEvent(event: JobEvent<unknown>): void {
    if (event.type === "progress") {
      const { percent, words } = event;
      if (this.#total === 1) this.#report(percent, percent === undefined ? words : `${percent}% · ${words}`);
      else this.#open();
    } else if (event.type === "billing") {
      this.#billing += event.inFlight ? 1 : -1;
      this.#open();
    } else if (
      event.type === "saved" ||
      event.type === "failed" ||
      event.type === "cancelled" ||
      event.type === "skipped"
    ) {
      this.#settled += 1;
      // A declined input alone is no sign of work.
      if (this.#total > 1 && (this.#opened || event.type !== "skipped")) {
        this.#report((this.#settled / this.#total) * 100, `${this.#settled}/${this.#total}`);
      }
    }
  }

  /** The run is over: the notification goes. */
  close(): void {
    this.#close();
  }

  #open(): void {
    if (this.#opened) return;
    this.#opened = true;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: this.#title, cancellable: true },
      async (progress, token) => {
        // VS Code runs this at once, inside withProgress: every report after #open reaches the notification.
        this.#sink = (step) => progress.report(step);
        const cancel = () => this.#cancel();
        const subscription = token.onCancellationRequested(cancel);
        // A token can be cancelled before this runs; its event does not fire again for a late subscriber.
        if (token.isCancellationRequested) cancel();
        try {
          await this.#closed;
        } finally {
          subscription.dispose();
        }
      },
    );
  }

  #cancel(): void {
    this.#controller.abort();
    // What a billed call paid for is kept: it is let finish, and the notification says why it stays.
    if (this.#billing > 0) {
      this.#report(
        undefined,
        `Cancelled: waiting for ${this.#billing} paid request(s) to finish, to keep what they cost.`,
      );
    }
  }

  /** VS Code's progress wants increments, the events give percents; the bar only moves forward. */
  #report(percent: number | undefined, message: string): void {
    this.#open();
    const target = percent === undefined ? this.#shown : Math.min(100, Math.max(this.#shown, percent));
    const step = { increment: target - this.#shown, message };
    this.#shown = target;
    this.#sink?.(step);
  }
}
