import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as vscode from "vscode";
import { activate } from "../src/extension.js";
import { fake, fakeExtensionContext, Uri } from "./fake-vscode.js";

export type FakeContext = ReturnType<typeof fakeExtensionContext>;

/** The extension activated against the fake editor, with a temporary workspace folder holding `files`. */
export async function activateInWorkspace(files: Record<string, Uint8Array>, options: { keepSettings?: boolean } = {}) {
  if (!options.keepSettings) fake.reset();
  const dir = await mkdtemp(join(tmpdir(), "upscale-vscode-unit-"));
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  fake.workspaceFolders = [{ uri: Uri.file(dir), name: "workspace", index: 0 }];
  let context = fakeExtensionContext();
  activate(context as unknown as vscode.ExtensionContext);
  return {
    dir,
    get context() {
      return context;
    },
    /** A window reload: the extension is disposed and activated again with the same globalState and secrets. */
    reload() {
      for (const disposable of context.subscriptions) disposable.dispose();
      context = fakeExtensionContext(context);
      activate(context as unknown as vscode.ExtensionContext);
    },
    uri: (name: string) => Uri.file(join(dir, name)),
    read: (name: string) => readFile(join(dir, name)),
    files: async () => (await readdir(dir)).sort(),
    cleanup: async () => {
      for (const disposable of context.subscriptions) disposable.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Workspace = Awaited<ReturnType<typeof activateInWorkspace>>;

/** Polls until `check` holds (handlers run concurrently with the test's answers). */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("eventually: timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
