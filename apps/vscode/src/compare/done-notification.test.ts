import { afterEach, beforeAll, describe, expect, test } from "vitest";
import * as vscode from "vscode";
import { activateInWorkspace, eventually, type Workspace } from "../../test/extension-harness.js";
import { fake } from "../../test/fake-vscode.js";
import { testImage } from "../../test/images.js";
import { COMPARE_COMMAND } from "./compare-command.js";

let ws: Workspace;
let photo: Uint8Array;
beforeAll(async () => {
  photo = await testImage(40, 30, "png");
});
afterEach(() => ws.cleanup());

/** The compare command as the notification calls it, caught instead of opening a webview. */
function catchCompare(): unknown[][] {
  const calls: unknown[][] = [];
  vscode.commands.registerCommand(COMPARE_COMMAND, (...args: unknown[]) => calls.push(args));
  return calls;
}

describe('the "done" notification of a batch', () => {
  test("has a Compare button; with several results it asks which, then compares that one", async () => {
    ws = await activateInWorkspace({ "a.png": photo, "b.png": photo });
    const calls = catchCompare();
    fake.script(
      (call: { buttons?: string[] }) => (call.buttons?.includes("Compare") ? "Compare" : undefined),
      (call: { items?: { label: string }[] }) => call.items?.find((item) => item.label === "b@2x.png"),
    );
    await vscode.commands.executeCommand("upscale.upscaleImage", ws.uri("a.png"), [ws.uri("a.png"), ws.uri("b.png")]);
    await eventually(() => calls.length === 1);
    const [done] = fake.messages("info");
    expect(done?.text).toBe("Upscale: 2 images upscaled.");
    expect(done?.buttons).toEqual(["Compare"]);
    const [pick] = fake.messages("quickPick");
    expect(pick?.text).toBe("Compare which result with its original?");
    const items = (pick?.items ?? []) as { label: string; description: string }[];
    expect(items.map((item) => `${item.label} ${item.description}`).sort()).toEqual([
      "a@2x.png from a.png",
      "b@2x.png from b.png",
    ]);
    expect(String(calls[0]?.[0])).toBe(ws.uri("b@2x.png").toString());
  });

  test("dismissed, it compares nothing", async () => {
    ws = await activateInWorkspace({ "a.png": photo, "b.png": photo });
    const calls = catchCompare();
    await vscode.commands.executeCommand("upscale.upscaleImage", ws.uri("a.png"), [ws.uri("a.png"), ws.uri("b.png")]);
    await eventually(() => fake.messages("info").length === 1);
    expect(fake.messages("quickPick")).toEqual([]);
    expect(calls).toEqual([]);
  });
});
