// The built plugin clicked through in real Chromium: the UI in a null-origin sandboxed iframe, bridged to the main
// bundle in node:vm on the strict fake, against the fake vendor APIs on loopback. Screenshots go to
// test/screenshots/ (not committed): look at them.
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { createFigmaFake, type FigmaFake, launchChromium, makeSolidPng, makeTestImage } from "@upscale/figma-harness";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltPlugin, loadBuiltPlugin } from "./support/built-plugin.js";
import { chooseProvider, enterSettings, openPluginPage, runEnded, runFromButton } from "./support/plugin-page.js";
import { serveResult } from "./support/result-host.js";

let built: BuiltPlugin;
let apis: FakeApis;
let browser: Browser;

beforeAll(async () => {
  built = await loadBuiltPlugin();
  apis = await startFakeApis({ scenario: { task: { durationMs: 400 } } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await apis?.close();
});

const newCanvas = (): FigmaFake => createFigmaFake({ relaunchCommands: built.relaunchCommands });
/** A canvas with one selected rectangle showing a small photo. */
async function canvasWithSelectedPhoto(): Promise<FigmaFake> {
  const fake = newCanvas();
  const node = fake.create("RECTANGLE", {
    name: "Photo",
    width: 160,
    height: 120,
    fills: [imageFill(fake.addImage(await makeTestImage(32, 24)))],
  });
  fake.select([node]);
  return fake;
}

const imageFill = (imageHash: string, extra: Partial<ImagePaint> = {}): ImagePaint => ({
  type: "IMAGE",
  scaleMode: "FILL",
  imageHash,
  ...extra,
});

describe("the plugin in Chromium", () => {
  it("upscales several layers and a shared image in place, keeping every other paint property", async () => {
    const fake = newCanvas();
    const shared = fake.addImage(await makeTestImage(120, 80));
    const own = fake.addImage(await makeTestImage(90, 90, "jpeg"));
    const solid: SolidPaint = { type: "SOLID", color: { r: 0.9, g: 0.8, b: 0.2 } };
    const photo = fake.create("RECTANGLE", {
      name: "Photo",
      x: 40,
      y: 40,
      width: 240,
      height: 160,
      fills: [
        solid,
        imageFill(shared, {
          opacity: 0.8,
          filters: { exposure: 0.4, contrast: 0, saturation: -0.5, temperature: 0, tint: 0, highlights: 0, shadows: 0 },
        }),
      ],
    });
    const badge = fake.create("ELLIPSE", {
      name: "Badge",
      x: 320,
      y: 40,
      width: 120,
      height: 120,
      fills: [imageFill(shared, { scaleMode: "FIT" })],
    });
    const pattern = fake.create("FRAME", {
      name: "Pattern",
      x: 40,
      y: 240,
      width: 300,
      height: 160,
      fills: [imageFill(own, { scaleMode: "TILE", scalingFactor: 0.5 })],
    });
    const before = [photo, badge, pattern].map((node) => fake.fillsOf(node) as Paint[]);
    const sent = apis.stats.count("upscale-v2", "POST");
    const plugin = await openPluginPage(built, fake, browser);
    try {
      const { page, frame } = plugin;
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      await page.locator(`.node[data-id="${photo.id}"]`).click();
      await page.locator(`.node[data-id="${badge.id}"]`).click({ modifiers: ["Shift"] });
      await page.locator(`.node[data-id="${pattern.id}"]`).click({ modifiers: ["Shift"] });
      const upscale = frame.getByRole("button", { name: /^Upscale/ });
      // The price comes with the button once Ideogram has quoted it (free): auto ×2 of 120×80 and 90×90.
      await expect.poll(() => upscale.textContent()).toBe("Upscale 2 images · about $0.02");
      await plugin.screenshot("upscale-1-selected");
      expect(await runFromButton(frame, /^Upscale/)).toBe("2 done · 3 layers updated");
      await plugin.screenshot("upscale-2-done");

      expect(apis.stats.count("upscale-v2", "POST") - sent).toBe(2);
      const after = [photo, badge, pattern].map((node) => fake.fillsOf(node) as Paint[]);
      const hashOf = (fills: Paint[], index: number) => (fills[index] as ImagePaint).imageHash ?? "";
      expect(hashOf(after[0] ?? [], 1)).toBe(hashOf(after[1] ?? [], 0));
      expect(after[0]).toEqual([before[0]?.[0], { ...before[0]?.[1], imageHash: hashOf(after[0] ?? [], 1) }]);
      expect(after[1]).toEqual([{ ...before[1]?.[0], imageHash: hashOf(after[1] ?? [], 0) }]);
      expect(after[2]).toEqual([{ ...before[2]?.[0], imageHash: hashOf(after[2] ?? [], 0), scalingFactor: 0.25 }]);
      expect(await fake.imageDetails(hashOf(after[0] ?? [], 1))).toMatchObject({
        width: 240,
        height: 160,
        hasAlpha: true,
      });
      expect(await fake.imageDetails(hashOf(after[2] ?? [], 0))).toMatchObject({ width: 180, height: 180 });
      expect([photo.width, photo.height, pattern.width, pattern.height]).toEqual([240, 160, 300, 160]);
      expect(fake.violations).toEqual([]);
    } finally {
      await plugin.dispose();
    }
  });

  it("fits a result over 4096 px (Ideogram and Midjourney), saying so, and converts a WebP result to PNG", async () => {
    const fake = newCanvas();
    const wide = fake.create("RECTANGLE", {
      name: "Wide",
      width: 420,
      height: 210,
      fills: [imageFill(fake.addImage(await makeSolidPng(2100, 1050)))],
    });
    const small = fake.create("RECTANGLE", {
      name: "Small",
      y: 260,
      width: 100,
      height: 100,
      fills: [imageFill(fake.addImage(await makeTestImage(50, 50)))],
    });
    const gif = fake.create("RECTANGLE", {
      name: "Gif",
      y: 400,
      width: 60,
      height: 60,
      fills: [imageFill(fake.addImage(await makeTestImage(30, 30, "gif")))],
    });
    const webp = await serveResult(await makeTestImage(100, 100, "webp"), "image/webp");
    const wideGrid = await serveResult(await makeSolidPng(4400, 2200), "image/png");
    const plugin = await openPluginPage(built, fake, browser);
    try {
      const { page, frame } = plugin;
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      await page.locator(`.node[data-id="${wide.id}"]`).click();
      expect(await runFromButton(frame, /^Upscale/)).toBe("1 done · 1 layer updated");
      await frame.getByText(/Scaled down from 4200×2100 to 4096×2048/).waitFor();
      await plugin.screenshot("fit-1-over-4096");
      const [fitted] = fake.fillsOf(wide) as ImagePaint[];
      expect(await fake.imageDetails(fitted?.imageHash ?? "")).toMatchObject({
        format: "png",
        width: 4096,
        height: 2048,
      });

      apis.setScenario({ task: { durationMs: 400 }, images: { resultLink: webp.url } });
      await page.locator(`.node[data-id="${small.id}"]`).click();
      expect(await runFromButton(frame, /^Upscale/)).toBe("1 done · 1 layer updated");
      // The job pipeline converts it to the PNG the plan promises (through the UI's canvas), as it would convert
      // any app's result to the type its name promises: nothing is left for the fit to convert or say.
      await plugin.screenshot("fit-2-webp");
      const [converted] = fake.fillsOf(small) as ImagePaint[];
      expect(await fake.imageDetails(converted?.imageHash ?? "")).toMatchObject({
        format: "png",
        width: 100,
        height: 100,
        hasAlpha: true,
      });

      // A GIF on the canvas goes up as PNG (Ideogram takes PNG, JPEG, WebP), converted by the UI's canvas.
      apis.setScenario({ task: { durationMs: 400 } });
      await page.locator(`.node[data-id="${gif.id}"]`).click();
      expect(await runFromButton(frame, /^Upscale/)).toBe("1 done · 1 layer updated");
      const [fromGif] = fake.fillsOf(gif) as ImagePaint[];
      expect(await fake.imageDetails(fromGif?.imageHash ?? "")).toMatchObject({ format: "png", width: 60, height: 60 });

      // A Midjourney result over 4096 px is fitted too, and said so, before it becomes a layer.
      apis.setScenario({ task: { durationMs: 400 }, images: { resultLink: wideGrid.url } });
      await chooseProvider(frame, /^Midjourney/);
      await enterSettings(frame, apis.gptunnelUrl, apis.keys.gptunnel);
      await frame.getByLabel("Prompt").fill("a very wide panorama");
      expect(await runFromButton(frame, "Imagine (charged)")).toBe("1 done · grid placed");
      await frame.getByText(/Scaled down from 4400×2200 to 4096×2048/).waitFor();
      await plugin.screenshot("fit-3-midjourney-over-4096");
      const grid = fake.nodes().find((node) => node.getPluginData("midjourney-task-id") !== "");
      const [gridFill] = (grid === undefined ? [] : fake.fillsOf(grid)) as ImagePaint[];
      expect([grid?.width, grid?.height]).toEqual([4096, 2048]);
      expect(await fake.imageDetails(gridFill?.imageHash ?? "")).toMatchObject({ width: 4096, height: 2048 });
      expect(fake.violations).toEqual([]);
    } finally {
      apis.setScenario({ task: { durationMs: 400 } });
      await webp.close();
      await wideGrid.close();
      await plugin.dispose();
    }
  });

  it("cancel leaves the canvas untouched, even when the answer arrives later", async () => {
    const fake = newCanvas();
    const node = fake.create("RECTANGLE", {
      name: "Slow",
      width: 200,
      height: 200,
      fills: [imageFill(fake.addImage(await makeTestImage(64, 64)))],
    });
    const before = fake.fillsOf(node);
    const plugin = await openPluginPage(built, fake, browser);
    try {
      const { page, frame } = plugin;
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      apis.setScenario({
        task: { durationMs: 400 },
        faults: [{ endpoint: "upscale-v2", fault: { kind: "latency", ms: 1500 } }],
      });
      await page.locator(`.node[data-id="${node.id}"]`).click();
      const steps = fake.undoSteps;
      await frame.getByRole("button", { name: /^Upscale/ }).click();
      await frame.getByRole("status", { name: "Batch status" }).filter({ hasText: "Working" }).waitFor();
      await plugin.screenshot("cancel-1-running");
      await frame.getByRole("button", { name: "Cancel" }).click();
      expect(await runEnded(frame)).toBe("0 done, 1 cancelled — Cancelled: nothing on the canvas was changed.");
      await frame.getByRole("alert").filter({ hasText: "Cancelled: nothing on the canvas was changed." }).waitFor();
      await plugin.screenshot("cancel-2-cancelled");
      await new Promise((resolve) => setTimeout(resolve, 1800));
      expect(fake.fillsOf(node)).toEqual(before);
      expect(fake.undoSteps).toBe(steps);
    } finally {
      apis.setScenario({ task: { durationMs: 400 } });
      await plugin.dispose();
    }
  });

  it("shows a rejected key's error with Set key, in the dark theme", async () => {
    const fake = await canvasWithSelectedPhoto();
    const plugin = await openPluginPage(built, fake, browser, "dark");
    try {
      const { frame } = plugin;
      await enterSettings(frame, apis.ideogramUrl, "not-the-right-key-1234");
      await frame.getByRole("button", { name: /^Upscale/ }).click();
      const alert = frame.getByRole("alert");
      await alert.filter({ hasText: "open Settings in the plugin and enter the key" }).waitFor();
      await plugin.screenshot("bad-key-dark");
      expect(await alert.textContent()).not.toContain("not-the-right-key-1234");
      await frame.getByRole("button", { name: "Set key" }).click();
      await expect.poll(() => frame.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("API key");

      // The "Upsample" relaunch button on a grid opens the plugin on Midjourney.
      await plugin.harness.restart({ command: "upsample" });
      const relaunched = await plugin.pluginFrame();
      await relaunched.getByRole("option", { name: /^Midjourney/, selected: true }).waitFor({ state: "attached" });
    } finally {
      await plugin.dispose();
    }
  });

  it("imagines a Midjourney grid at the viewport centre, then upsamples one of its images beside it", async () => {
    const fake = newCanvas();
    const plugin = await openPluginPage(built, fake, browser);
    const paid = apis.stats.count("imagine", "POST");
    try {
      const { frame } = plugin;
      await chooseProvider(frame, /^Midjourney/);
      await enterSettings(frame, apis.gptunnelUrl, apis.keys.gptunnel);
      await frame.getByLabel("Prompt").fill("a lighthouse at dawn, watercolor");
      const ended = await runFromButton(frame, "Imagine (charged)");
      await plugin.screenshot("midjourney-1-grid");
      expect(ended).toBe("1 done · grid placed");
      const grid = fake.nodes().find((node) => node.getPluginData("midjourney-task-id") !== "");
      if (grid === undefined) throw new Error("no grid layer");
      expect([grid.x + grid.width / 2, grid.y + grid.height / 2]).toEqual([0, 0]);
      expect(grid.getPluginData("midjourney-task-kind")).toBe("imagine");

      expect(await runFromButton(frame, "Upsample 2")).toBe("1 done · image placed");
      await plugin.screenshot("midjourney-2-upsampled");
      const upsample = fake.nodes().find((node) => node.getPluginData("midjourney-task-kind") === "upsample");
      if (upsample === undefined) throw new Error("no upsample layer");
      expect(upsample.x).toBeGreaterThan(grid.x + grid.width);
      const [fill] = fake.fillsOf(upsample) as ImagePaint[];
      expect(await fake.imageDetails(fill?.imageHash ?? "")).toMatchObject({ width: 512, height: 512 });
      expect(apis.stats.count("imagine", "POST") - paid).toBe(1);

      // Back on the grid: a variation (charged) goes beside it as a new grid.
      await plugin.page.locator(`.node[data-id="${grid.id}"]`).click();
      const varied = apis.stats.count("variation", "POST");
      expect(await runFromButton(frame, "Variation 1 (charged)")).toBe("1 done · grid placed");
      expect(apis.stats.count("variation", "POST") - varied).toBe(1);
      const grids = () => fake.nodes().filter((node) => node.getPluginData("midjourney-task-kind") === "variation");
      expect(grids()).toHaveLength(1);

      // A task id typed in by hand is fetched (never submitted) and placed at the viewport centre.
      await frame.getByLabel("Task id").fill(grid.getPluginData("midjourney-task-id"));
      const before = apis.stats.count("imagine", "POST");
      expect(await runFromButton(frame, "Fetch task")).toBe("1 done · grid placed");
      expect(apis.stats.count("imagine", "POST")).toBe(before);
      const fetched = fake
        .nodes()
        .filter((node) => node.getPluginData("midjourney-task-id") === grid.getPluginData("midjourney-task-id"));
      expect(fetched).toHaveLength(2);
      await plugin.screenshot("midjourney-3-variation-and-fetched");
      expect(fake.violations).toEqual([]);
    } finally {
      await plugin.dispose();
    }
  });

  it("offers Retry after a passing failure, saying the retry is charged, and the retry succeeds", async () => {
    const fake = await canvasWithSelectedPhoto();
    const plugin = await openPluginPage(built, fake, browser);
    try {
      const { frame } = plugin;
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      // Refused for two minutes: nothing was processed, so sending it again is safe (and billed).
      const fault = { kind: "status", status: 429, retryAfter: 120 } as const;
      apis.setScenario({
        task: { durationMs: 400 },
        faults: [{ endpoint: "upscale-v2", on: { requests: [1] }, fault }],
      });
      expect(await runFromButton(frame, /^Upscale/)).toMatch(/^0 done, 1 failed — .*HTTP 429/);
      await plugin.screenshot("retry-1-failed");
      apis.setScenario({ task: { durationMs: 400 } });
      expect(await runFromButton(frame, "Retry (charged)")).toBe("1 done · 1 layer updated");
      await plugin.screenshot("retry-2-done");
    } finally {
      apis.setScenario({ task: { durationMs: 400 } });
      await plugin.dispose();
    }
  });

  it("shows no Retry anywhere when the upscale may have been charged (connection reset after upload)", async () => {
    const fake = await canvasWithSelectedPhoto();
    const plugin = await openPluginPage(built, fake, browser);
    try {
      const { frame } = plugin;
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      const sent = apis.stats.count("upscale-v2", "POST");
      apis.setScenario({ task: { durationMs: 400 }, faults: [{ endpoint: "upscale-v2", fault: { kind: "reset" } }] });
      expect(await runFromButton(frame, /^Upscale/)).toMatch(
        /^0 done, 1 failed — .*may have reached Ideogram and been charged, so it was not sent again/,
      );
      await plugin.screenshot("charged-maybe-no-retry");
      expect(await frame.getByRole("button", { name: /retry/i }).count()).toBe(0);
      expect(await frame.getByRole("button", { name: /resume/i }).count()).toBe(0);
      expect(apis.stats.count("upscale-v2", "POST") - sent).toBe(1);
    } finally {
      apis.setScenario({ task: { durationMs: 400 } });
      await plugin.dispose();
    }
  });

  it("shows the link of a paid result that could not be downloaded, to copy or open, by keyboard too", async () => {
    const fake = await canvasWithSelectedPhoto();
    const plugin = await openPluginPage(built, fake, browser);
    try {
      const { page, frame } = plugin;
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      apis.setScenario({
        task: { durationMs: 400 },
        faults: [{ endpoint: "image", fault: { kind: "status", status: 503 } }],
      });
      expect(await runFromButton(frame, /^Upscale/)).toMatch(
        /^0 done, 1 failed — Ideogram generation \S+ completed and was charged, but its image was not downloaded/,
      );
      apis.setScenario({ task: { durationMs: 400 } });
      const field = frame.getByRole("textbox", { name: "Paid result link of Photo" });
      const link = await field.inputValue();
      expect(await frame.getByRole("link", { name: "Open link" }).getAttribute("href")).toBe(link);
      expect(await frame.getByRole("button", { name: /retry/i }).count()).toBe(0);

      await frame.getByRole("button", { name: "Copy link" }).click();
      await frame.getByText("Link copied.").waitFor();
      await plugin.screenshot("paid-link-copied");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

      // Keyboard only: Tab from "Copy link" reaches "Open link"; Enter opens it in the browser (figma.openExternal).
      await frame.getByRole("button", { name: "Copy link" }).focus();
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await expect.poll(() => fake.openedUrls).toEqual([link]);

      // What the link gives is the paid result: the photo at 2×.
      const answer = await fetch(link);
      expect(await sharp(new Uint8Array(await answer.arrayBuffer())).metadata()).toMatchObject({
        format: "png",
        width: 64,
        height: 48,
      });

      // "Resume (free)" reads the same generation again and puts it on the layer: nothing is submitted again.
      const submitted = apis.stats.count("upscale-v2", "POST");
      expect(await runFromButton(frame, "Resume (free)")).toBe("1 done · 1 layer updated");
      expect(apis.stats.count("upscale-v2", "POST")).toBe(submitted);
    } finally {
      apis.setScenario({ task: { durationMs: 400 } });
      await plugin.dispose();
    }
  });

  it("resumes a paid Midjourney task after the plugin was closed mid-way, without submitting it again", async () => {
    const fake = newCanvas();
    const plugin = await openPluginPage(built, fake, browser);
    const paid = apis.stats.count("imagine", "POST");
    apis.setScenario({ task: { durationMs: 3000 } });
    try {
      const { page, frame, harness } = plugin;
      await chooseProvider(frame, /^Midjourney/);
      await enterSettings(frame, apis.gptunnelUrl, apis.keys.gptunnel);
      await frame.getByLabel("Prompt").fill("a red fox in the snow");
      await frame.getByRole("button", { name: "Imagine (charged)" }).click();
      await frame.getByText(/task [0-9a-f]{24}/).waitFor();
      await plugin.screenshot("resume-1-before-close");
      const firstRun = harness.session;
      await page.locator("#close-plugin").click();
      await expect.poll(() => harness.run?.isClosed).toBe(true);
      await page.locator("#run-plugin").click();
      await expect.poll(() => harness.session).toBeGreaterThan(firstRun);
      const reopened = await plugin.pluginFrame();
      await reopened.getByText("Resuming 1 paid Midjourney task from last time.").waitFor();
      expect(await runEnded(reopened)).toBe("1 done · grid placed");
      await plugin.screenshot("resume-2-resumed");
      expect(apis.stats.count("imagine", "POST") - paid).toBe(1);
      expect(fake.nodes().filter((node) => node.getPluginData("midjourney-task-id") !== "")).toHaveLength(1);
    } finally {
      apis.setScenario({ task: { durationMs: 400 } });
      await plugin.dispose();
    }
  });
});
