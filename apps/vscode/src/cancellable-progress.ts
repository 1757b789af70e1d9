import * as vscode from "vscode";

export interface ProgressReporter {
  /** Overall percent (0–100) and a short message; the bar only moves forward. */
  report(percent: number | undefined, message?: string): void;
}

/**
 * A cancellable progress notification whose Cancel button aborts `signal`, so the core stops its requests at
 * once. VS Code's progress wants increments; callers think in percent.
 */
export function withCancellableProgress<T>(
  title: string,
  task: (signal: AbortSignal, progress: ProgressReporter) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      // A token can be cancelled before this runs; its event does not fire again for a late subscriber.
      if (token.isCancellationRequested) controller.abort();
      let shown = 0;
      try {
        return await task(controller.signal, {
          report(percent, message) {
            const target = percent === undefined ? shown : Math.min(100, Math.max(shown, percent));
            progress.report({ increment: target - shown, message });
            shown = target;
          },
        });
      } finally {
        subscription.dispose();
      }
    },
  );
}
