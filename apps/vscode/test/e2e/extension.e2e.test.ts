/**
 * The extension in real VS Code: code-server 4.100.3 in Chromium, the built .vsix installed into fresh folders,
 * driven through the palette, the explorer context menu, quick inputs, notifications and dialogs, against the
 * offline provider and the fake vendor APIs. Every step leaves a screenshot in test/screenshots/.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createIdeogramClient, createMidjourneyClient, waitForMidjourneyImage } from "@upscale/core";
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import type { Locator } from "playwright-core";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { APP_ROOT } from "../app-root.js";
import { imageSize, testImage } from "../images.js";
import { type CodeServer, startCodeServer } from "./code-server.js";
import { pollUntil } from "./poll.js";
import { BROWSER_ONLY_HOST, Workbench } from "./workbench.js";

const manifest = JSON.parse(await readFile(join(APP_ROOT, "package.json"), "utf8"));
const VSIX = join(APP_ROOT, `${manifest.name}-${manifest.version}.vsix`);

let fake: FakeApis;
let server: CodeServer;
let wb: Workbench;
const inputs: Record<string, Uint8Array> = {};

const inWorkspace = (name: string) => join(server.workspace, name);
const exists = (name: string) =>
  stat(inWorkspace(name)).then(
    () => true,
    () => false,
  );

async function waitForImage(name: string, timeoutMs = 30_000): Promise<{ width?: number; height?: number }> {
  return pollUntil(`${name} to be written`, timeoutMs, async () => {
    if (!(await exists(name))) return undefined;
    const { width, height } = await imageSize(await readFile(inWorkspace(name)));
    return { width, height };
  });
}

/** The result is the active tab, shown by the image preview at its size. */
async function expectOpened(name: string, width: number, height: number): Promise<void> {
  await pollUntil(`${name} in the active tab`, 20_000, () =>
    wb.page.locator(".tabs-container .tab.active", { hasText: name }).count(),
  );
  await wb.previewShows(name, width, height);
}

async function expectOriginalsUntouched(): Promise<void> {
  for (const [name, bytes] of Object.entries(inputs)) {
    expect(Buffer.compare(await readFile(inWorkspace(name)), bytes), `${name} must not change`).toBe(0);
  }
}

/** The v1 `/upscale` (model `legacy`) for the tests of what Ideogram's first API does. */
async function useLegacyIdeogram(): Promise<void> {
  await settings(
    { "upscale.provider": "ideogram", "upscale.ideogram.model": "legacy" },
    /provider=ideogram.*ideogramBaseUrl=http:\/\/127\.0\.0\.1.*ideogramModel=legacy/,
  );
}

/** How many times the extension has activated (once per window session). */
async function activations(): Promise<number> {
  return (await server.extensionLog()).split("\n").filter((line) => line.includes("Activated:")).length;
}

/** "Developer: Reload Window", then waits until the extension has activated in the new window. */
async function reloadWindow(): Promise<void> {
  const before = await activations();
  await wb.reloadWindow("photo.png");
  await pollUntil("the extension to activate again", 30_000, async () => (await activations()) > before);
}

/** Requests the fake answered for the Ideogram v2 upscale of `model` (not quotes). */
const v2Submissions = (model: string) =>
  fake.stats.log.filter((entry) => entry.endpoint === "upscale-v2" && entry.path === `/v2/image/upscale/${model}`)
    .length;

/** Writes the workspace settings and waits until the extension has them (it logs every change). */
async function settings(values: Record<string, unknown>, expected: RegExp): Promise<void> {
  await server.writeWorkspaceSettings(values);
  await pollUntil(`the extension to see ${expected}`, 20_000, async () =>
    (await server.extensionLog()).split("\n").some((line) => line.includes("Settings now:") && expected.test(line)),
  );
}

beforeAll(async () => {
  const vsixInfo = await stat(VSIX).catch(() => undefined);
  if (vsixInfo === undefined) throw new Error(`${VSIX} is missing: run \`pnpm --filter ./apps/vscode package\``);
  fake = await startFakeApis({ scenario: { task: { durationMs: 1500 } } });
  // Large enough to be seen in the screenshots.
  inputs["photo.png"] = await testImage(160, 120, "png", 3);
  inputs["a.png"] = await testImage(120, 90, "png", 5);
  inputs["b.jpg"] = await testImage(150, 60, "jpeg", 7);
  inputs["ideo.png"] = await testImage(128, 128, "png", 11);
  inputs["paid.png"] = await testImage(96, 64, "png", 19);
  // 16 400 px wide after 2×: more than WebP holds, so Ideogram's PNG cannot be converted back to WebP.
  inputs["wide.webp"] = new Uint8Array(
    await sharp({ create: { width: 8200, height: 4, channels: 3, background: "#336699" } })
      .webp()
      .toBuffer(),
  );
  // Over a megapixel at ×4 (3.84 MP each): two of them cost more than upscale.confirmAboveUsd below.
  inputs["big1.png"] = await testImage(600, 400, "png", 23);
  inputs["big2.png"] = await testImage(600, 400, "png", 29);
  inputs["titled.webp"] = new Uint8Array(
    await sharp(await testImage(100, 80, "png", 17))
      .webp()
      .toBuffer(),
  );
  // The base URLs are application-scoped (a workspace may not redirect a key), so they go in the user settings.
  server = await startCodeServer({
    vsix: VSIX,
    files: inputs,
    settings: {
      "upscale.ideogram.baseUrl": fake.ideogramUrl,
      "upscale.gptunnel.baseUrl": fake.gptunnelUrl,
      // Put there "by mistake": the extension must move it to SecretStorage at activation.
      "upscale.ideogram.apiKey": fake.keys.ideogram,
      // Application scope (a workspace cannot raise it): a small image is under it, two big ones over it.
      "upscale.confirmAboveUsd": 0.05,
    },
  });
  wb = await Workbench.open(server.url, server.workspace);
  await wb.waitForExplorerRow("photo.png");
  // The image preview runs in a web-worker extension host that starts late; until it has shown one image, a
  // click in the explorer opens the "binary file" placeholder instead.
  await wb.openImage("photo.png");
  // The notice of the key moved out of settings.json (checked in the first test); the next reset clears it.
  await wb.settled(await wb.notification(/moved the API key from upscale\.ideogram\.apiKey/));
  await wb.screenshot("workbench-loaded-key-moved-notice");
}, 180_000);

beforeEach(async () => {
  await wb.reset();
});

afterEach(async (context) => {
  // What the screen showed when a step failed: the first thing to look at.
  if (context.task.result?.state !== "fail") return;
  await wb?.screenshot(`FAILED-${context.task.name.slice(0, 40)}`);
  // The extension's own account of what it did (no keys: they are redacted from its log).
  const log = (await server?.extensionLog()) ?? "";
  console.error(`Extension log, last lines:\n${log.split("\n").slice(-15).join("\n")}`);
});

afterAll(async () => {
  await wb?.close();
  await server?.stop();
  await fake?.close();
});

// Generous per step for a loaded CI machine; a whole run takes about a minute.
describe("Upscale in real VS Code", { timeout: 120_000 }, () => {
  test("a key left in settings.json was moved to SecretStorage at activation and removed from the file", async () => {
    await pollUntil(
      "the key to leave settings.json",
      20_000,
      async () => !(await readFile(join(server.userData, "User/settings.json"), "utf8")).includes("apiKey"),
    );
    const log = await server.extensionLog();
    expect(log).toMatch(/Moved the API key from upscale\.ideogram\.apiKey to secret storage/);
    expect(log).not.toContain(fake.keys.ideogram);
  });

  test("offline: one image from the explorer context menu, opened beside", async () => {
    await wb.explorerContextMenu(["photo.png"], "Upscale Image");
    expect(await waitForImage("photo@2x.png")).toEqual({ width: 320, height: 240 });
    await expectOpened("photo@2x.png", 320, 240);
    await wb.screenshot("offline-one-image-opened");
    await expectOriginalsUntouched();
  });

  test("offline: a multi-selection, one progress, both written", async () => {
    await wb.explorerContextMenu(["a.png", "b.jpg"], "Upscale Image");
    expect(await waitForImage("a@2x.png")).toEqual({ width: 240, height: 180 });
    expect(await waitForImage("b@2x.jpg")).toEqual({ width: 300, height: 120 });
    await wb.settled(await wb.notification(/2 images upscaled/));
    await wb.notificationGone(/Upscaling 2 images/);
    await wb.waitForExplorerRow("b@2x.jpg");
    await wb.screenshot("offline-multi-selection");
    await expectOriginalsUntouched();
  });

  test("offline: the title-bar button of the image preview upscales the previewed file", async () => {
    await wb.openImage("titled.webp");
    const button = wb.page.locator('.editor-actions .action-label[aria-label^="Upscale Image"]').first();
    await button.waitFor({ timeout: 20_000 });
    await wb.screenshot("preview-title-button");
    await button.click();
    expect(await waitForImage("titled@2x.webp")).toEqual({ width: 200, height: 160 });
    await expectOpened("titled@2x.webp", 200, 160);
    await wb.screenshot("preview-title-button-result");
    await expectOriginalsUntouched();
  });

  test("an existing output: Cancel, Keep Both and Replace each do what they say", async () => {
    const marker = await testImage(3, 3, "png", 13);
    await writeFile(inWorkspace("photo@2x.png"), marker);

    await wb.explorerContextMenu(["photo.png"], "Upscale Image");
    const first = await wb.dialog(/photo@2x\.png already exists/);
    await wb.screenshot("existing-output-question");
    expect(first.text).toMatch(/Replace/);
    expect(first.text).toMatch(/Keep Both/);
    await first.press("Cancel");

    await wb.explorerContextMenu(["photo.png"], "Upscale Image");
    await (await wb.dialog(/photo@2x\.png already exists/)).press("Keep Both");
    expect(await waitForImage("photo@2x (2).png")).toEqual({ width: 320, height: 240 });
    // Cancel and Keep Both left the existing file alone.
    expect(Buffer.compare(await readFile(inWorkspace("photo@2x.png")), marker)).toBe(0);
    await expectOpened("photo@2x (2).png", 320, 240);
    await wb.screenshot("existing-output-kept-both");

    await wb.reset();
    await wb.explorerContextMenu(["photo.png"], "Upscale Image");
    await (await wb.dialog(/photo@2x\.png already exists/)).press("Replace");
    await pollUntil(
      "photo@2x.png to be replaced",
      30_000,
      async () => Buffer.compare(await readFile(inWorkspace("photo@2x.png")), marker) !== 0,
    );
    expect(await waitForImage("photo@2x.png")).toEqual({ width: 320, height: 240 });
    expect(await exists("photo@2x (3).png")).toBe(false);
    await expectOpened("photo@2x.png", 320, 240);
    await wb.screenshot("existing-output-replaced");
    await expectOriginalsUntouched();
  });

  test("Ideogram with a bad key: an error with Set API Key, no file; the button sets the key and the upscale goes on", async () => {
    await useLegacyIdeogram();
    await wb.runCommand("Upscale: Set API Key…");
    await wb.pick("Set the API key for…", "Ideogram");
    await wb.answerInputBox("Ideogram API key", "not-the-right-key");
    await wb.notification(/Ideogram API key saved/);

    // From the palette, on the previewed image.
    await wb.openImage("ideo.png");
    await wb.runCommand("Upscale: Upscale Image");
    const error = await wb.notification(/ideo\.png failed/);
    await wb.notificationGone(/Upscaling ideo\.png/);
    await error.locator(".monaco-button", { hasText: "Set API Key" }).waitFor({ timeout: 10_000 });
    await wb.settled(error);
    expect(await error.textContent()).not.toContain("not-the-right-key");
    await wb.screenshot("ideogram-bad-key-error");
    expect(await exists("ideo@2x.png")).toBe(false);
    expect(fake.stats.count("upscale", "POST")).toBe(1);

    await wb.clickNotificationButton(error, "Set API Key");
    await wb.answerInputBox("Ideogram API key", fake.keys.ideogram);
    // The upscale that failed for want of the key runs again with it: 2×, the original byte-identical.
    expect(await waitForImage("ideo@2x.png")).toEqual({ width: 256, height: 256 });
    await expectOpened("ideo@2x.png", 256, 256);
    await wb.screenshot("ideogram-result-opened");
    expect(fake.stats.count("upscale", "POST")).toBe(2);
    await expectOriginalsUntouched();
    expect(fake.stats.keyLeaks).toBe(0);
  });

  test("Ideogram: a reset after a charged upload went out, or on its paid result: an error without Retry, sent once", async () => {
    await useLegacyIdeogram();
    for (const endpoint of ["upscale", "image"] as const) {
      fake.setScenario({ task: { durationMs: 1500 }, faults: [{ endpoint, fault: { kind: "reset" } }] });
      fake.stats.reset();
      await wb.explorerContextMenu(["paid.png"], "Upscale Image");
      const error = await wb.notification(/paid\.png failed/);
      await wb.notificationGone(/Upscaling paid\.png/);
      await wb.settled(error);
      await wb.screenshot(`ideogram-${endpoint}-reset-error`);
      expect(await error.textContent()).toMatch(
        endpoint === "upscale"
          ? /may have reached Ideogram and been charged, so it was not sent again/
          : /Ideogram upscaled the image and charged for it/,
      );
      expect(await wb.notificationButtons(error)).not.toContain("Retry");
      expect(fake.stats.count("upscale", "POST")).toBe(1);
      expect(await exists("paid@2x.png")).toBe(false);
      await wb.clearNotifications();
    }
    fake.setScenario({ task: { durationMs: 1500 } });
    await expectOriginalsUntouched();
  });

  test("Ideogram: a paid result whose download failed: its link in the log, Copy Link copies it, Open Link opens it", async () => {
    await useLegacyIdeogram();
    // A real, signed result link on a host only the browser can reach (like a CDN the extension host cannot
    // reach): the extension's download fails after the paid upscale, the browser opens it. The image host is
    // not a loopback name, which code-server would rewrite to its own port proxy, dropping the path.
    const client = createIdeogramClient({ apiKey: fake.keys.ideogram, baseUrl: fake.ideogramUrl });
    const { image } = await client.upscale(inputs["paid.png"] ?? new Uint8Array());
    const link = image.url.replace(new URL(fake.imagesUrl).hostname, BROWSER_ONLY_HOST);
    fake.setScenario({ task: { durationMs: 1500 }, images: { resultLink: link } });
    fake.stats.reset();
    const failed = async (): Promise<Locator> => {
      await wb.explorerContextMenu(["paid.png"], "Upscale Image");
      const error = await wb.notification(/paid\.png failed: Ideogram upscaled the image and charged for it/);
      await wb.notificationGone(/Upscaling paid\.png/);
      await wb.settled(error);
      // A Retry would pay a second time for a result already paid for.
      expect(await wb.notificationButtons(error)).toEqual(["Open Link", "Copy Link"]);
      return error;
    };

    const first = await failed();
    await wb.screenshot("ideogram-paid-link-error");
    expect(await server.extensionLog()).toContain(`Upscale of paid.png failed: the paid result's link: ${link}`);
    await wb.page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await wb.clickNotificationButton(first, "Copy Link");
    await wb.notification(/the result's link is copied/);
    expect(await pollUntil("the link on the clipboard", 10_000, async () => (await wb.readClipboard()) === link)).toBe(
      true,
    );

    const second = await failed();
    const popup = wb.page.context().waitForEvent("page", { timeout: 30_000 });
    await wb.clickNotificationButton(second, "Open Link");
    // VS Code asks before it opens a site outside its trusted domains, showing the whole link.
    const ask = await wb.dialog(/open the external website/);
    expect(ask.text).toContain(BROWSER_ONLY_HOST);
    await wb.screenshot("ideogram-paid-link-open-question");
    await ask.press("Open");
    const tab = await popup;
    await tab.waitForLoadState();
    expect(tab.url()).toBe(link);
    const shown = await tab.evaluate(() => {
      const document = (
        globalThis as unknown as { document: { images: { naturalWidth: number; naturalHeight: number }[] } }
      ).document;
      const [shownImage] = document.images;
      return shownImage && { width: shownImage.naturalWidth, height: shownImage.naturalHeight };
    });
    expect(shown).toEqual({ width: 192, height: 128 });
    await tab.screenshot({ path: await wb.screenshotPath("ideogram-paid-link-opened") });
    await tab.close();

    expect(fake.stats.count("upscale", "POST")).toBe(2);
    expect(await server.extensionLog()).not.toContain(fake.keys.ideogram);
    expect(fake.stats.keyLeaks).toBe(0);
    expect(await exists("paid@2x.png")).toBe(false);
    fake.setScenario({ task: { durationMs: 1500 } });
    await expectOriginalsUntouched();
  });

  test("Ideogram: a paid result that cannot be converted back to WebP is kept as PNG, and the user told", async () => {
    await useLegacyIdeogram();
    fake.setScenario({ task: { durationMs: 1500 } });
    fake.stats.reset();
    await wb.explorerContextMenu(["wide.webp"], "Upscale Image");
    expect(await waitForImage("wide@2x.png")).toEqual({ width: 16400, height: 8 });
    const notice = await wb.notification(/wide@2x\.png: Kept as PNG: converting it to WebP failed/);
    await wb.settled(notice);
    await wb.waitForExplorerRow("wide@2x.png");
    await wb.screenshot("ideogram-kept-as-png");
    expect(await exists("wide@2x.webp")).toBe(false);
    expect(fake.stats.count("upscale", "POST")).toBe(1);
    await expectOriginalsUntouched();
  });

  test("Ideogram v2: Upscale Image With… picks Topaz Standard V2 and 4× — its own endpoint, the price beside the progress, the spend after", async () => {
    fake.setScenario({ task: { durationMs: 1500 }, ideogram: { generationMs: 3000 } });
    fake.stats.reset();
    await wb.explorerContextMenu(["ideo.png"], "Upscale Image With…");
    await wb.pick("Upscale with…", "Ideogram");
    const models = await wb.quickPickRows("Ideogram model");
    expect(models.join("\n")).toMatch(/Topaz Wonder 4\s*denoises, deblurs and recovers faces/);
    expect(models.join("\n")).toMatch(/Ideogram legacy upscale\s*v1 \/upscale, 2×/);
    await wb.screenshot("ideogram-v2-model-pick");
    await wb.pick("Ideogram model", "Topaz Standard V2");
    expect(await wb.quickPickRows("Scale")).toEqual(["2×", "4×", "8×"]);
    await wb.pick("Scale", "4×");
    // Under upscale.confirmAboveUsd ($0.05): no question; the quote ($0.01, the one-megapixel minimum) is shown.
    const progress = await wb.notification(/Upscaling ideo\.png with Topaz Standard V2 ×4 for \$0\.01/);
    await wb.settled(progress);
    await wb.screenshot("ideogram-v2-progress-with-price");
    expect(await waitForImage("ideo@4x.png")).toEqual({ width: 512, height: 512 });
    const done = await wb.notification(/ideo\.png upscaled for \$0\.01 with Topaz Standard V2 ×4\./);
    await expectOpened("ideo@4x.png", 512, 512);
    await wb.settled(done);
    await wb.expandNotification(done);
    await wb.screenshot("ideogram-v2-done-spent");
    expect(v2Submissions("topaz-standard-2")).toBe(1);
    expect(fake.stats.count("quote", "POST")).toBe(1);
    expect(fake.stats.billed).toEqual([expect.objectContaining({ model: "topaz-standard-2", usdMicros: 10_000 })]);
    expect(fake.stats.keyLeaks).toBe(0);
    await expectOriginalsUntouched();
  });

  test("Ideogram v2: over upscale.confirmAboveUsd the modal asks with the fake's quote; Cancel sends no billed request", async () => {
    await settings(
      { "upscale.provider": "ideogram", "upscale.ideogram.model": "topaz-standard-2", "upscale.ideogram.scale": 4 },
      /ideogramModel=topaz-standard-2, ideogramScale=4/,
    );
    fake.setScenario({ task: { durationMs: 1500 } });
    fake.stats.reset();
    const question = "Upscale 2 images with Topaz Standard V2 ×4 for $0.0768?";
    await wb.explorerContextMenu(["big1.png", "big2.png"], "Upscale Image");
    const first = await wb.dialog(/Upscale 2 images with Topaz Standard V2 ×4/);
    // 2400×1600 = 3.84 MP each at $0.01 per megapixel: the fake's own price table.
    expect(first.text).toContain(question);
    await wb.screenshot("ideogram-v2-confirm-question");
    await first.press("Cancel");
    expect(fake.stats.count("quote", "POST")).toBe(2);
    expect(fake.stats.count("upscale-v2", "POST")).toBe(0);
    expect(fake.stats.billed).toEqual([]);
    expect(await exists("big1@4x.png")).toBe(false);

    await wb.explorerContextMenu(["big1.png", "big2.png"], "Upscale Image");
    await (await wb.dialog(/Upscale 2 images with Topaz Standard V2 ×4/)).press("Upscale");
    expect(await waitForImage("big1@4x.png", 60_000)).toEqual({ width: 2400, height: 1600 });
    expect(await waitForImage("big2@4x.png", 60_000)).toEqual({ width: 2400, height: 1600 });
    const done = await wb.notification(/2 images upscaled for \$0\.0768 with Topaz Standard V2 ×4\./, 60_000);
    await wb.settled(done);
    await wb.expandNotification(done);
    await wb.screenshot("ideogram-v2-confirmed-spent");
    expect(fake.stats.count("upscale-v2", "POST")).toBe(2);
    expect(fake.stats.billed.map((bill) => bill.usdMicros)).toEqual([38_400, 38_400]);
    await expectOriginalsUntouched();
  });

  test("Ideogram v2: a generation left by a window reload is listed by Resume Task… and saved into its file, billed once", async () => {
    await settings(
      { "upscale.provider": "ideogram", "upscale.ideogram.model": "topaz-standard-2", "upscale.ideogram.scale": 2 },
      /ideogramModel=topaz-standard-2, ideogramScale=2/,
    );
    // Long enough that the reload always comes while the generation runs.
    fake.setScenario({ task: { durationMs: 1500 }, ideogram: { generationMs: 20_000 } });
    fake.stats.reset();
    await wb.explorerContextMenu(["paid.png"], "Upscale Image");
    // "working on it" comes once the generation is in the ledger.
    const progress = await wb.notification(/Upscaling paid\.png with Topaz Standard V2 ×2/);
    await pollUntil("the generation to be waited for", 30_000, async () =>
      /Ideogram is working on it/.test((await progress.textContent()) ?? ""),
    );
    await wb.screenshot("ideogram-v2-generation-running");
    expect(fake.stats.count("upscale-v2", "POST")).toBe(1);

    // The window goes away mid-generation, as after a crash: nothing written, the generation paid for.
    await reloadWindow();
    expect(await exists("paid@2x.png")).toBe(false);
    await wb.runCommand("Upscale: Midjourney: Resume Task…");
    const rows = await wb.quickPickRows("Resume which paid task?");
    expect(rows.join("\n")).toMatch(/paid\.png → paid@2x\.png/);
    await wb.screenshot("ideogram-v2-resume-list");
    await wb.pick("Resume which paid task?", /paid\.png → paid@2x\.png/);
    expect(await waitForImage("paid@2x.png", 60_000)).toEqual({ width: 192, height: 128 });
    const done = await wb.notification(
      /paid@2x\.png saved; nothing more was charged \(Ideogram generation .*, \$0\.01 when it was submitted\)/,
      60_000,
    );
    await expectOpened("paid@2x.png", 192, 128);
    await wb.settled(done);
    await wb.expandNotification(done);
    await wb.screenshot("ideogram-v2-resumed-result");
    expect(fake.stats.count("upscale-v2", "POST")).toBe(1);
    expect(fake.stats.billed).toHaveLength(1);
    expect(fake.stats.keyLeaks).toBe(0);
    await expectOriginalsUntouched();
  });

  test("Midjourney: cancel a slow upsample, nothing written; after a reload Resume Task… finishes it without a new submission", async () => {
    const client = createMidjourneyClient({ apiKey: fake.keys.gptunnel, baseUrl: fake.gptunnelUrl });
    const grid = await client.imagine("a lighthouse at dawn");
    await waitForMidjourneyImage(client, grid.id);
    // Long enough that Cancel always lands while the task runs, even on a loaded machine.
    fake.setScenario({ task: { durationMs: 15_000 } });
    await settings({ "upscale.provider": "local" }, /provider=local.*gptunnelBaseUrl=http:\/\/127\.0\.0\.1/);

    await wb.runCommand("Upscale: Set API Key…");
    await wb.pick("Set the API key for…", "GPTunnel (Midjourney)");
    await wb.answerInputBox("GPTunnel (Midjourney) API key", fake.keys.gptunnel);
    await wb.notification(/GPTunnel \(Midjourney\) API key saved/);

    await wb.runCommand("Upscale: Midjourney: Upsample…");
    await wb.answerInputBox("Midjourney task", grid.id);
    await wb.pick("Midjourney: upsample which image?", "2");
    const progress = await wb.notification(/Midjourney: upsampling image 2/);
    await pollUntil("a percent of the running task", 20_000, async () =>
      /[1-9]\d*% · Midjourney is working on it/.test((await progress.textContent()) ?? ""),
    );
    await wb.screenshot("midjourney-upsample-progress");
    await wb.clickNotificationButton(progress, "Cancel");
    const cancelled = await wb.notification(/cancelled\. Task [0-9a-f]{24} keeps running/);
    await wb.notificationGone(/Midjourney: upsampling image 2/);
    await wb.settled(cancelled);
    await wb.screenshot("midjourney-cancelled");
    const taskId = /Task ([0-9a-f]{24})/.exec((await cancelled.textContent()) ?? "")?.[1];
    const output = `midjourney-${grid.id}@u2.png`;
    expect(await exists(output)).toBe(false);

    // The unfinished task outlives the window: after a reload it is still listed (globalState).
    await reloadWindow();
    await wb.runCommand("Upscale: Midjourney: Resume Task…");
    const rows = await wb.quickPickRows("Resume which paid task?");
    expect(rows.join("\n")).toContain(taskId);
    await wb.screenshot("midjourney-resume-list");
    await wb.pick("Resume which paid task?", /upsample 2 of/);
    expect(await waitForImage(output, 40_000)).toEqual({ width: 512, height: 512 });
    await expectOpened(output, 512, 512);
    await wb.waitForExplorerRow(output);
    await wb.screenshot("midjourney-resumed-result");
    expect(fake.stats.count("upsample", "POST")).toBe(1);
    expect(fake.stats.keyLeaks).toBe(0);
  });

  test("Show Balance: GPTunnel's balance and credit limit (negative down to it), and that Ideogram has none", async () => {
    // The GPTunnel key was set by the Midjourney test above.
    fake.setScenario({ task: { durationMs: 1500 }, account: { balance: -51.54397, creditLimit: 15000 } });
    fake.stats.reset();
    await wb.runCommand("Upscale: Show Balance");
    const notice = await wb.notification(/GPTunnel balance: -51\.54 ₽, credit limit 15000\.00 ₽/);
    await wb.settled(notice);
    await wb.expandNotification(notice);
    await wb.screenshot("show-balance");
    expect(await notice.textContent()).toContain("(14948.46 ₽ left to spend). Ideogram has no balance API");
    expect(fake.stats.count("balance", "GET")).toBe(1);
    expect(fake.stats.keyLeaks).toBe(0);
  });
});
