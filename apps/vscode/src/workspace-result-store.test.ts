import type { KeptImage } from "@upscale/core";
import { afterEach, expect, test } from "vitest";
import type * as vscode from "vscode";
import { activateInWorkspace, type Workspace } from "../test/extension-harness.js";
import { fake } from "../test/fake-vscode.js";
import { fileTarget, folderTarget, workspaceResultStore } from "./workspace-result-store.js";

let ws: Workspace;
afterEach(() => ws.cleanup());
// The fake's Uri has what workspace.fs needs, not the whole vscode.Uri type.
const uri = (name: string) => ws.uri(name) as unknown as vscode.Uri;
const source = { id: "a", name: "a.webp" };
const image = (fileName: string, taskId?: string): KeptImage => ({
  bytes: new Uint8Array([1, 2, 3]),
  mimeType: "image/png",
  width: 2,
  height: 2,
  fileName,
  notes: [],
  taskId,
});

test("Keep Both, then a paid result kept in its own type: the numbered name with its own extension", async () => {
  ws = await activateInWorkspace({ "a@2x.webp": new Uint8Array([9]) });
  const store = workspaceResultStore("never");
  const slot = await store.reserve({ source, fileName: "a@2x.webp", target: fileTarget(uri("a@2x.webp")) });
  const saved = await slot?.keep(image("a@2x.png"));
  expect(saved?.fsPath).toBe(uri("a@2x (2).png").fsPath);
  expect(await ws.files()).toEqual(["a@2x (2).png", "a@2x.webp"]);
});

test("a task's image into a folder: the question comes once its name exists, and Cancel leaves it to resume", async () => {
  ws = await activateInWorkspace({ "midjourney-t.png": new Uint8Array([9]) });
  const store = workspaceResultStore("ask");
  const slot = await store.reserve({ source, fileName: undefined, target: folderTarget(uri("")) });
  expect(fake.messages("warning")).toEqual([]);
  fake.script(undefined);
  const error = await slot?.keep(image("midjourney-t.png", "t")).catch((reason: unknown) => reason);
  expect(fake.messages("warning")[0]?.text).toBe("midjourney-t.png already exists. Replace it?");
  expect(error).toMatchObject({ code: "ABORTED", taskId: "t" });
  expect(await ws.files()).toEqual(["midjourney-t.png"]);
});

test("the original is never a result's place", async () => {
  ws = await activateInWorkspace({ "a.webp": new Uint8Array([9]) });
  const store = workspaceResultStore<typeof source>("always", () => uri("a.webp"));
  await expect(store.reserve({ source, fileName: "a.webp", target: fileTarget(uri("a.webp")) })).rejects.toThrow(
    /original's own \(a\.webp\)/,
  );
});
