/**
 * Compare with Original in real VS Code (code-server 4.100.3 in Chromium, the built .vsix): where results open,
 * the compare view from the explorer menu and from the "done" notification, its slider dragged and moved by
 * keys, its three views in the light and the dark theme, Discard, and everything again after a window reload.
 * Screenshots go to test/screenshots/compare/.
 */
import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { FrameLocator } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { APP_ROOT } from "../app-root.js";
import { testImage } from "../images.js";
import { type CodeServer, startCodeServer } from "./code-server.js";
import { compareShown, compareWebview } from "./compare-webview.js";
import { pollUntil } from "./poll.js";
import { SCREENSHOTS, Workbench } from "./workbench.js";

const manifest = JSON.parse(await readFile(join(APP_ROOT, "package.json"), "utf8"));
const VSIX = join(APP_ROOT, `${manifest.name}-${manifest.version}.vsix`);
const COMPARE = "Compare with Original";

let server: CodeServer;
let wb: Workbench;
const inputs: Record<string, Uint8Array> = {};

const inWorkspace = (name: string) => join(server.workspace, name);
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
/** code-server's XDG data folder, where the freedesktop trash lives (the extension host inherits it). */
const trash = () => join(dirname(server.userData), "xdg-data/Trash");

const compareView = () => compareWebview(wb.page);

/** Waits until the compare view shows `result` against `original`, both decoded. */
async function compareShows(original: string, result: string): Promise<FrameLocator> {
  await compareShown(wb, `the compare view of ${result}`, async (view) => {
    const captions = await view.locator(".cv-caption").allTextContents();
    return (
      captions.some((text) => text.startsWith(`Original ${original} ·`)) &&
      captions.some((text) => text.startsWith(`Result ${result} ·`))
    );
  });
  return compareView();
}

const editorGroups = () => wb.page.locator(".part.editor .editor-group-container").count();
const activeTab = () =>
  wb.page.locator(".editor-group-container.active .tabs-container .tab.active .label-name").first().textContent();

/** The items of the explorer context menu of `name` (closed again with Escape). */
async function contextMenuItems(name: string): Promise<string[]> {
  const items = wb.page.locator(".context-view .monaco-menu a.action-menu-item .action-label");
  // Right after an upscale the menu can open before the extension's items are there: wait for "Upscale Image".
  const labels = await pollUntil(`the context menu of ${name}`, 20_000, async () => {
    if (await wb.page.locator(".context-view .monaco-menu").isVisible()) await wb.page.keyboard.press("Escape");
    await wb.explorerRow(name).click({ button: "right" });
    await items.first().waitFor({ timeout: 3000 });
    const texts = (await items.allTextContents()).map((text) => text.trim());
    return texts.includes("Upscale Image") ? texts : undefined;
  });
  await wb.page.keyboard.press("Escape");
  return labels;
}

async function waitForFile(name: string): Promise<void> {
  await pollUntil(`${name} to be written`, 30_000, () => exists(inWorkspace(name)));
}

async function theme(name: "Default Light Modern" | "Default Dark Modern", bodyClass: string): Promise<void> {
  await server.writeWorkspaceSettings({ "workbench.colorTheme": name });
  await pollUntil(`the ${name} theme in the compare view`, 20_000, async () =>
    compareView()
      .locator(`body.${bodyClass}`)
      .count()
      .then((n) => n === 1),
  );
}

beforeAll(async () => {
  const vsixInfo = await stat(VSIX).catch(() => undefined);
  if (vsixInfo === undefined) throw new Error(`${VSIX} is missing: run \`pnpm --filter ./apps/vscode package\``);
  inputs["photo.png"] = await testImage(160, 120, "png", 3);
  inputs["a.png"] = await testImage(120, 90, "png", 5);
  inputs["b.png"] = await testImage(100, 80, "png", 7);
  inputs["c.png"] = await testImage(90, 90, "png", 11);
  server = await startCodeServer({
    vsix: VSIX,
    files: inputs,
    settings: { "workbench.colorTheme": "Default Light Modern" },
  });
  wb = await Workbench.open(server.url, server.workspace, join(SCREENSHOTS, "compare"));
  await wb.waitForExplorerRow("photo.png");
  await wb.openImage("photo.png");
}, 180_000);

beforeEach(async () => {
  await wb.reset();
});

afterEach(async (context) => {
  if (context.task.result?.state !== "fail") return;
  await wb?.screenshot(`FAILED-${context.task.name.slice(0, 40)}`);
  const log = (await server?.extensionLog()) ?? "";
  console.error(`Extension log, last lines:\n${log.split("\n").slice(-15).join("\n")}`);
});

afterAll(async () => {
  await wb?.close();
  await server?.stop();
});

describe("Compare with Original in real VS Code", { timeout: 180_000 }, () => {
  test("results open beside their original and never in a third column, wherever focus is", async () => {
    await wb.openImage("photo.png");
    await wb.explorerContextMenu(["photo.png"], "Upscale Image");
    await waitForFile("photo@2x.png");
    await pollUntil("photo@2x.png opened", 20_000, async () => (await activeTab()) === "photo@2x.png");
    expect(await editorGroups()).toBe(2);
    // Focus is now in the result's group; "beside" from there would open a third column. (The explorer click
    // opens a.png in that group, so its result goes to the group beside it: the first one.)
    await wb.explorerContextMenu(["a.png"], "Upscale Image");
    await waitForFile("a@2x.png");
    await pollUntil("a@2x.png opened", 20_000, async () => (await activeTab()) === "a@2x.png");
    expect(await editorGroups()).toBe(2);
    await wb.screenshot("results-share-one-group");
    // The menu offers the comparison on the extension's results only.
    expect(await contextMenuItems("a@2x.png")).toContain(COMPARE);
    expect(await contextMenuItems("a.png")).not.toContain(COMPARE);
  });

  test("from the explorer menu: sizes, the slider dragged and moved by keys, three views, light and dark", async () => {
    await wb.openImage("photo.png");
    await wb.explorerContextMenu(["photo@2x.png"], COMPARE);
    const view = await compareShows("photo.png", "photo@2x.png");
    // Beside the original, in one more group.
    expect(await editorGroups()).toBe(2);
    expect(await activeTab()).toBe("Compare photo@2x.png");
    const sizes = await view.locator(".cv-caption").allTextContents();
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 2 : 1)} KB`;
    const resultBytes = (await readFile(inWorkspace("photo@2x.png"))).length;
    expect(sizes).toEqual([
      `Original photo.png · 160 × 120 px · ${kb(inputs["photo.png"]?.length ?? 0)}`,
      `Result photo@2x.png · 320 × 240 px (2×) · ${kb(resultBytes)}`,
    ]);

    const slider = view.getByRole("slider", { name: "Divider between original and result" });
    expect(await slider.getAttribute("aria-valuenow")).toBe("50");
    const pane = await view.locator(".cv-pane-main").boundingBox();
    const handle = await slider.boundingBox();
    if (pane === null || handle === null) throw new Error("the slider is not on screen");
    await wb.page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await wb.page.mouse.down();
    await wb.page.mouse.move(pane.x + pane.width * 0.3, handle.y + handle.height / 2, { steps: 6 });
    await wb.page.mouse.up();
    const dragged = Number(await slider.getAttribute("aria-valuenow"));
    expect(dragged).toBeGreaterThan(28);
    expect(dragged).toBeLessThan(32);
    // The drag left the divider focused: the arrow keys move it.
    await wb.page.keyboard.press("ArrowRight");
    await wb.page.keyboard.press("ArrowRight");
    expect(Number(await slider.getAttribute("aria-valuenow"))).toBeCloseTo(dragged + 2, 5);
    await wb.page.keyboard.press("Shift+ArrowLeft");
    expect(Number(await slider.getAttribute("aria-valuenow"))).toBeCloseTo(dragged - 8, 5);

    for (const [themeName, bodyClass, label] of [
      ["Default Light Modern", "vscode-light", "light"],
      ["Default Dark Modern", "vscode-dark", "dark"],
    ] as const) {
      await theme(themeName, bodyClass);
      await view.getByRole("tab", { name: "Slider", exact: true }).click();
      expect(await slider.isVisible()).toBe(true);
      await wb.screenshot(`compare-slider-${label}`);
      await view.getByRole("tab", { name: "Side by side", exact: true }).click();
      expect(await view.getByRole("tab", { name: "Side by side" }).getAttribute("aria-selected")).toBe("true");
      await pollUntil("both images side by side", 10_000, async () => {
        const [left, right] = await Promise.all([
          view.locator(".cv-pane-side img.cv-original").boundingBox(),
          view.locator(".cv-pane-side img.cv-result").boundingBox(),
        ]);
        return left !== null && right !== null && left.x + left.width <= right.x + 1;
      });
      await wb.screenshot(`compare-side-by-side-${label}`);
      await view.getByRole("tab", { name: "Difference", exact: true }).click();
      await view.locator('.cv-root[data-difference="ready"]').waitFor({ timeout: 30_000 });
      expect(await view.getByRole("status").textContent()).toMatch(/of pixels changed/);
      await wb.screenshot(`compare-difference-${label}`);
    }
    // Back to the light theme, and wait for it: a theme change re-renders the explorer, dropping its selection.
    await server.writeWorkspaceSettings({});
    await pollUntil(
      "the light theme again",
      20_000,
      async () => (await wb.page.locator(".monaco-workbench.vs").count()) === 1,
    );
  });

  test('from the "done" notification: Compare, pick the result, its compare view', async () => {
    await wb.explorerContextMenu(["b.png", "c.png"], "Upscale Image");
    await waitForFile("b@2x.png");
    await waitForFile("c@2x.png");
    const done = await wb.notification(/2 images upscaled/);
    await wb.settled(done);
    await wb.screenshot("done-notification-compare-button");
    await wb.clickNotificationButton(done, "Compare");
    await wb.pick("Compare which result with its original?", "c@2x.png");
    const view = await compareShows("c.png", "c@2x.png");
    await wb.screenshot("compare-from-notification");
    // Keep: the view closes, both files stay.
    await view.getByRole("button", { name: "Keep", exact: true }).click();
    const tab = wb.page.locator(".tabs-container .tab .label-name", { hasText: "Compare c@2x.png" });
    expect(await tab.count()).toBe(1);
    await pollUntil("the compare tab to close", 20_000, async () => (await tab.count()) === 0);
    expect(await exists(inWorkspace("c@2x.png"))).toBe(true);
    expect(Buffer.compare(await readFile(inWorkspace("c.png")), inputs["c.png"] as Uint8Array)).toBe(0);
  });

  test("after a window reload: the open compare view comes back, and the menu still knows each result's original", async () => {
    await wb.openImage("b.png");
    await wb.explorerContextMenu(["b@2x.png"], COMPARE);
    await compareShows("b.png", "b@2x.png");
    const loaded = wb.page.waitForEvent("load", { timeout: 60_000 });
    await wb.runCommand("Developer: Reload Window");
    await loaded;
    await wb.page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    await compareShows("b.png", "b@2x.png");
    await wb.screenshot("compare-restored-after-reload");

    await wb.reset();
    await wb.openImage("a.png");
    await wb.explorerContextMenu(["a@2x.png"], COMPARE);
    await compareShows("a.png", "a@2x.png");
  });

  test("from the preview's title bar; Discard moves the result to the trash and closes the view; the original stays byte-identical", async () => {
    await wb.openImage("photo@2x.png");
    const button = wb.page.locator(`.editor-actions .action-label[aria-label^="${COMPARE}"]`).first();
    await button.waitFor({ timeout: 20_000 });
    await button.click();
    const view = await compareShows("photo.png", "photo@2x.png");
    const result = await readFile(inWorkspace("photo@2x.png"));
    await wb.screenshot("compare-before-discard");
    await view.getByRole("button", { name: "Discard", exact: true }).click();
    await pollUntil(
      "photo@2x.png to leave the workspace",
      20_000,
      async () => !(await exists(inWorkspace("photo@2x.png"))),
    );
    // code-server's file system has no trash of its own: the freedesktop trash under its XDG data folder.
    const trashed = join(trash(), "files/photo@2x.png");
    expect(Buffer.compare(await readFile(trashed), result)).toBe(0);
    expect(await readFile(join(trash(), "info/photo@2x.png.trashinfo"), "utf8")).toContain(
      `Path=${inWorkspace("photo%402x.png")}`,
    );
    expect(Buffer.compare(await readFile(inWorkspace("photo.png")), inputs["photo.png"] as Uint8Array)).toBe(0);
    await pollUntil(
      "the compare view to close",
      20_000,
      async () => (await compareView().locator("body").count()) === 0,
    );
    const log = await server.extensionLog();
    expect(log).toMatch(/Discard: no trash for .*photo@2x\.png through VS Code/);
    expect(log).toMatch(
      /Discarded .*photo@2x\.png: moved to the trash \(.*Trash\/files\/photo@2x\.png\); photo\.png untouched/,
    );
    await pollUntil(
      "photo@2x.png to leave the explorer",
      20_000,
      async () => (await wb.explorerRow("photo@2x.png").count()) === 0,
    );
    await wb.screenshot("after-discard");
  });
});
