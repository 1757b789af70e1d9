import { deserialize, serialize } from "node:v8";
import type { ShowUIOptions } from "../figma-types.js";
import { bytesIntoRealm, type RealmRef } from "./realm.js";
import type { ViolationLog } from "./violations.js";

type MessageHandler = (message: unknown, props: { origin: string }) => void;

/**
 * `figma.ui` and its other end. Messages cross as structured clones, as between Figma's sandbox and the iframe.
 * What the plugin posts before anything listens (the iframe is still loading) is queued and delivered to the
 * first listener, in order.
 */
export class PluginUi {
  html: string | undefined;
  options: ShowUIOptions | undefined;
  visible = false;
  size = { width: 100, height: 100 };
  readonly sentToUi: unknown[] = [];
  readonly receivedFromUi: unknown[] = [];
  private readonly handlers: Array<{ handler: MessageHandler; once: boolean }> = [];
  private onmessageHandler: MessageHandler | undefined;
  private readonly listeners = new Set<(message: unknown) => void>();
  private readonly watchers = new Set<(message: unknown) => void>();
  private readonly queue: unknown[] = [];
  private closed = false;
  private readonly changeListeners = new Set<() => void>();

  constructor(
    private readonly realm: RealmRef,
    private readonly violations: ViolationLog,
    /** Runs plugin code on a later task, unless the plugin has closed. */
    private readonly dispatch: (callback: () => void) => void,
    /** Runs one plugin callback now; what it throws or rejects with goes to the run's error list. */
    private readonly guarded: (callback: () => unknown) => void,
  ) {}

  show(html: string, options: ShowUIOptions = {}): void {
    if (typeof html !== "string") throw this.realm.typeError("in showUI: Expected html to be a string");
    if (this.html !== undefined) this.violations.report("show-ui-twice", "figma.showUI was called twice in one run");
    this.html = html;
    this.options = { ...options };
    this.visible = options.visible !== false;
    this.size = { width: options.width ?? 300, height: options.height ?? 200 };
    this.changed();
  }

  /** Calls `listener` when the window is shown, hidden, resized or closed (the harness page follows it). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  /** The `figma.ui` object plugin code sees. */
  api(): object {
    const ui = this;
    return {
      postMessage: (message: unknown) => ui.postFromPlugin(message),
      get onmessage() {
        return ui.onmessageHandler;
      },
      set onmessage(handler: MessageHandler | undefined) {
        ui.onmessageHandler = handler;
      },
      on: (type: string, handler: MessageHandler) => ui.addHandler(type, handler, false),
      once: (type: string, handler: MessageHandler) => ui.addHandler(type, handler, true),
      off: (type: string, handler: MessageHandler) => {
        const index = ui.handlers.findIndex((entry) => entry.handler === handler);
        if (type === "message" && index >= 0) ui.handlers.splice(index, 1);
      },
      show: () => {
        ui.visible = true;
        ui.changed();
      },
      hide: () => {
        ui.visible = false;
        ui.changed();
      },
      resize: (width: number, height: number) => {
        if (!(width > 0) || !(height > 0)) throw ui.realm.error("in resize: Expected a positive width and height");
        ui.size = { width, height };
        ui.changed();
      },
      reposition: () => {},
      getPosition: () => ({ windowSpace: { x: 0, y: 0 }, canvasSpace: { x: 0, y: 0 } }),
      close: () => ui.close(),
    };
  }

  private addHandler(type: string, handler: MessageHandler, once: boolean): void {
    if (type !== "message") throw this.realm.error(`in figma.ui.on: Unknown event "${type}"`);
    this.handlers.push({ handler, once });
  }

  private postFromPlugin(message: unknown): void {
    if (this.html === undefined) throw this.realm.error("in postMessage: figma.showUI must be called first");
    if (this.closed) return;
    const copy = cloneMessage(message, this.realm, "postMessage");
    this.sentToUi.push(copy);
    if (this.listeners.size === 0) this.queue.push(copy);
    for (const listener of this.listeners) listener(copy);
    for (const watcher of this.watchers) watcher(copy);
  }

  /** Sees each message the plugin posts from now on, without taking queued ones from the UI. */
  watch(watcher: (message: unknown) => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** The UI's side: receive what the plugin posts (first the queued messages). */
  onMessageToUi(listener: (message: unknown) => void): () => void {
    this.listeners.add(listener);
    for (const message of this.queue.splice(0)) listener(message);
    return () => this.listeners.delete(listener);
  }

  /** The UI's side: `parent.postMessage({ pluginMessage }, "*")`; handlers run on a later task, as in Figma. */
  sendToPlugin(message: unknown, origin = "null"): void {
    const copy = cloneMessage(message, this.realm, "postMessage");
    this.receivedFromUi.push(copy);
    this.dispatch(() => {
      if (this.closed) return;
      const props = { origin };
      const fresh = () => bytesIntoRealm(deserialize(serialize(copy)), this.realm);
      const onmessage = this.onmessageHandler;
      if (onmessage) this.guarded(() => onmessage(fresh(), props));
      for (const entry of [...this.handlers]) {
        if (entry.once) this.handlers.splice(this.handlers.indexOf(entry), 1);
        this.guarded(() => entry.handler(fresh(), props));
      }
    });
  }

  close(): void {
    this.closed = true;
    this.visible = false;
    this.listeners.clear();
    this.changed();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

function cloneMessage(message: unknown, realm: RealmRef, method: string): unknown {
  try {
    return deserialize(serialize(message));
  } catch (error) {
    throw realm.error(`in ${method}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
