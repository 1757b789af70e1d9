// The built plugin clicked through in real Chromium (UI in a null-origin sandboxed iframe, main bundle in node:vm on
// the strict fake) for Ideogram's v2 models, the price on the Upscale button, a generation resumed after a reopen,
// the GPTunnel balance, Compare and Revert. Every view is photographed in the light and the dark theme
// (test/screenshots/, not committed): look at them.
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { createFigmaFake, type FigmaFake, launchChromium, makeTestImage } from "@upscale/figma-harness";
import type { Browser, Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltPlugin, loadBuiltPlugin } from "./support/built-plugin.js";
import {
  chooseProvider,
  enterSettings,
  openPluginPage,
  type PluginPage,
  runEnded,
  runFromButton,
} from "./support/plugin-page.js";

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
const imageFill = (imageHash: string, extra: Partial<ImagePaint> = {}): ImagePaint => ({
  type: "IMAGE",
  scaleMode: "FILL",
  imageHash,
  ...extra,
});

/** A layer showing a test image of `width`×`height`, drawn at a quarter of its size. */
async function photo(fake: FigmaFake, name: string, width: number, height: number, x = 40) {
  const fills = [imageFill(fake.addImage(await makeTestImage(width, height)))];
  return fake.create("RECTANGLE", { name, x, y: 40, width: width / 4, height: height / 4, fills });
}

/**
 * Screenshots of a view in both themes: `name-light` as it is, then the page's Light / dark button (a new plugin
 * run on the same canvas and storage), `reach` to get back to the view, and `name-dark`.
 */
async function inBothThemes(plugin: PluginPage, name: string, reach: (frame: Frame) => Promise<void>): Promise<Frame> {
  await plugin.screenshot(`${name}-light`);
  const session = plugin.harness.session;
  await plugin.page.locator("#theme").click();
  await expect.poll(() => plugin.harness.session).toBeGreaterThan(session);
  const frame = await plugin.pluginFrame();
  await frame.locator("html.figma-dark").waitFor({ state: "attached" });
  await reach(frame);
  await plugin.screenshot(`${name}-dark`);
  return frame;
}

const upscaleButton = (frame: Frame) => frame.getByRole("button", { name: /^Upscale/ });
const priceLine = (frame: Frame) => frame.getByRole("status", { name: "Price" });

describe("the plugin in Chromium: Ideogram v2", () => {
  it("chooses the model and its fields by role, and the Upscale button shows the price for the selection", async () => {
    const fake = newCanvas();
    const wide = await photo(fake, "Wide", 600, 400);
    const square = await photo(fake, "Square", 300, 300, 240);
    const plugin = await openPluginPage(built, fake, browser);
    const [quoted, submitted] = [apis.stats.count("quote", "POST"), apis.stats.count("upscale-v2", "POST")];
    try {
      const { page, frame } = plugin;
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      await frame.getByRole("checkbox", { name: "Settings" }).click();
      const model = frame.getByRole("combobox", { name: "Model" });
      expect(await model.getByRole("option").allTextContents()).toEqual([
        "Auto",
        "Topaz Standard V2",
        "Topaz Text Refine",
        "Topaz Wonder 3.5",
        "Topaz Wonder 4",
        "Topaz Bloom 2",
        "Topaz Redefine",
        "Nano Banana Pro",
        "Legacy (v1)",
      ]);
      await frame.getByRole("option", { name: "Auto", selected: true }).waitFor({ state: "attached" });

      // Auto ×2 on 600×400: the fake bills at least 1 MP; Ideogram picks the model, so at most the dearest.
      await page.locator(`.node[data-id="${wide.id}"]`).click();
      await expect.poll(() => upscaleButton(frame).textContent()).toBe("Upscale 1 image · about $0.01");
      await priceLine(frame).getByText("Ideogram quotes about $0.01 (at most $0.03) for 1 image.").waitFor();

      // Topaz Standard V2 ×4: 2400×1600, 3.84 MP, exactly. The factor is a combobox too, keyboard included.
      await model.selectOption({ label: "Topaz Standard V2" });
      const factor = frame.getByRole("combobox", { name: "Factor" });
      expect(await factor.getByRole("option").allTextContents()).toEqual(["×2", "×4", "×8"]);
      await factor.focus();
      await page.keyboard.press("ArrowDown");
      await frame.getByRole("option", { name: "×4", selected: true }).waitFor({ state: "attached" });
      await expect.poll(() => upscaleButton(frame).textContent()).toBe("Upscale 1 image · about $0.0384");
      await priceLine(frame).getByText("Ideogram quotes $0.0384 for 1 image.").waitFor();

      // Another layer selected as well: both priced (3.84 MP + 1.44 MP).
      await page.locator(`.node[data-id="${square.id}"]`).click({ modifiers: ["Shift"] });
      await expect.poll(() => upscaleButton(frame).textContent()).toBe("Upscale 2 images · about $0.0528");
      await inBothThemes(plugin, "models-1-price", async (dark) => {
        await expect.poll(() => upscaleButton(dark).textContent()).toBe("Upscale 2 images · about $0.0528");
      });
      const again = await plugin.pluginFrame();

      // Each model shows its own fields: a strength, a prompt, a resolution tier instead of a factor.
      const ownModel = again.getByRole("combobox", { name: "Model" });
      await ownModel.selectOption({ label: "Topaz Wonder 3.5" });
      const strength = again.getByRole("combobox", { name: "Strength" });
      expect(await strength.getByRole("option").allTextContents()).toEqual(["Low", "Medium", "High"]);
      await strength.selectOption({ label: "High" });
      await ownModel.selectOption({ label: "Topaz Bloom 2" });
      await again.getByRole("textbox", { name: "Prompt (optional)" }).fill("a red barn at dusk");
      await again.getByRole("textbox", { name: "Prompt (optional)" }).press("Tab");
      expect(await again.getByRole("combobox", { name: "Strength" }).count()).toBe(0);
      await ownModel.selectOption({ label: "Nano Banana Pro" });
      await again.getByRole("combobox", { name: "Resolution" }).selectOption({ label: "1K" });
      expect(await again.getByRole("combobox", { name: "Factor" }).count()).toBe(0);
      await priceLine(again)
        .getByText(/^Ideogram quotes about \$0\.\d+ \(at most \$0\.\d+\) for 2 images\.$/)
        .waitFor();
      await plugin.screenshot("models-2-nano-banana-light");

      // ×4 stays ×4 on Wonder 4 (×2 or ×4 only); the legacy model has no price before it runs.
      await ownModel.selectOption({ label: "Topaz Wonder 4" });
      expect(await again.getByRole("combobox", { name: "Factor" }).getByRole("option").allTextContents()).toEqual([
        "×2",
        "×4",
      ]);
      await again.getByRole("option", { name: "×4", selected: true }).waitFor({ state: "attached" });
      await ownModel.selectOption({ label: "Legacy (v1)" });
      await priceLine(again).getByText("No price: The legacy upscale gives no price before it runs.").waitFor();
      expect(await upscaleButton(again).textContent()).toBe("Upscale 2 images");

      expect(apis.stats.count("quote", "POST")).toBeGreaterThan(quoted);
      expect(apis.stats.count("upscale-v2", "POST")).toBe(submitted);
      expect(fake.violations).toEqual([]);
    } finally {
      await plugin.dispose();
    }
  });

  it("resumes a paid generation when the plugin is opened again, with one billed submission", async () => {
    const fake = newCanvas();
    const node = await photo(fake, "Photo", 64, 48);
    fake.select([node]);
    const plugin = await openPluginPage(built, fake, browser);
    const submitted = apis.stats.count("upscale-v2", "POST");
    apis.setScenario({ task: { durationMs: 400 }, ideogram: { generationMs: 3000 } });
    try {
      const { page, frame, harness } = plugin;
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      await upscaleButton(frame).click();
      const ledger = () => (fake.storage()["upscale-midjourney-ledger"] ?? []) as Array<{ taskId: string }>;
      await expect.poll(() => ledger().length, { timeout: 20_000 }).toBe(1);
      const generation = ledger()[0]?.taskId;
      await plugin.screenshot("resume-v2-1-before-close");
      const firstRun = harness.session;
      await page.locator("#close-plugin").click();
      await expect.poll(() => harness.run?.isClosed).toBe(true);
      await page.locator("#run-plugin").click();
      await expect.poll(() => harness.session).toBeGreaterThan(firstRun);
      const reopened = await plugin.pluginFrame();
      await reopened.getByText("Resuming 1 paid Ideogram upscale from last time.").waitFor();
      expect(await runEnded(reopened)).toBe("1 done · 1 layer updated");
      // The layer now shows the result: its price (a new image) follows.
      await expect.poll(() => upscaleButton(reopened).textContent()).toBe("Upscale 1 image · about $0.01");
      await plugin.screenshot("resume-v2-2-resumed");
      const [fill] = fake.fillsOf(node) as ImagePaint[];
      expect(await fake.imageDetails(fill?.imageHash ?? "")).toMatchObject({ width: 128, height: 96 });
      expect(apis.stats.count("upscale-v2", "POST") - submitted).toBe(1);
      expect(apis.stats.billed.filter((entry) => entry.generationId === generation)).toHaveLength(1);
    } finally {
      apis.setScenario({ task: { durationMs: 400 } });
      await plugin.dispose();
    }
  });

  it("shows the GPTunnel balance in Settings, negative down to the credit limit", async () => {
    const fake = newCanvas();
    const plugin = await openPluginPage(built, fake, browser);
    apis.setScenario({ task: { durationMs: 400 }, account: { balance: -51.54397, creditLimit: 15000 } });
    try {
      const { frame } = plugin;
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      await frame
        .getByText("Ideogram has no balance API: the Upscale button shows each run's price before you pay.")
        .waitFor();
      await chooseProvider(frame, /^Midjourney/);
      await enterSettings(frame, apis.gptunnelUrl, apis.keys.gptunnel);
      const balance = frame.getByRole("status", { name: "Balance" });
      const words = "GPTunnel balance: -51.54 ₽, credit limit 15000.00 ₽ (14948.46 ₽ left to spend)";
      await balance.getByText(words).waitFor();
      await inBothThemes(plugin, "balance", async (dark) => {
        await dark.getByRole("checkbox", { name: "Settings" }).click();
        await dark.getByRole("status", { name: "Balance" }).getByText(words).waitFor();
      });
      const reads = apis.stats.count("balance", "GET");
      const again = await plugin.pluginFrame();
      await again.getByRole("button", { name: "Refresh balance" }).click();
      await expect.poll(() => apis.stats.count("balance", "GET")).toBe(reads + 1);
    } finally {
      apis.setScenario({ task: { durationMs: 400 } });
      await plugin.dispose();
    }
  });
});

describe("the plugin in Chromium: Compare and Revert", () => {
  it("compares an upscaled layer with what it had: slider by keyboard, sizes, the other views; the canvas untouched", async () => {
    const fake = newCanvas();
    const node = await photo(fake, "Photo", 96, 64);
    fake.select([node]);
    const plugin = await openPluginPage(built, fake, browser);
    try {
      const { frame } = plugin;
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      expect(await runFromButton(frame, /^Upscale/)).toBe("1 done · 1 layer updated");
      await frame.getByText("“Photo” upscaled by this plugin.").waitFor();
      const fills = fake.fillsOf(node);
      const steps = fake.undoSteps;

      const openCompare = async (on: Frame) => {
        await on.getByRole("button", { name: "Compare" }).click();
        await on.getByRole("region", { name: "Compare “Photo”" }).waitFor();
        await on.locator(".cv-root[data-ready='true']").waitFor();
      };
      await openCompare(frame);
      // Each side's pixel and file size, the result 2× the original.
      await frame.getByText(/^Original · 96 × 64 px · [\d.]+ (B|KB)$/).waitFor();
      await frame.getByText(/^Upscaled · 192 × 128 px \(2×\) · [\d.]+ (B|KB)$/).waitFor();
      const slider = frame.getByRole("slider", { name: "Divider between original and upscaled" });
      expect(await slider.getAttribute("aria-valuenow")).toBe("50");
      // The WAI-ARIA slider keys: arrows by one, Page Up by ten, Home and End to the ends.
      const keys = async (...pressed: string[]) => {
        for (const key of pressed) await slider.press(key);
        return slider.getAttribute("aria-valuenow");
      };
      expect(await keys("ArrowLeft", "ArrowLeft")).toBe("48");
      expect(await keys("End")).toBe("100");
      expect(await keys("Home", "ArrowRight")).toBe("1");
      expect(await keys("PageUp", "PageUp", "PageUp", "PageUp", "PageUp", "PageUp")).toBe("61");
      // The other two views, in each theme; back on the slider before the theme changes.
      const otherViews = async (on: Frame, theme: string) => {
        await on.getByRole("tab", { name: "Side by side" }).click();
        await plugin.screenshot(`compare-2-side-by-side-${theme}`);
        await on.getByRole("tab", { name: "Difference" }).click();
        await on.locator(".cv-root[data-difference='ready']").waitFor();
        await on.getByText(/^Difference ×4, brighter is more different: mean /).waitFor();
        await plugin.screenshot(`compare-3-difference-${theme}`);
        await on.getByRole("tab", { name: "Slider" }).click();
      };
      await otherViews(frame, "light");
      await inBothThemes(plugin, "compare-1-slider", openCompare);
      const dark = await plugin.pluginFrame();
      await otherViews(dark, "dark");

      // Closing it gives the plugin back, its window at its own size; nothing on the canvas changed.
      await dark.getByRole("button", { name: "Close compare" }).click();
      await dark.getByRole("button", { name: /^Upscale/ }).waitFor();
      await expect.poll(() => fake.session.ui.size).toEqual({ width: 340, height: 560 });
      expect(fake.fillsOf(node)).toEqual(fills);
      expect(fake.undoSteps).toBe(steps);
      expect(fake.violations).toEqual([]);
    } finally {
      await plugin.dispose();
    }
  });

  it("reverts after other edits and a reopen in one undo step, and refuses a layer whose fills were changed by hand", async () => {
    const fake = newCanvas();
    const original = fake.addImage(await makeTestImage(40, 40));
    const tile = imageFill(original, { scaleMode: "TILE", scalingFactor: 0.5, opacity: 0.8 });
    const pattern = fake.create("RECTANGLE", { name: "Pattern", x: 40, y: 40, width: 200, height: 120, fills: [tile] });
    const other = await photo(fake, "Other", 48, 48, 300);
    const plugin = await openPluginPage(built, fake, browser);
    try {
      const { page, frame, harness } = plugin;
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      await page.locator(`.node[data-id="${pattern.id}"]`).click();
      await page.locator(`.node[data-id="${other.id}"]`).click({ modifiers: ["Shift"] });
      expect(await runFromButton(frame, /^Upscale/)).toBe("2 done · 2 layers updated");

      // The user goes on working: the upscaled paint's opacity changed, "Other"'s image replaced by hand.
      const replacement = fake.addImage(await makeTestImage(20, 20));
      fake.asUser(() => {
        const [upscaled] = fake.fillsOf(pattern) as ImagePaint[];
        (pattern as RectangleNode).fills = [{ ...(upscaled as ImagePaint), opacity: 0.5 }];
        (other as RectangleNode).fills = [imageFill(replacement)];
      });
      const edited = fake.fillsOf(pattern) as ImagePaint[];
      // …and the file is closed and opened again: a new plugin run on the same document.
      const firstRun = harness.session;
      await page.locator("#close-plugin").click();
      await expect.poll(() => harness.run?.isClosed).toBe(true);
      await page.locator("#run-plugin").click();
      await expect.poll(() => harness.session).toBeGreaterThan(firstRun);
      const reopened = await plugin.pluginFrame();

      await page.locator(`.node[data-id="${other.id}"]`).click();
      expect(await runFromButton(reopened, "Revert")).toBe(
        "Nothing reverted — The fills of “Other” were changed by hand since the upscale: nothing was reverted.",
      );
      expect((fake.fillsOf(other) as ImagePaint[]).map((paint) => paint.imageHash)).toEqual([replacement]);
      await inBothThemes(plugin, "revert-1-refused", async (dark) => {
        await dark.getByRole("button", { name: "Revert" }).click();
        await dark
          .getByRole("alert")
          .getByText(/changed by hand since the upscale/)
          .waitFor();
      });

      const steps = fake.undoSteps;
      const now = await plugin.pluginFrame();
      await page.locator(`.node[data-id="${pattern.id}"]`).click();
      expect(await runFromButton(now, "Revert")).toBe("1 layer reverted");
      await plugin.screenshot("revert-2-reverted-dark");
      // The old image is back; the opacity as the user left it; the tile at its old scale.
      expect(fake.fillsOf(pattern)).toEqual([{ ...edited[0], imageHash: original, scalingFactor: 0.5 }]);
      expect(fake.undoSteps).toBe(steps + 1);
      await page.locator("#undo").click();
      await expect.poll(() => fake.fillsOf(pattern)).toEqual(edited);
      expect(fake.violations).toEqual([]);
    } finally {
      await plugin.dispose();
    }
  });

  it("compares a Midjourney upsample with its quadrant of the grid it was placed beside", async () => {
    const fake = newCanvas();
    const plugin = await openPluginPage(built, fake, browser);
    try {
      const { page, frame } = plugin;
      await chooseProvider(frame, /^Midjourney/);
      await enterSettings(frame, apis.gptunnelUrl, apis.keys.gptunnel);
      await frame.getByLabel("Prompt").fill("a lighthouse at dawn, watercolor");
      expect(await runFromButton(frame, "Imagine (charged)")).toBe("1 done · grid placed");
      expect(await runFromButton(frame, "Upsample 3")).toBe("1 done · image placed");
      const upsample = fake.nodes().find((node) => node.getPluginData("midjourney-task-kind") === "upsample");
      if (upsample === undefined) throw new Error("no upsample layer");
      await page.locator(`.node[data-id="${upsample.id}"]`).click();

      const openCompare = async (on: Frame) => {
        await on.getByRole("button", { name: "Compare" }).click();
        await on.locator(".cv-root[data-ready='true']").waitFor();
      };
      await openCompare(frame);
      // The fake's 512 px grid cut to its bottom-left 256 px, against the 512 px upsample of it.
      await frame.getByText(/^Grid image 3 \(cut from the grid\) · 256 × 256 px · /).waitFor();
      await frame.getByText(/^Upsampled · 512 × 512 px \(2×\) · /).waitFor();
      await frame.getByRole("slider", { name: "Divider between grid image 3 and upsampled" }).waitFor();
      await inBothThemes(plugin, "compare-4-midjourney", openCompare);
      // An upsample replaced nothing: Revert is not offered for it.
      const dark = await plugin.pluginFrame();
      await dark.getByRole("button", { name: "Close compare" }).click();
      expect(await dark.getByRole("button", { name: "Revert" }).isDisabled()).toBe(true);
    } finally {
      await plugin.dispose();
    }
  });
});
