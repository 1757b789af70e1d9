import { afterEach, expect, test } from "vitest";
import type * as vscode from "vscode";
import { activateInWorkspace, type Workspace } from "../test/extension-harness.js";
import { writeFileAtomic } from "./write-file-atomic.js";

let ws: Workspace;
afterEach(() => ws.cleanup());
// The fake's Uri has what workspace.fs needs, not the whole vscode.Uri type.
const uri = (name: string) => ws.uri(name) as unknown as vscode.Uri;

const older = new Uint8Array([1, 2, 3]);
const result = new Uint8Array([4, 5, 6, 7]);

test("writes the bytes under the name, leaving no temporary file", async () => {
  ws = await activateInWorkspace({});
  const written = await writeFileAtomic(uri("a@2x.png"), result, false);
  expect(written.fsPath).toBe(uri("a@2x.png").fsPath);
  expect(new Uint8Array(await ws.read("a@2x.png"))).toEqual(result);
  expect(await ws.files()).toEqual(["a@2x.png"]);
});

test("a name taken since it was chosen keeps the (perhaps paid) result under the next numbered name", async () => {
  ws = await activateInWorkspace({ "a@2x.png": older, "a@2x (2).png": older });
  const written = await writeFileAtomic(uri("a@2x.png"), result, false);
  expect(written.fsPath).toBe(uri("a@2x (3).png").fsPath);
  expect(new Uint8Array(await ws.read("a@2x (3).png"))).toEqual(result);
  expect(new Uint8Array(await ws.read("a@2x.png"))).toEqual(older);
  expect(await ws.files()).toEqual(["a@2x (2).png", "a@2x (3).png", "a@2x.png"]);
});

test("with consent to replace, the name itself is replaced", async () => {
  ws = await activateInWorkspace({ "a@2x.png": older });
  await writeFileAtomic(uri("a@2x.png"), result, true);
  expect(new Uint8Array(await ws.read("a@2x.png"))).toEqual(result);
  expect(await ws.files()).toEqual(["a@2x.png"]);
});
