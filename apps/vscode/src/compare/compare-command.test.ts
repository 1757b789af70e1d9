import { afterEach, beforeAll, describe, expect, test } from "vitest";
import * as vscode from "vscode";
import { activateInWorkspace, eventually, type Workspace } from "../../test/extension-harness.js";
import { type FakeWebviewPanel, fake, TabInputCustom } from "../../test/fake-vscode.js";
import { testImage } from "../../test/images.js";
import { COMPARE_COMMAND } from "./compare-command.js";
import type { ToWebview } from "./messages.js";
import { recordResult } from "./result-origins.js";

let ws: Workspace;
let photo: Uint8Array;
let bigger: Uint8Array;
beforeAll(async () => {
  photo = await testImage(40, 30, "png");
  bigger = await testImage(80, 60, "png");
});
afterEach(async () => {
  for (const panel of fake.panels) panel.dispose();
  await ws.cleanup();
});

const uri = (name: string) => ws.uri(name) as unknown as vscode.Uri;
const compare = (...args: unknown[]) => vscode.commands.executeCommand(COMPARE_COMMAND, ...args);

/** The page of `panel` says it is ready; resolves to the images message the extension answers with. */
async function imagesFor(panel: FakeWebviewPanel): Promise<Extract<ToWebview, { type: "images" }>> {
  panel.receive({ type: "ready" });
  return eventually(() =>
    panel.posted.find((m): m is Extract<ToWebview, { type: "images" }> => (m as ToWebview).type === "images"),
  );
}

describe("Compare with Original", () => {
  test("on a result the extension wrote: a panel beside the original with both images, by webview URI and size", async () => {
    ws = await activateInWorkspace({ "photo.png": photo, "photo@2x.png": bigger });
    await recordResult(uri("photo.png"), uri("photo@2x.png"));
    fake.tabGroups = [
      { viewColumn: 1, isActive: true, tabs: [{ input: new TabInputCustom(ws.uri("photo.png"), "x") }] },
    ];
    await compare(ws.uri("photo@2x.png"), [ws.uri("photo@2x.png")]);
    const [panel] = fake.panels;
    expect(panel?.title).toBe("Compare photo@2x.png");
    expect(panel?.viewType).toBe("upscale.compare");
    expect(panel?.showOptions).toEqual({ viewColumn: 2, preserveFocus: false });
    // Only the extension's script folder and the images' folder may load; scripts on, nothing else.
    const options = panel?.webview.options as { enableScripts: boolean; localResourceRoots: vscode.Uri[] };
    expect(options.enableScripts).toBe(true);
    expect(options.localResourceRoots.map(String)).toContain(String(ws.uri("")).replace(/\/$/, ""));
    expect(panel?.webview.html).toContain("default-src 'none'");
    const images = await imagesFor(panel as FakeWebviewPanel);
    expect(images.original).toEqual({
      uri: String(ws.uri("photo.png")),
      name: "photo.png",
      src: `https://file+.vscode-resource.vscode-cdn.net${ws.dir}/photo.png`,
      fileSize: photo.length,
    });
    expect(images.result).toMatchObject({ name: "photo@2x.png", fileSize: bigger.length });
  });

  test("asked again for the same result, the open panel is shown instead of a second one", async () => {
    ws = await activateInWorkspace({ "photo.png": photo, "photo@2x.png": bigger });
    await recordResult(uri("photo.png"), uri("photo@2x.png"));
    await compare(ws.uri("photo@2x.png"));
    await compare(ws.uri("photo@2x.png"));
    expect(fake.panels).toHaveLength(1);
  });

  test("from the palette with no result open: the user picks the original, then the result", async () => {
    ws = await activateInWorkspace({ "a.png": photo, "b.png": bigger });
    fake.script([ws.uri("a.png")], [ws.uri("b.png")]);
    await compare();
    const [first, second] = fake.messages("openDialog");
    expect(first?.text).toBe("Compare: pick the original");
    expect(second?.text).toBe("Compare a.png with which result?");
    expect(fake.panels[0]?.title).toBe("Compare b.png");
    expect((await imagesFor(fake.panels[0] as FakeWebviewPanel)).original.name).toBe("a.png");
  });

  test("from the palette on a result in the active tab: no questions", async () => {
    ws = await activateInWorkspace({ "a.png": photo, "a@2x.png": bigger });
    await recordResult(uri("a.png"), uri("a@2x.png"));
    fake.activeTabInput = new TabInputCustom(ws.uri("a@2x.png"), "imagePreview.previewEditor");
    await compare();
    expect(fake.messages("openDialog")).toEqual([]);
    expect(fake.panels[0]?.title).toBe("Compare a@2x.png");
  });

  test("an image the extension did not make: the user picks its original; cancelling opens nothing", async () => {
    ws = await activateInWorkspace({ "a.png": photo, "mine.png": bigger });
    fake.script(undefined);
    await compare(ws.uri("mine.png"));
    expect(fake.messages("openDialog")[0]?.text).toBe("Compare mine.png with which original?");
    expect(fake.panels).toEqual([]);
  });

  test("the same file twice is refused", async () => {
    ws = await activateInWorkspace({ "a.png": photo });
    fake.script([ws.uri("a.png")], [ws.uri("a.png")]);
    await compare();
    expect(fake.messages("info").map((m) => m.text)).toEqual(["Upscale: pick two different images to compare."]);
    expect(fake.panels).toEqual([]);
  });

  test("Keep closes the view and leaves both files", async () => {
    ws = await activateInWorkspace({ "a.png": photo, "a@2x.png": bigger });
    await recordResult(uri("a.png"), uri("a@2x.png"));
    await compare(ws.uri("a@2x.png"));
    fake.panels[0]?.receive({ type: "keep" });
    await eventually(() => fake.panels[0]?.disposed);
    expect(await ws.files()).toEqual(["a.png", "a@2x.png"]);
  });

  test("a missing original: the page is told what went wrong", async () => {
    ws = await activateInWorkspace({ "a@2x.png": bigger });
    await recordResult(uri("a.png"), uri("a@2x.png"));
    await compare(ws.uri("a@2x.png"));
    const panel = fake.panels[0] as FakeWebviewPanel;
    panel.receive({ type: "ready" });
    const failed = await eventually(() => panel.posted.find((m) => (m as ToWebview).type === "failed"));
    expect((failed as { message: string }).message).toMatch(/a\.png not found/);
  });
});
