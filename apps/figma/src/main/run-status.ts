import type { ProgressItem, RunError, RunStatus } from "../shared/messages.js";

export interface RunStatusReporter {
  add(item: ProgressItem): void;
  update(id: string, change: Partial<Omit<ProgressItem, "id">>): void;
  /** Ends the run; the summary line says what happened to every item, then `outcome` ("3 layers updated"). */
  finish(error?: RunError, outcome?: string): RunStatus;
  current(): RunStatus;
}

let runs = 0;

/** Keeps one run's per-item progress and publishes the whole status on every change (the UI just renders it). */
export function createRunStatus(kind: RunStatus["kind"], publish: (status: RunStatus) => void): RunStatusReporter {
  const items: ProgressItem[] = [];
  const runId = ++runs;
  let running = true;
  let error: RunStatus["error"];
  let outcomeText: string | undefined;
  const current = (): RunStatus => ({
    runId,
    kind,
    running,
    items: items.map((item) => Object.assign({}, item)),
    summary: outcomeText === undefined ? summarize(items, running) : `${summarize(items, running)} · ${outcomeText}`,
    error,
  });
  const changed = (): void => publish(current());
  return {
    add(item) {
      items.push(item);
      changed();
    },
    update(id, change) {
      const item = items.find((candidate) => candidate.id === id);
      if (item === undefined) return;
      Object.assign(item, change);
      changed();
    },
    finish(failure, outcome) {
      running = false;
      error = failure;
      outcomeText = outcome;
      const status = current();
      publish(status);
      return status;
    },
    current,
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
