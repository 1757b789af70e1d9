/**
 * The view's DOM in real Chromium, as users reach it: roles and names (getByRole/getByLabel), the mouse and the
 * keyboard. Images are drawn in the page (exact colours), the page's CSP is as strict as a VS Code webview's.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type * as Package from "../src/index.js";
import { launchBrowser, openTestPage, type TestPage } from "./browser-page.js";

declare global {
  interface Window {
    CompareViewPackage: typeof Package;
    view: Package.CompareView;
    states: Package.CompareState[];
  }
}

interface MountOptions {
  /** Result size; the original is half of it each way. */
  width?: number;
  height?: number;
  state?: Partial<Package.CompareState>;
  maxDifferencePixels?: number;
  /** Replace the original with bytes no browser can decode. */
  brokenOriginal?: boolean;
  /** Give no pixel sizes: the view reads them from the decoded images. */
  noPixelSizes?: boolean;
}

let browser: Browser;
let tp: TestPage;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  tp = await openTestPage(browser);
  page = tp.page;
});
afterEach(async () => {
  expect(await tp.violations(), "no Content-Security-Policy violations").toEqual([]);
  await page.close();
});

/**
 * Mounts a view on a pair drawn in the page: the original left half red, right half blue; the result exactly
 * that enlarged 2× by nearest neighbour, except a green square at (10, 10)–(20, 20), 100 result pixels.
 */
async function mount(options: MountOptions = {}): Promise<void> {
  await page.evaluate(async ({ width = 80, height = 60, state, maxDifferencePixels, brokenOriginal, noPixelSizes }) => {
    const draw = async (w: number, h: number, square: boolean) => {
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
      context.fillStyle = "#ff0000";
      context.fillRect(0, 0, w / 2, h);
      context.fillStyle = "#0000ff";
      context.fillRect(w / 2, 0, w / 2, h);
      if (square) {
        context.fillStyle = "#00ff00";
        context.fillRect(10, 10, 10, 10);
      }
      return canvas.convertToBlob({ type: "image/png" });
    };
    const original = brokenOriginal
      ? new Blob([new Uint8Array([1, 2, 3, 4])], { type: "image/png" })
      : await draw(width / 2, height / 2, false);
    const result = await draw(width, height, true);
    window.states = [];
    window.view = window.CompareViewPackage.createCompareView(document.getElementById("host") as HTMLElement, {
      original: noPixelSizes
        ? { src: original, fileSize: 1260, name: "photo.png" }
        : { src: original, width: width / 2, height: height / 2, fileSize: 1260, name: "photo.png" },
      result: noPixelSizes
        ? { src: URL.createObjectURL(result), fileSize: 4_781_506, name: "photo@2x.png" }
        : { src: result, width, height, fileSize: 4_781_506, name: "photo@2x.png" },
      state,
      maxDifferencePixels,
      onStateChange: (s) => window.states.push(s),
    });
    await window.view.ready.catch(() => undefined);
  }, options);
}

const slider = () => page.getByRole("slider", { name: "Divider between original and result" });
const tab = (name: string) => page.getByRole("tab", { name, exact: true });
const zoomLevel = () => page.getByLabel("Zoom level").textContent();
const layerTransforms = () =>
  page.evaluate(() => [...document.querySelectorAll<HTMLElement>(".cv-layer")].map((layer) => layer.style.transform));
const differenceReady = () => page.locator('.cv-root[data-difference="ready"]').waitFor({ timeout: 30_000 });

async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error("not visible");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe("sizes", () => {
  test("each side shows its name, pixel size and file size; the result its factor", async () => {
    await mount();
    await expect
      .poll(() => page.locator(".cv-caption").allTextContents())
      .toEqual(["Original photo.png · 40 × 30 px · 1.23 KB", "Result photo@2x.png · 80 × 60 px (2×) · 4.56 MB"]);
    await expect.poll(() => page.getByRole("img", { name: "Original: photo.png" }).first().isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("img", { name: "Result: photo@2x.png" }).first().isVisible()).toBe(true);
  });

  test("given a URL and no pixel sizes, the view shows the decoded images' own", async () => {
    await mount({ noPixelSizes: true });
    await expect
      .poll(() => page.locator(".cv-caption").allTextContents())
      .toEqual(["Original photo.png · 40 × 30 px · 1.23 KB", "Result photo@2x.png · 80 × 60 px (2×) · 4.56 MB"]);
  });
});

describe("the slider", () => {
  test("an accessible slider at 50 that arrow keys, Page Up/Down, Home and End move", async () => {
    await mount();
    const divider = slider();
    expect(await divider.getAttribute("aria-valuenow")).toBe("50");
    expect(await divider.getAttribute("aria-valuemin")).toBe("0");
    expect(await divider.getAttribute("aria-valuemax")).toBe("100");
    await divider.focus();
    const valueAfter = async (key: string) => {
      await page.keyboard.press(key);
      return Number(await divider.getAttribute("aria-valuenow"));
    };
    expect(await valueAfter("ArrowRight")).toBe(51);
    expect(await valueAfter("ArrowLeft")).toBe(50);
    expect(await valueAfter("Shift+ArrowLeft")).toBe(40);
    expect(await valueAfter("PageUp")).toBe(50);
    expect(await valueAfter("PageDown")).toBe(40);
    expect(await valueAfter("Home")).toBe(0);
    expect(await valueAfter("End")).toBe(100);
    expect(await page.evaluate(() => window.states.at(-1))).toMatchObject({ slider: 100 });
  });

  test("dragging the divider moves it under the pointer and clips the original there", async () => {
    await mount();
    const pane = page.locator(".cv-pane-main");
    const box = await pane.boundingBox();
    if (box === null) throw new Error("no pane");
    const from = await centreOf(slider());
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.25, from.y, { steps: 5 });
    await page.mouse.up();
    const value = Number(await slider().getAttribute("aria-valuenow"));
    expect(value).toBeGreaterThan(24);
    expect(value).toBeLessThan(26);
    const clip = await page.evaluate(() => (document.querySelector(".cv-clip") as HTMLElement).style.clipPath);
    expect(clip).toBe(`inset(0px ${100 - value}% 0px 0px)`);
    // The drag moved the divider, not the images.
    expect(new Set(await layerTransforms()).size).toBe(1);
    expect(await page.evaluate(() => window.states.at(-1)?.slider)).toBe(value);
  });
});

describe("views", () => {
  test("tabs named Slider, Side by side and Difference switch the view, by click and by arrow keys", async () => {
    await mount();
    expect(await page.getByRole("tab").allTextContents()).toEqual(["Slider", "Side by side", "Difference"]);
    expect(await tab("Slider").getAttribute("aria-selected")).toBe("true");
    await tab("Side by side").click();
    expect(await tab("Side by side").getAttribute("aria-selected")).toBe("true");
    expect(await slider().isVisible()).toBe(false);
    // One pane per image, side by side, the original on the left.
    const original = await page.locator(".cv-pane-side img.cv-original").boundingBox();
    const result = await page.locator(".cv-pane-side img.cv-result").boundingBox();
    expect(original && result && original.x < result.x).toBe(true);
    await page.keyboard.press("ArrowRight");
    expect(await tab("Difference").getAttribute("aria-selected")).toBe("true");
    await expect
      .poll(() => page.getByRole("img", { name: "Difference of Original and Result" }).isVisible())
      .toBe(true);
    await page.keyboard.press("Home");
    expect(await tab("Slider").getAttribute("aria-selected")).toBe("true");
    expect(await slider().isVisible()).toBe(true);
    expect(await page.evaluate(() => window.states.map((s) => s.view))).toEqual([
      "side-by-side",
      "difference",
      "slider",
    ]);
  });

  test("a saved state is shown as it was left", async () => {
    await mount({ state: { view: "side-by-side", slider: 30, pixelated: true } });
    expect(await tab("Side by side").getAttribute("aria-selected")).toBe("true");
    const hidden = page.getByRole("slider", { name: "Divider between original and result", includeHidden: true });
    expect(await hidden.getAttribute("aria-valuenow")).toBe("30");
    expect(await page.getByLabel("Pixelated original").isChecked()).toBe(true);
  });
});

describe("the difference", () => {
  test("is computed only when its view is chosen, exactly for a nearest-neighbour original", async () => {
    await mount();
    expect(await page.locator(".cv-root").getAttribute("data-difference")).toBeNull();
    await page.getByLabel("Pixelated original").check();
    await tab("Difference").click();
    await differenceReady();
    // 100 of 4800 result pixels differ: the green square, red against green.
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/2\.1 % of pixels changed/);
    const pixel = (x: number, y: number) =>
      page.evaluate(
        ([px, py]) => {
          const canvas = document.querySelector(".cv-diff canvas") as HTMLCanvasElement;
          return [...(canvas.getContext("2d")?.getImageData(px as number, py as number, 1, 1).data ?? [])];
        },
        [x, y],
      );
    expect(await pixel(15, 15)).toEqual([255, 255, 0, 255]);
    expect(await pixel(60, 40)).toEqual([0, 0, 0, 255]);
    expect(await pixel(39, 40)).toEqual([0, 0, 0, 255]);
  });

  test("drawn smoothly, the original differs along the red–blue edge too: the toggle recomputes", async () => {
    await mount({ state: { view: "difference" } });
    await differenceReady();
    const smooth = (await page.getByRole("status").textContent()) ?? "";
    const changed = (text: string) => Number(/([\d.]+) % of pixels changed/.exec(text)?.[1]);
    expect(changed(smooth)).toBeGreaterThan(2.1);
    await page.getByLabel("Pixelated original").check();
    await expect.poll(async () => changed((await page.getByRole("status").textContent()) ?? "")).toBe(2.1);
  });

  test("a large pair is computed at a reduced size, a strip at a time", async () => {
    const seen = new Set<string>();
    await mount({ width: 2000, height: 2000, maxDifferencePixels: 1_000_000 });
    await page.exposeFunction("seen", (text: string) => seen.add(text));
    await page.evaluate(() => {
      const status = document.querySelector(".cv-status") as HTMLElement;
      const report = (window as unknown as { seen(text: string): void }).seen;
      new MutationObserver(() => report(status.textContent ?? "")).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await tab("Difference").click();
    await differenceReady();
    expect(await page.getByRole("status").textContent()).toMatch(/Computed at 1000 × 1000 px\.$/);
    const canvas = await page.evaluate(() => {
      const c = document.querySelector(".cv-diff canvas") as HTMLCanvasElement;
      return [c.width, c.height];
    });
    expect(canvas).toEqual([1000, 1000]);
    // It yielded between strips: the page saw progress in between.
    const steps = [...seen].filter((text) => /Computing the difference… \d+ %/.test(text));
    expect(steps.length).toBeGreaterThan(1);
  });
});

describe("zoom and pan", () => {
  test("+, − and 0 zoom around the centre and fit again; both panes keep one transform", async () => {
    await mount({ state: { view: "side-by-side" } });
    const fitted = await zoomLevel();
    await page.getByRole("tabpanel").focus();
    await page.keyboard.press("+");
    const zoomed = await zoomLevel();
    expect(Number.parseFloat(zoomed ?? "")).toBeCloseTo(Number.parseFloat(fitted ?? "") * 1.25, -1);
    await page.getByRole("button", { name: "Zoom in" }).click();
    const transforms = await layerTransforms();
    const sideBySide = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>(".cv-pane-side .cv-layer")].map((l) => l.style.transform),
    );
    expect(sideBySide[0]).toBe(sideBySide[1]);
    expect(new Set(transforms).size).toBe(1);
    await page.keyboard.press("0");
    expect(await zoomLevel()).toBe(fitted);
    await page.getByRole("button", { name: "Actual size" }).click();
    expect(await zoomLevel()).toBe("100 %");
  });

  test("the wheel zooms, a drag pans, arrow keys pan: in step across panes", async () => {
    await mount({ state: { view: "side-by-side" } });
    const right = page.locator(".cv-pane-side").nth(1);
    const at = await centreOf(right);
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => Number.parseFloat((await zoomLevel()) ?? "")).toBeGreaterThan(700);
    const before = (await layerTransforms())[0];
    await page.mouse.down();
    await page.mouse.move(at.x + 60, at.y + 40, { steps: 4 });
    await page.mouse.up();
    const dragged = await layerTransforms();
    expect(dragged[0]).not.toBe(before);
    expect(new Set(dragged).size).toBe(1);
    await page.keyboard.press("ArrowLeft");
    const panned = await layerTransforms();
    expect(panned[0]).not.toBe(dragged[0]);
    expect(new Set(panned).size).toBe(1);
  });
});

describe("theme", () => {
  test("VS Code's theme variables colour it; a host's --cv-* variables win over them", async () => {
    await page.evaluate(() => {
      document.body.style.setProperty("--vscode-editor-background", "rgb(1, 2, 3)");
      document.body.style.setProperty("--vscode-foreground", "rgb(250, 250, 250)");
    });
    await mount();
    const colours = () =>
      page.evaluate(() => {
        const style = getComputedStyle(document.querySelector(".cv-root") as HTMLElement);
        return [style.backgroundColor, style.color];
      });
    expect(await colours()).toEqual(["rgb(1, 2, 3)", "rgb(250, 250, 250)"]);
    await page.evaluate(() => document.body.style.setProperty("--cv-background", "rgb(9, 8, 7)"));
    expect((await colours())[0]).toBe("rgb(9, 8, 7)");
  });
});

test("an original the browser cannot decode: ready rejects and the view says so", async () => {
  await mount({ brokenOriginal: true });
  expect(await page.locator(".cv-root").getAttribute("data-ready")).toBe("failed");
  expect(await page.getByRole("status").textContent()).toMatch(/original could not be shown/);
});

test("dispose removes the view and frees its blob URLs", async () => {
  await mount();
  const urls = await page.evaluate(() => [...document.querySelectorAll("img")].map((img) => img.src));
  await page.evaluate(() => window.view.dispose());
  expect(await page.locator(".cv-root").count()).toBe(0);
  const loads = await page.evaluate((src) => {
    const img = new Image();
    img.src = src;
    return img.decode().then(
      () => "loaded",
      () => "revoked",
    );
  }, urls[0] as string);
  expect(loads).toBe("revoked");
});
