import { formatUsd, type JobEvent, type JobSubject } from "@upscale/core";
import { USD_MICROS } from "@upscale/core/vendor-facts";
import type { ProgressItem, RunError, RunStatus } from "../shared/messages.js";

/** What a result kept on the canvas shows in its line: its size, and what was done to fit Figma. */
export interface CanvasSaved {
  width: number;
  height: number;
  notes: string[];
}

/** A job's subject; a resumed task's id is known before any event names it. */
export interface RunSubject extends JobSubject {
  taskId?: string;
  /** An upsample's grid image (1–4), kept on the layer for Compare. */
  quadrant?: 1 | 2 | 3 | 4;
}

/** Percent shown per stage when the vendor gives none: Ideogram answers only when done, so its stages are all. */
const STAGE_PERCENT = { submitting: 5, processing: 15, waiting: 15, downloading: 80, done: 95 } as const;

export interface RunStatusReporter {
  /** One of the core's job events, as a line of the progress list (one line per subject). */
  render(event: JobEvent<CanvasSaved, RunSubject>): void;
  /** The run was cancelled: a billed call already out is let finish (it is paid for), and its line says so. */
  cancelling(): void;
  update(id: string, change: Partial<Omit<ProgressItem, "id">>): void;
  /** Ends the run; the summary line says what happened to every item, then `outcome` ("3 layers updated"). */
  finish(error?: RunError, outcome?: string): RunStatus;
}

let runs = 0;

/** Keeps one run's progress list and publishes the whole status on every change (the UI just renders it). */
export function createRunStatus(kind: RunStatus["kind"], publish: (status: RunStatus) => void): RunStatusReporter {
  const items: ProgressItem[] = [];
  const taskIds = new Map<string, string>();
  const billing = new Set<string>();
  const runId = ++runs;
  let running = true;
  let error: RunError | undefined;
  let outcomeText: string | undefined;
  const current = (): RunStatus => ({
    runId,
    kind,
    running,
    items: items.map((item) => Object.assign({}, item)),
    summary:
      outcomeText === undefined
        ? summarize(items, running)
        : items.length === 0
          ? outcomeText
          : `${summarize(items, running)} · ${outcomeText}`,
    error,
  });
  const update = (id: string, change: Partial<Omit<ProgressItem, "id">>): void => {
    const item = items.find((candidate) => candidate.id === id);
    if (item === undefined) return;
    Object.assign(item, change);
    publish(current());
  };
  return {
    render(event) {
      const { source } = event;
      const taskId = taskIds.get(source.id) ?? source.taskId;
      switch (event.type) {
        case "queued":
          items.push({ id: source.id, label: source.name, state: "queued" });
          return publish(current());
        case "started":
          return update(source.id, { state: "running", percent: 0 });
        case "billing":
          if (event.inFlight) billing.add(source.id);
          else billing.delete(source.id);
          return;
        case "task-created":
          taskIds.set(source.id, event.taskId);
          return update(source.id, { detail: `task ${event.taskId}` });
        case "progress":
          return update(source.id, {
            percent: event.percent ?? STAGE_PERCENT[event.stage],
            detail: taskId === undefined ? event.words : `${event.words} · task ${taskId}`,
          });
        case "saved": {
          const { width, height, notes } = event.saved;
          const { taskId: id, costUsd } = event.image;
          // A Midjourney result is named by its task; an upscale by its size, and what Ideogram billed for it.
          const first = kind === "midjourney" && id !== undefined ? `task ${id}` : `${width}×${height} px`;
          const cost = costUsd === undefined ? [] : [`${formatUsd(costUsd * USD_MICROS)} charged`];
          const detail = [first].concat(cost, notes).join("; ");
          return update(source.id, { state: "done", percent: 100, detail });
        }
        case "failed":
          return update(source.id, {
            state: "failed",
            detail: event.report.message,
            resultUrl: event.report.resultUrl,
          });
        case "skipped":
          return update(source.id, { state: "skipped", detail: event.reason });
        case "cancelled":
          return update(source.id, { state: "cancelled", detail: "not written" });
      }
    },
    cancelling() {
      for (const id of billing)
        update(id, { detail: "cancelling: the upscale already sent is paid for, so it is let finish" });
    },
    update,
    finish(failure, outcome) {
      running = false;
      error = failure;
      outcomeText = outcome;
      const status = current();
      publish(status);
      return status;
    },
  };
}

/** "Upscaling: 1 of 3 done" while running; "2 done, 1 failed" at the end. */
export function summarize(items: readonly ProgressItem[], running: boolean): string {
  const count = (state: ProgressItem["state"]): number => items.filter((item) => item.state === state).length;
  const done = count("done");
  if (running) return `${done} of ${items.length} done`;
  const parts = [`${done} done`];
  if (count("failed") > 0) parts.push(`${count("failed")} failed`);
  if (count("skipped") > 0) parts.push(`${count("skipped")} skipped`);
  const left = count("queued") + count("running") + count("cancelled");
  if (left > 0) parts.push(`${left} cancelled`);
  return parts.join(", ");
}
