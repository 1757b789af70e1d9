export interface SignalSource {
  on(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  off(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

export interface InterruptHandlers {
  /** First Ctrl-C (or SIGTERM): the controller is aborted; the run winds down and reports. */
  onStopping: () => void;
  /** Second one: the user wants out now. */
  onForceQuit: () => void;
}

/** Ctrl-C once aborts `controller`; twice quits. Returns a function that stops listening. */
export function abortOnInterrupt(
  source: SignalSource,
  controller: AbortController,
  handlers: InterruptHandlers,
): () => void {
  const listener = () => {
    if (controller.signal.aborted) {
      handlers.onForceQuit();
      return;
    }
    controller.abort();
    handlers.onStopping();
  };
  source.on("SIGINT", listener);
  source.on("SIGTERM", listener);
  return () => {
    source.off("SIGINT", listener);
    source.off("SIGTERM", listener);
  };
}
