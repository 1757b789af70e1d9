import * as vscode from "vscode";

/** globalState key: machine-wide, so a result keeps its original across reloads and windows. */
const KEY = "upscale.resultOrigins";
/** The `when` clauses of the Compare with Original menu items test `resourcePath in` this list. */
export const RESULTS_CONTEXT_KEY = "upscale.compareResults";
/** The most recent results remembered; older ones fall off (their files stay, only the link is forgotten). */
const MAX_ENTRIES = 500;

interface Entry {
  result: string;
  original: string;
}

let store: vscode.Memento | undefined;
/** The records as they are now: a result is known the moment it is recorded, before globalState has it. */
let current: Entry[] = [];
/** Saves one at a time, in order, so the last state is the one kept. */
let queue: Promise<void> = Promise.resolve();

/**
 * Which original each result the extension wrote came from, as URIs in globalState (no file contents). Follows
 * renames and deletions made in VS Code, and keeps the context key the menus read in step.
 */
export function initResultOrigins(state: vscode.Memento): vscode.Disposable {
  store = state;
  current = saved(state);
  update((entries) => entries);
  return vscode.Disposable.from(
    vscode.workspace.onDidRenameFiles((event) =>
      update((entries) =>
        entries.map((entry) => {
          let { result, original } = entry;
          for (const { oldUri, newUri } of event.files) {
            result = renamed(result, oldUri, newUri);
            original = renamed(original, oldUri, newUri);
          }
          return { result, original };
        }),
      ),
    ),
    vscode.workspace.onDidDeleteFiles((event) =>
      update((entries) =>
        entries.filter((entry) => !event.files.some((gone) => within(entry.result, gone.toString()))),
      ),
    ),
  );
}

/** Remembers that `result` was made from `original`. The upscale code calls it after writing each result. */
export function recordResult(original: vscode.Uri, result: vscode.Uri): Promise<void> {
  const entry = { result: result.toString(), original: original.toString() };
  return update((entries) => [...entries.filter((e) => e.result !== entry.result), entry].slice(-MAX_ENTRIES));
}

export function forgetResult(result: vscode.Uri): Promise<void> {
  return update((entries) => entries.filter((entry) => entry.result !== result.toString()));
}

/** The original `result` was made from, when the extension wrote it. */
export function originOf(result: vscode.Uri): vscode.Uri | undefined {
  const found = current.find((entry) => entry.result === result.toString());
  return found === undefined ? undefined : vscode.Uri.parse(found.original);
}

export function isRecordedResult(uri: vscode.Uri): boolean {
  return originOf(uri) !== undefined;
}

function saved(state: vscode.Memento): Entry[] {
  const entries = state.get<unknown>(KEY);
  if (!Array.isArray(entries)) return [];
  // Another version's data, or a hand-edited state: only well-formed entries count.
  return entries.filter(
    (entry): entry is Entry =>
      typeof entry === "object" &&
      entry !== null &&
      typeof (entry as Entry).result === "string" &&
      typeof (entry as Entry).original === "string",
  );
}

function update(change: (entries: Entry[]) => Entry[]): Promise<void> {
  const next = change(current);
  current = next;
  queue = queue
    .then(async () => {
      await store?.update(KEY, next);
      const paths = next.map((entry) => vscode.Uri.parse(entry.result).fsPath);
      await vscode.commands.executeCommand("setContext", RESULTS_CONTEXT_KEY, paths);
    })
    // A failed update leaves the previous list; nothing a user could act on.
    .catch(() => undefined);
  return queue;
}

function within(uri: string, folderOrFile: string): boolean {
  return uri === folderOrFile || uri.startsWith(folderOrFile.endsWith("/") ? folderOrFile : `${folderOrFile}/`);
}

function renamed(uri: string, oldUri: vscode.Uri, newUri: vscode.Uri): string {
  const from = oldUri.toString();
  return within(uri, from) ? newUri.toString() + uri.slice(from.length) : uri;
}
