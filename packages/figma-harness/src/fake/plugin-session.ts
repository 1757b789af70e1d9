import { PluginUi } from "./plugin-ui.js";
import type { RealmRef } from "./realm.js";
import type { ViolationLog } from "./violations.js";

export interface Notification {
  message: string;
  error: boolean;
  timeout: number | undefined;
  button: string | undefined;
  cancelled: boolean;
}

type Handler = (...args: unknown[]) => unknown;

const EVENTS = new Set([
  "run",
  "close",
  "selectionchange",
  "currentpagechange",
  "drop",
  "documentchange",
  "stylechange",
  "nodechange",
  "textreview",
  "timerstart",
  "timerstop",
  "timerpause",
  "timerresume",
  "timeradjust",
  "timerdone",
]);

/**
 * One run of the plugin, from start to `closePlugin`: its event handlers, UI, notifications and errors. After it
 * closes, nothing of its code runs again (timers, messages, events), as when Figma tears its VM down.
 */
export class PluginSession {
  readonly ui: PluginUi;
  readonly notifications: Notification[] = [];
  readonly notificationButtons: Array<() => unknown> = [];
  /** Addresses the plugin asked Figma to open in the browser (`figma.openExternal`). */
  readonly openedUrls: string[] = [];
  /** Errors thrown by the plugin's callbacks (handlers, timers), which Figma would print to its console. */
  readonly errors: unknown[] = [];
  closed = false;
  private closing = false;
  closeMessage: string | undefined;
  private readonly handlers = new Map<string, Array<{ handler: Handler; once: boolean }>>();
  private readonly closeHooks: Array<() => void> = [];

  constructor(
    private readonly realm: RealmRef,
    private readonly violations: ViolationLog,
    readonly command: string,
    readonly parameters: Record<string, unknown> | undefined,
  ) {
    this.ui = new PluginUi(
      realm,
      violations,
      (callback) => this.dispatch(callback),
      (callback) => this.guarded(callback),
    );
  }

  on(type: string, handler: Handler, once = false): void {
    if (!EVENTS.has(type)) throw this.realm.error(`in figma.on: Unknown event type "${type}"`);
    if (typeof handler !== "function") throw this.realm.typeError("in figma.on: Expected a function");
    const list = this.handlers.get(type) ?? [];
    list.push({ handler, once });
    this.handlers.set(type, list);
  }

  off(type: string, handler: Handler): void {
    const list = this.handlers.get(type) ?? [];
    const index = list.findIndex((entry) => entry.handler === handler);
    if (index >= 0) list.splice(index, 1);
  }

  /** Calls the handlers for `type` now; returns whether any was registered. */
  emit(type: string, ...args: unknown[]): boolean {
    const list = this.handlers.get(type) ?? [];
    for (const entry of [...list]) {
      if (entry.once) list.splice(list.indexOf(entry), 1);
      this.guarded(() => entry.handler(...args));
    }
    return list.length > 0;
  }

  /** Runs a plugin callback on a later task, unless the plugin has closed by then. */
  dispatch(callback: () => void): void {
    setImmediate(() => {
      if (!this.closed) this.guarded(callback);
    });
  }

  /** Where uncaught plugin errors are printed (runPluginMain points it at the plugin's console). */
  onError: (error: unknown) => void = () => {};

  guarded(callback: () => unknown): void {
    const fail = (error: unknown) => {
      this.errors.push(error);
      this.onError(error);
    };
    try {
      const result = callback();
      if (result && typeof (result as Promise<unknown>).then === "function")
        (result as Promise<unknown>).then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  }

  notify(
    message: string,
    options: {
      error?: boolean;
      timeout?: number;
      button?: { text: string; action: () => unknown };
      onDequeue?: (reason: string) => void;
    } = {},
  ) {
    if (typeof message !== "string") throw this.realm.typeError("in notify: Expected message to be a string");
    if (message.length > 100) {
      this.violations.report(
        "notify-length",
        `figma.notify message is ${message.length} characters; Figma allows 100 and cuts the rest: "${message}"`,
      );
    }
    const notification: Notification = {
      message,
      error: options.error === true,
      timeout: options.timeout,
      button: options.button?.text,
      cancelled: false,
    };
    this.notifications.push(notification);
    this.changed();
    this.notificationButtons.push(() => options.button?.action());
    return {
      cancel: () => {
        if (notification.cancelled) return;
        notification.cancelled = true;
        options.onDequeue?.("dismiss");
        this.changed();
      },
    };
  }

  openExternal(url: string): void {
    if (typeof url !== "string") throw this.realm.typeError("in openExternal: Expected url to be a string");
    this.openedUrls.push(url);
  }

  private readonly changeListeners = new Set<() => void>();

  /** Calls `listener` on notifications, UI window changes and close (the harness page follows them). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    const stopUi = this.ui.onChange(listener);
    return () => {
      this.changeListeners.delete(listener);
      stopUi();
    };
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  onClose(hook: () => void): void {
    this.closeHooks.push(hook);
  }

  close(message?: string): void {
    // A close handler that calls closePlugin again must not re-enter.
    if (this.closed || this.closing) return;
    this.closing = true;
    if (message !== undefined) this.notify(message);
    this.closeMessage = message;
    this.emit("close");
    this.closed = true;
    this.ui.close();
    for (const hook of this.closeHooks) hook();
    this.changed();
  }
}
