import { afterEach, beforeAll, describe, expect, test } from "vitest";
import * as vscode from "vscode";
import { activateInWorkspace, eventually, type Workspace } from "../../test/extension-harness.js";
import { fake } from "../../test/fake-vscode.js";
import { testImage } from "../../test/images.js";
import { forgetResult, originOf, RESULTS_CONTEXT_KEY, recordResult } from "./result-origins.js";

let ws: Workspace;
let photo: Uint8Array;

beforeAll(async () => {
  photo = await testImage(40, 30, "png");
});
afterEach(() => ws.cleanup());

/** The workspace's file as the extension's code sees it (the fake's Uri stands for vscode's). */
const uri = (name: string) => ws.uri(name) as unknown as vscode.Uri;

const original = (uri: vscode.Uri) => originOf(uri)?.toString();
const contextPaths = () =>
  fake.executed.filter((call) => call.command === "setContext" && call.args[0] === RESULTS_CONTEXT_KEY).at(-1)?.args[1];

describe("which original each result came from", () => {
  test("an upscale records it; it survives a reload; the menus' context key lists the result", async () => {
    ws = await activateInWorkspace({ "photo.png": photo, "other.png": photo });
    await vscode.commands.executeCommand("upscale.upscaleImage", uri("photo.png"), [uri("photo.png")]);
    expect(original(uri("photo@2x.png"))).toBe(uri("photo.png").toString());
    expect(original(uri("other.png"))).toBeUndefined();
    await eventually(() => JSON.stringify(contextPaths()) === JSON.stringify([uri("photo@2x.png").fsPath]));

    ws.reload();
    expect(original(uri("photo@2x.png"))).toBe(uri("photo.png").toString());
    // The new session publishes the list again: the explorer menu works after a reload.
    fake.executed = [];
    await recordResult(uri("other.png"), uri("other@2x.png"));
    expect(contextPaths()).toEqual([uri("photo@2x.png").fsPath, uri("other@2x.png").fsPath]);
  });

  test("renames in VS Code carry the record along, for the result and for the original's folder", async () => {
    ws = await activateInWorkspace({});
    await recordResult(uri("in/photo.png"), uri("in/photo@2x.png"));
    fake.renamed([{ oldUri: uri("in/photo@2x.png"), newUri: uri("in/best.png") }]);
    await eventually(() => original(uri("in/best.png")) === uri("in/photo.png").toString());
    expect(original(uri("in/photo@2x.png"))).toBeUndefined();
    fake.renamed([{ oldUri: uri("in"), newUri: uri("out") }]);
    await eventually(() => original(uri("out/best.png")) === uri("out/photo.png").toString());
  });

  test("a result deleted in VS Code, or forgotten, is no longer a result", async () => {
    ws = await activateInWorkspace({});
    await recordResult(uri("a.png"), uri("a@2x.png"));
    await recordResult(uri("b.png"), uri("b@2x.png"));
    fake.deleted([uri("a@2x.png")]);
    await eventually(() => originOf(uri("a@2x.png")) === undefined);
    expect(original(uri("b@2x.png"))).toBe(uri("b.png").toString());
    await forgetResult(uri("b@2x.png"));
    expect(originOf(uri("b@2x.png"))).toBeUndefined();
    expect(contextPaths()).toEqual([]);
  });

  test("a result is known at once; written again from another original it points at the newer one; the last 500 are kept", async () => {
    ws = await activateInWorkspace({});
    void recordResult(uri("old.png"), uri("r.png"));
    // Known before globalState has saved it: the "done" notification asks right after the last result is written.
    expect(original(uri("r.png"))).toBe(uri("old.png").toString());
    await recordResult(uri("new.png"), uri("r.png"));
    expect(original(uri("r.png"))).toBe(uri("new.png").toString());
    await Promise.all(Array.from({ length: 500 }, (_, i) => recordResult(uri(`${i}.png`), uri(`${i}@2x.png`))));
    expect(originOf(uri("r.png"))).toBeUndefined();
    expect(original(uri("0@2x.png"))).toBe(uri("0.png").toString());
    expect(original(uri("499@2x.png"))).toBe(uri("499.png").toString());
  });

  test("entries of another shape in globalState are ignored, not trusted", async () => {
    ws = await activateInWorkspace({});
    ws.context.storedState.set("upscale.resultOrigins", [
      { result: 1 },
      "x",
      null,
      { result: "file:///r", original: "file:///o" },
    ]);
    // Read at activation: a reload.
    ws.reload();
    expect(originOf(vscode.Uri.parse("file:///r"))?.toString()).toBe("file:///o");
  });
});
