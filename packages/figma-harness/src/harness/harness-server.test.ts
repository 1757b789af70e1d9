import { readFile, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type BuiltPlugin, buildFixturePlugin } from "../../test/fixtures/build-fixture-plugin.js";
import { createFigmaFake } from "../fake/create-figma-fake.js";
import { buildDemoCanvas } from "./demo-canvas.js";
import { type Harness, startHarness } from "./harness-server.js";
import { type HarnessPage, launchChromium, openHarnessPage } from "./open-harness-page.js";

const SCREENSHOTS = fileURLToPath(new URL("../../screenshots", import.meta.url));

let browser: Browser;
let plugin: BuiltPlugin;
let harness: Harness | undefined;
let opened: HarnessPage | undefined;

beforeAll(async () => {
  [browser, plugin] = await Promise.all([launchChromium(), buildFixturePlugin()]);
});
afterAll(() => browser?.close());
afterEach(async () => {
  await opened?.close();
  await harness?.close();
  opened = undefined;
  harness = undefined;
});

async function open(options: Partial<Parameters<typeof startHarness>[0]> = {}) {
  harness = await startHarness({
    mainCode: plugin.mainCode,
    uiHtml: plugin.uiHtml,
    run: { console: "silent" },
    ...options,
  });
  opened = await openHarnessPage(harness, { browser, screenshotDir: SCREENSHOTS });
  return { harness, ...opened };
}

describe("the harness page: plugin UI in a null-origin iframe, bridged to the main bundle in node:vm", () => {
  it("runs the UI with origin null, sandboxed to scripts only", async () => {
    const { page, frame } = await open();
    expect(await frame.evaluate(() => window.origin)).toBe("null");
    expect(await frame.locator("#origin").textContent()).toBe("origin: null");
    expect(await page.locator("iframe#plugin-ui").getAttribute("sandbox")).toBe("allow-scripts");
    expect(await frame.evaluate(() => document.documentElement.classList.contains("figma-light"))).toBe(true);
    expect(opened?.logs).toContainEqual({ type: "log", text: "fixture UI loaded", source: "plugin" });
    expect(opened?.logs.filter((log) => log.type === "error")).toEqual([]);
  });

  it("carries UI → main and main → UI messages, bytes included, in both directions", async () => {
    const { harness, frame } = await open();
    await frame.getByRole("button", { name: "Ping" }).click();
    await frame.getByText("pong 1,2,3 (bytes: true)").waitFor();
    expect(harness.run?.messagesToUi.find((message) => (message as { type: string }).type === "pong")).toMatchObject({
      origin: "null",
      isBytes: true,
    });
    // The hello the main thread posted before the iframe existed was queued and delivered first.
    expect(await frame.evaluate(() => document.querySelector("#log li")?.textContent)).toContain('"type":"hello"');
  });

  it("applies createImage's rules to what the UI makes: a PNG is taken, a WebP refused", async () => {
    const { harness, frame } = await open();
    await frame.getByRole("button", { name: "Make PNG" }).click();
    await frame.getByText("image 64×48").waitFor();
    await frame.getByRole("button", { name: "Make WebP" }).click();
    await frame.getByText("refused: in createImage: Image type is unsupported").waitFor();
    expect(harness.fake.images().map((image) => [image.format, image.width, image.height])).toEqual([["png", 64, 48]]);
  });

  it("selects by clicking the canvas, fills the selection from the UI, and saves a screenshot", async () => {
    const fake = createFigmaFake();
    const demo = await buildDemoCanvas(fake);
    const { harness, page, frame, screenshot } = await open({ figma: fake });
    await page.locator(`.node[data-id="${demo.nodes.photo.id}"]`).click();
    await page.locator(`.node[data-id="${demo.nodes.cropped.id}"]`).click({ modifiers: ["Shift"] });
    await frame.getByText(`"ids":["${demo.nodes.photo.id}","${demo.nodes.cropped.id}"]`).waitFor();
    await frame.getByRole("button", { name: "Fill selection" }).click();
    await page.getByRole("status").filter({ hasText: "Filled 2 layers" }).waitFor();
    const filled = harness.fake.imagePaints().filter((use) => use.paint.imageHash !== demo.images.landscape);
    expect(filled.map((use) => use.node.name)).toEqual(expect.arrayContaining(["Photo", "Portrait (CROP)"]));
    // Drawn on the canvas from the new image, with every other property kept (CROP's transform).
    expect(fake.fillsOf(demo.nodes.cropped)[0]).toMatchObject({
      scaleMode: "CROP",
      imageTransform: [
        [0.8, 0, 0.1],
        [0, 0.8, 0.05],
      ],
    });
    await page
      .locator(`.node[data-id="${demo.nodes.photo.id}"] .fill[data-image-hash="${filled[0]?.paint.imageHash}"]`)
      .waitFor();
    const path = await screenshot("harness-demo-canvas-filled");
    const { width, height } = await sharp(await readFile(path)).metadata();
    expect([width, height]).toEqual([1280, 800]);
    expect((await stat(path)).size).toBeGreaterThan(20_000);
  });

  it("serves the demo canvas in Figma's dark theme, with the theme tokens in the UI", async () => {
    const { page, frame, screenshot } = await open({ demoCanvas: true, theme: "dark" });
    expect(await frame.evaluate(() => document.documentElement.classList.contains("figma-dark"))).toBe(true);
    expect(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(44, 44, 44)");
    expect(await page.locator(".node").count()).toBe(9);
    const switchTheme = async () => {
      const before = harness?.session ?? 0;
      await page.getByRole("button", { name: "Light / dark" }).click();
      await expect.poll(() => harness?.session).toBe(before + 1);
      return (await opened?.pluginFrame())?.evaluate(() => document.documentElement.className);
    };
    expect(await switchTheme()).toBe("figma-light");
    expect(await switchTheme()).toBe("figma-dark");
    await page.locator("html[data-theme=dark]").waitFor();
    await screenshot("harness-demo-canvas-dark");
  });

  it("reopens after the plugin closes itself, on the same canvas", async () => {
    const { harness, page, frame, pluginFrame } = await open();
    await frame.getByRole("button", { name: "Close" }).click();
    await page.locator("#closed-banner").waitFor({ state: "visible" });
    await page.getByRole("status").filter({ hasText: "Bye" }).waitFor();
    expect(harness.run?.isClosed).toBe(true);
    await page.getByRole("button", { name: "Run plugin" }).click();
    await expect.poll(() => harness.session).toBe(2);
    const again = await pluginFrame();
    await again.getByRole("button", { name: "Ping" }).click();
    await again.getByText("pong 1,2,3 (bytes: true)").waitFor();
  });
});
