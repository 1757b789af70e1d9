import vm from "node:vm";
import { createFigmaFake, type FigmaFake } from "../fake/create-figma-fake.js";
import type { Realm } from "../fake/realm.js";
import { checkMainSyntax } from "./check-main-syntax.js";
import { createFigmaFetch } from "./figma-fetch.js";
import { createPluginTimers } from "./plugin-timers.js";

type ConsoleLike = Pick<Console, "log" | "info" | "warn" | "error" | "debug">;

export interface RunPluginMainOptions {
  /** The built main bundle (esbuild IIFE, es2017), as Figma loads `manifest.main`. */
  code: string;
  /** The fake to run against; a fresh one by default. A fake whose plugin already ran gets a new run (reopen). */
  figma?: FigmaFake;
  /** `__html__`: the built UI, as Figma injects `manifest.ui`. */
  html?: string;
  /** `__uiFiles__`, for a manifest whose `ui` is an object of named files. */
  uiFiles?: Record<string, string>;
  command?: string;
  parameters?: Record<string, unknown>;
  /**
   * manifest.json `networkAccess.allowedDomains` (+ `devAllowedDomains`); requests elsewhere fail like Figma's
   * CSP does. Undefined lets every URL through.
   */
  allowedDomains?: readonly string[];
  /** Enforce CORS for a null origin on `fetch` (default true): Figma's plugin fetches are bound by it. */
  cors?: boolean;
  /** Where the plugin's console goes: Node's console (default), nowhere, or an object of your own. */
  console?: "inherit" | "silent" | ConsoleLike;
  /** File name in stack traces. */
  filename?: string;
  /** Refuse syntax newer than ES2017, as Figma's main thread does (default "es2017"; false to skip). */
  syntax?: "es2017" | false;
}

export interface PluginLog {
  level: "log" | "info" | "warn" | "error" | "debug";
  args: unknown[];
}

export interface PluginRun {
  readonly fake: FigmaFake;
  /** What the plugin printed. */
  readonly logs: readonly PluginLog[];
  /** Resolves when the plugin calls `figma.closePlugin()` (or `close()` is called). */
  readonly closed: Promise<void>;
  readonly isClosed: boolean;
  /** What the UI iframe does with `parent.postMessage({ pluginMessage: message }, "*")`. */
  sendFromUi(message: unknown): void;
  /** Everything the plugin has posted to its UI (`figma.ui.postMessage`). */
  readonly messagesToUi: readonly unknown[];
  /** Calls `listener` with each message the plugin posts to its UI (first those posted before). */
  onMessageToUi(listener: (message: unknown) => void): () => void;
  /** The next (or an already posted) message to the UI that `predicate` accepts. */
  waitForMessageToUi(predicate?: (message: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  /** The user closes the plugin window: like `figma.closePlugin()`. */
  close(): void;
  /** Timers the plugin has pending. */
  readonly pendingTimers: number;
}

/** Names in a fresh V8 context that Figma's QuickJS main thread does not have. */
const ABSENT_IN_FIGMA = ["WebAssembly", "SharedArrayBuffer", "Atomics"];

/**
 * Runs a plugin's main bundle in a `node:vm` realm holding only what Figma's main thread has — `figma`,
 * `__html__`, `__uiFiles__`, `console`, timers and Figma's `fetch` — so a bundle that needs TextEncoder, URL,
 * AbortController, atob or structuredClone fails here as in Figma.
 */
export async function runPluginMain(options: RunPluginMainOptions): Promise<PluginRun> {
  if (options.syntax !== false) checkMainSyntax(options.code, options.filename ?? "code.js");
  const fake = options.figma ?? createFigmaFake({ command: options.command ?? "" });
  if (ranSessions.has(fake.session) || options.command !== undefined || options.parameters !== undefined) {
    fake.reopen({
      ...(options.command !== undefined ? { command: options.command } : {}),
      ...(options.parameters ? { parameters: options.parameters } : {}),
    });
  }
  const session = fake.session;
  ranSessions.add(session);
  const logs: PluginLog[] = [];
  const timers = createPluginTimers((callback) => {
    if (!session.closed) session.guarded(callback);
  });
  const context = vm.createContext({}, { name: "figma-plugin-main", codeGeneration: { strings: true, wasm: false } });
  const intrinsics = vm.runInContext("({ Error, TypeError, Uint8Array, ArrayBuffer, JSON })", context) as Realm & {
    JSON: JSON;
  };
  fake.adoptRealm(intrinsics);
  const whenOpen = <T>(promise: Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      promise.then(
        (value) => !session.closed && resolve(value),
        (error) => !session.closed && reject(error),
      );
    });
  const pluginLog = pluginConsole(options.console ?? "inherit", logs);
  session.onError = (error) => pluginLog.error("Uncaught (in plugin)", error);
  const globals: Record<string, unknown> = {
    figma: fake.figma,
    __html__: options.html ?? "",
    __uiFiles__: Object.freeze({ ...options.uiFiles }),
    console: pluginLog,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    setInterval: timers.setInterval,
    clearInterval: timers.clearInterval,
    fetch: createFigmaFetch({
      realm: fake.document.realm,
      violations: fake.document.violations,
      allowedDomains: options.allowedDomains,
      cors: options.cors ?? true,
      json: intrinsics.JSON,
      whenOpen,
    }),
  };
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(context, name, { value, writable: true, configurable: true, enumerable: false });
  }
  for (const name of ABSENT_IN_FIGMA) vm.runInContext(`delete globalThis.${name}`, context);

  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  session.onClose(() => {
    timers.cancelAll();
    resolveClosed();
  });

  vm.runInContext(options.code, context, { filename: options.filename ?? "code.js" });
  session.dispatch(() => session.emit("run", { command: session.command, parameters: session.parameters }));

  return {
    fake,
    logs,
    closed,
    get isClosed() {
      return session.closed;
    },
    sendFromUi: (message) => session.ui.sendToPlugin(message),
    messagesToUi: session.ui.sentToUi,
    onMessageToUi: (listener) => session.ui.onMessageToUi(listener),
    waitForMessageToUi: (predicate = () => true, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`figma-harness: no matching message to the UI within ${timeoutMs} ms`));
        }, timeoutMs);
        const found = session.ui.sentToUi.find(predicate);
        const stop =
          found === undefined
            ? session.ui.watch((message) => {
                if (!predicate(message)) return;
                clearTimeout(timer);
                stop();
                resolve(message);
              })
            : () => {};
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      }),
    close: () => fake.figma.closePlugin(),
    get pendingTimers() {
      return timers.pending;
    },
  };
}

const ranSessions = new WeakSet<object>();

function pluginConsole(target: RunPluginMainOptions["console"], logs: PluginLog[]): ConsoleLike {
  const levels = ["log", "info", "warn", "error", "debug"] as const;
  const sink: ConsoleLike | undefined =
    target === "silent" ? undefined : target === "inherit" || target === undefined ? console : target;
  const result = {} as Record<(typeof levels)[number], (...args: unknown[]) => void>;
  for (const level of levels) {
    result[level] = (...args: unknown[]) => {
      logs.push({ level, args });
      sink?.[level](...args);
    };
  }
  return Object.freeze({ ...result, assert: () => {}, clear: () => {} }) as ConsoleLike;
}
