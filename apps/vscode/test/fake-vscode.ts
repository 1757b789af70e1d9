/**
 * A fake of the `vscode` module at its edges, for unit tests of the command handlers (vitest aliases `vscode`
 * here). Files are real: `workspace.fs` works on disk, so handlers really read and write. Everything a user
 * would answer (quick picks, input boxes, message buttons, the progress Cancel button) is scripted by the test
 * through `fake`, and every call is recorded.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, posix } from "node:path";

/** vscode.FileType: what workspace.fs.stat says a path is (a bit set). */
export const FileType = { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 } as const;

export class Uri {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
  readonly query: string;

  private constructor(scheme: string, authority: string, path: string, query = "") {
    this.scheme = scheme;
    this.authority = authority;
    this.path = path;
    this.query = query;
  }

  static file(path: string): Uri {
    return new Uri("file", "", path);
  }

  static parse(value: string): Uri {
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/i.exec(value);
    if (match === null) throw new Error(`fake Uri.parse: not a URI: ${value}`);
    const [, scheme = "", authority = "", path = "", query = ""] = match;
    return new Uri(scheme, authority, decodeURIComponent(path || "/"), decodeURIComponent(query));
  }

  static joinPath(base: Uri, ...segments: string[]): Uri {
    return base.with({ path: posix.join(base.path, ...segments) });
  }

  get fsPath(): string {
    return this.path;
  }

  with(change: { path?: string }): Uri {
    return new Uri(this.scheme, this.authority, change.path ?? this.path, this.query);
  }

  toString(): string {
    const query = this.query === "" ? "" : `?${this.query}`;
    return `${this.scheme}://${this.authority}${encodeURI(this.path)}${query}`;
  }
}

export class FileSystemError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
  static FileNotFound(uri: Uri) {
    return new FileSystemError("FileNotFound", `${uri.path} not found`);
  }
  static FileExists(uri: Uri) {
    return new FileSystemError("FileExists", `${uri.path} exists`);
  }
}

export class TabInputText {
  constructor(readonly uri: Uri) {}
}
export class TabInputCustom {
  constructor(
    readonly uri: Uri,
    readonly viewType: string,
  ) {}
}

export class TabInputWebview {
  constructor(readonly viewType: string) {}
}

export class Disposable {
  constructor(private readonly onDispose: () => unknown) {}
  static from(...disposables: { dispose(): unknown }[]) {
    return new Disposable(() => {
      for (const disposable of disposables) disposable.dispose();
    });
  }
  dispose() {
    this.onDispose();
  }
}

/** An editor group as the tab API shows it; the test lays them out in `fake.tabGroups`. */
export interface FakeTabGroup {
  viewColumn: number;
  isActive: boolean;
  tabs: { input: unknown }[];
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}
export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}

type Listener<T> = (value: T) => void;

export class EventEmitter<T> {
  #listeners: Listener<T>[] = [];
  event = (listener: Listener<T>) => {
    this.#listeners.push(listener);
    return { dispose: () => (this.#listeners = this.#listeners.filter((l) => l !== listener)) };
  };
  fire(value: T) {
    for (const listener of this.#listeners) listener(value);
  }
  dispose() {
    this.#listeners = [];
  }
}

function notFound(error: unknown, uri: Uri): unknown {
  return (error as NodeJS.ErrnoException).code === "ENOENT" ? FileSystemError.FileNotFound(uri) : error;
}

/** A recorded dialog: what the handler asked. The answer comes from the script. */
export interface DialogCall {
  kind: "quickPick" | "inputBox" | "info" | "warning" | "error" | "openDialog";
  /** Message text, or the title of a quick pick / input box. */
  text: string;
  items?: unknown[];
  buttons?: string[];
  options?: Record<string, unknown>;
}
export type Answer = (call: DialogCall) => unknown;

export interface ProgressRecord {
  title: string;
  reports: { increment?: number; message?: string }[];
  cancel: () => void;
  done: boolean;
}

const settingsScopes = {
  [ConfigurationTarget.Global]: new Map(),
  [ConfigurationTarget.Workspace]: new Map(),
  [ConfigurationTarget.WorkspaceFolder]: new Map(),
} as Record<ConfigurationTarget, Map<string, unknown>>;
const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const registered = new Map<string, (...args: unknown[]) => unknown>();
const renamedFiles = new EventEmitter<{ files: { oldUri: Uri; newUri: Uri }[] }>();
const deletedFiles = new EventEmitter<{ files: Uri[] }>();

/** The test's side: script answers, inspect calls, reset between tests. */
export const fake = {
  dialogs: [] as DialogCall[],
  answers: [] as Answer[],
  progress: [] as ProgressRecord[],
  executed: [] as { command: string; args: unknown[] }[],
  panels: [] as FakeWebviewPanel[],
  statusMessages: [] as string[],
  /** What `env.openExternal` opened, and what `env.clipboard` holds. */
  openedExternally: [] as string[],
  clipboard: "",
  logLines: [] as string[],
  activeTabInput: undefined as unknown,
  /** Editor groups; when empty, one group holding `activeTabInput` (if any). */
  tabGroups: [] as FakeTabGroup[],
  workspaceFolders: [] as { uri: Uri; name: string; index: number }[],
  /** Called with each progress notification as it starts, e.g. to cancel it at the right moment. */
  onProgress: undefined as ((record: ProgressRecord) => void) | undefined,

  /** Queue answers for the next dialogs, in order: a value, or a function of the call. */
  script(...answers: unknown[]) {
    for (const answer of answers) this.answers.push(typeof answer === "function" ? (answer as Answer) : () => answer);
  },
  setting(key: string, value: unknown, target = ConfigurationTarget.Global) {
    settingsScopes[target].set(key, value);
  },
  settingIn(key: string, target: ConfigurationTarget): unknown {
    return settingsScopes[target].get(key);
  },
  reset() {
    this.dialogs = [];
    this.answers = [];
    this.progress = [];
    this.executed = [];
    this.statusMessages = [];
    this.openedExternally = [];
    this.clipboard = "";
    this.logLines = [];
    this.activeTabInput = undefined;
    this.tabGroups = [];
    this.panels = [];
    this.workspaceFolders = [];
    this.onProgress = undefined;
    for (const scope of Object.values(settingsScopes)) scope.clear();
    registered.clear();
  },
  messages(kind: DialogCall["kind"]): DialogCall[] {
    return this.dialogs.filter((call) => call.kind === kind);
  },
  /** What VS Code reports after the user renamed or deleted files in the explorer. */
  renamed(files: { oldUri: Uri; newUri: Uri }[]) {
    renamedFiles.fire({ files });
  },
  deleted(files: Uri[]) {
    deletedFiles.fire({ files });
  },
};

/** The one group shown when the test lays out none: the same object while the active tab stays (as in VS Code). */
let defaultGroup: { input: unknown; group: FakeTabGroup } | undefined;

function fakeTabGroups(): FakeTabGroup[] {
  if (fake.tabGroups.length > 0) return fake.tabGroups;
  if (defaultGroup === undefined || defaultGroup.input !== fake.activeTabInput) {
    const tabs = fake.activeTabInput === undefined ? [] : [{ input: fake.activeTabInput }];
    defaultGroup = { input: fake.activeTabInput, group: { viewColumn: 1, isActive: true, tabs } };
  }
  return [defaultGroup.group];
}

async function ask(call: DialogCall): Promise<unknown> {
  fake.dialogs.push(call);
  const answer = fake.answers.shift();
  return answer === undefined ? undefined : await answer(call);
}

function message(kind: "info" | "warning" | "error") {
  return (text: string, ...rest: unknown[]) => {
    const options = typeof rest[0] === "object" && rest[0] !== null ? (rest.shift() as Record<string, unknown>) : {};
    return ask({ kind, text, buttons: rest as string[], options });
  };
}

export const window = {
  showInformationMessage: message("info"),
  showWarningMessage: message("warning"),
  showErrorMessage: message("error"),
  async showQuickPick(items: unknown[] | Promise<unknown[]>, options: { title?: string } = {}) {
    const list = await items;
    return ask({ kind: "quickPick", text: options.title ?? "", items: list, options });
  },
  async showInputBox(options: { title?: string; validateInput?: (value: string) => unknown } = {}) {
    const answer = await ask({ kind: "inputBox", text: options.title ?? "", options });
    if (typeof answer === "string" && options.validateInput) {
      const problem = await options.validateInput(answer);
      if (problem) throw new Error(`fake input box: "${answer}" refused by validation: ${String(problem)}`);
    }
    return answer;
  },
  showOpenDialog(options: Record<string, unknown>) {
    return ask({ kind: "openDialog", text: String(options.title ?? ""), options });
  },
  async withProgress<T>(
    options: { title?: string; cancellable?: boolean },
    task: (
      progress: { report(value: { increment?: number; message?: string }): void },
      token: { isCancellationRequested: boolean; onCancellationRequested: EventEmitter<void>["event"] },
    ) => Promise<T>,
  ): Promise<T> {
    const cancelled = new EventEmitter<void>();
    const token = { isCancellationRequested: false, onCancellationRequested: cancelled.event };
    const record: ProgressRecord = {
      title: options.title ?? "",
      reports: [],
      done: false,
      cancel: () => {
        if (!options.cancellable) throw new Error("fake withProgress: this progress has no Cancel button");
        token.isCancellationRequested = true;
        cancelled.fire();
      },
    };
    fake.progress.push(record);
    fake.onProgress?.(record);
    try {
      return await task({ report: (value) => record.reports.push(value) }, token);
    } finally {
      record.done = true;
    }
  },
  createOutputChannel(_name: string, _options?: { log: true }) {
    const line = (level: string) => (text: string) => fake.logLines.push(`${level} ${text}`);
    return { info: line("info"), error: line("error"), warn: line("warn"), show() {}, dispose() {} };
  },
  setStatusBarMessage(text: string) {
    fake.statusMessages.push(text);
    return { dispose() {} };
  },
  tabGroups: {
    get all() {
      return fakeTabGroups();
    },
    get activeTabGroup() {
      const groups = fakeTabGroups();
      const active = groups.find((group) => group.isActive) ?? groups[0];
      const activeTab = fake.activeTabInput === undefined ? undefined : { input: fake.activeTabInput };
      return Object.assign(active ?? { viewColumn: 1, isActive: true, tabs: [] }, { activeTab });
    },
  },
  registerWebviewPanelSerializer(_viewType: string, _serializer: unknown) {
    return { dispose() {} };
  },
  createWebviewPanel(viewType: string, title: string, showOptions: unknown, options: unknown) {
    const panel = new FakeWebviewPanel(viewType, title, showOptions, options);
    fake.panels.push(panel);
    return panel;
  },
};

/** A webview panel: what the extension set and posted, and `receive` for what its page would say. */
export class FakeWebviewPanel {
  readonly posted: unknown[] = [];
  disposed = false;
  readonly #received = new EventEmitter<unknown>();
  readonly #disposed = new EventEmitter<void>();
  readonly webview = {
    html: "",
    options: {} as unknown,
    cspSource: "https://*.vscode-cdn.net",
    asWebviewUri: (uri: Uri) => Uri.parse(`https://file+.vscode-resource.vscode-cdn.net${uri.path}`),
    postMessage: async (message: unknown) => {
      if (this.disposed) throw new Error("Webview is disposed");
      this.posted.push(message);
      return true;
    },
    onDidReceiveMessage: this.#received.event,
  };
  onDidDispose = this.#disposed.event;

  constructor(
    readonly viewType: string,
    public title: string,
    readonly showOptions: unknown,
    options: unknown,
  ) {
    this.webview.options = options;
  }

  /** A message from the page, handled as VS Code delivers it. */
  receive(message: unknown) {
    this.#received.fire(message);
  }
  reveal() {}
  dispose() {
    this.disposed = true;
    this.#disposed.fire();
  }
}

export const workspace = {
  get workspaceFolders() {
    return fake.workspaceFolders.length > 0 ? fake.workspaceFolders : undefined;
  },
  onDidChangeConfiguration: configurationChanged.event,
  onDidRenameFiles: renamedFiles.event,
  onDidDeleteFiles: deletedFiles.event,
  fs: {
    async stat(uri: Uri) {
      try {
        const info = await stat(uri.fsPath);
        return { type: info.isDirectory() ? 2 : 1, size: info.size, mtime: info.mtimeMs, ctime: info.ctimeMs };
      } catch (error) {
        throw notFound(error, uri);
      }
    },
    async readFile(uri: Uri) {
      try {
        return new Uint8Array(await readFile(uri.fsPath));
      } catch (error) {
        throw notFound(error, uri);
      }
    },
    async writeFile(uri: Uri, bytes: Uint8Array) {
      await mkdir(dirname(uri.fsPath), { recursive: true });
      await writeFile(uri.fsPath, bytes);
    },
    async rename(source: Uri, target: Uri, options: { overwrite?: boolean } = {}) {
      if (
        !options.overwrite &&
        (await workspace.fs.stat(target).then(
          () => true,
          () => false,
        ))
      ) {
        throw FileSystemError.FileExists(target);
      }
      await rename(source.fsPath, target.fsPath);
    },
    async delete(uri: Uri) {
      await rm(uri.fsPath, { force: false });
    },
  },
  getConfiguration(section: string) {
    const full = (key: string) => `${section}.${key}`;
    const value = (key: string) => {
      for (const target of [
        ConfigurationTarget.WorkspaceFolder,
        ConfigurationTarget.Workspace,
        ConfigurationTarget.Global,
      ]) {
        if (settingsScopes[target].has(full(key))) return settingsScopes[target].get(full(key));
      }
      return undefined;
    };
    return {
      get: <T>(key: string, fallback?: T) => (value(key) ?? fallback) as T,
      inspect: (key: string) => ({
        key: full(key),
        globalValue: settingsScopes[ConfigurationTarget.Global].get(full(key)),
        workspaceValue: settingsScopes[ConfigurationTarget.Workspace].get(full(key)),
        workspaceFolderValue: settingsScopes[ConfigurationTarget.WorkspaceFolder].get(full(key)),
      }),
      async update(key: string, newValue: unknown, target: ConfigurationTarget = ConfigurationTarget.Global) {
        if (newValue === undefined) settingsScopes[target].delete(full(key));
        else settingsScopes[target].set(full(key), newValue);
        configurationChanged.fire({ affectsConfiguration: (name) => full(key).startsWith(name) });
      },
    };
  },
};

export const env = {
  async openExternal(target: Uri) {
    fake.openedExternally.push(target.toString());
    return true;
  },
  clipboard: {
    async readText() {
      return fake.clipboard;
    },
    async writeText(text: string) {
      fake.clipboard = text;
    },
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown) {
    registered.set(id, handler);
    return { dispose: () => registered.delete(id) };
  },
  async executeCommand(command: string, ...args: unknown[]) {
    fake.executed.push({ command, args });
    return registered.get(command)?.(...args);
  },
};

/**
 * SecretStorage and Memento as an ExtensionContext gives them, in memory. Pass a previous context's stores to
 * stand for a window reload: what the extension saved there survives, everything else starts afresh.
 */
export function fakeExtensionContext(
  stores: { storedSecrets: Map<string, string>; storedState: Map<string, unknown> } = {
    storedSecrets: new Map(),
    storedState: new Map(),
  },
) {
  const secrets = stores.storedSecrets;
  const state = stores.storedState;
  return {
    subscriptions: [] as { dispose(): unknown }[],
    extensionUri: Uri.file("/extension"),
    secrets: {
      get: async (key: string) => secrets.get(key),
      store: async (key: string, value: string) => void secrets.set(key, value),
      delete: async (key: string) => void secrets.delete(key),
      onDidChange: new EventEmitter<unknown>().event,
    },
    globalState: {
      get: <T>(key: string) => structuredClone(state.get(key)) as T | undefined,
      update: async (key: string, value: unknown) => void state.set(key, structuredClone(value)),
      keys: () => [...state.keys()],
    },
    storedSecrets: secrets,
    storedState: state,
  };
}
