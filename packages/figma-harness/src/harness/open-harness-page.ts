import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Frame, type Page } from "playwright-core";
import type { Harness } from "./harness-server.js";

/** Debian's Chromium; playwright's own browser downloads do not work on these machines. */
export const CHROMIUM_PATH = process.env.FIGMA_HARNESS_CHROMIUM ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}

export interface BrowserLog {
  /** console.* level, or "pageerror" for an uncaught error. */
  type: string;
  text: string;
  /** "plugin" for the UI iframe (its srcdoc document), "host" for the harness page. */
  source: "plugin" | "host";
}

export interface HarnessPage {
  /** What the page and the plugin UI printed, and their uncaught errors, for failing-test diagnosis. */
  readonly logs: readonly BrowserLog[];
  readonly browser: Browser;
  readonly page: Page;
  /** The plugin UI's frame as it was when the page opened. */
  readonly frame: Frame;
  /** The plugin UI's frame for the harness' current run (a restart or theme switch makes a new iframe). */
  pluginFrame(): Promise<Frame>;
  /** Saves a PNG of the whole page under `screenshotDir` and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Closes the page, and the browser if this helper launched it. */
  close(): Promise<void>;
}

export interface OpenHarnessPageOptions {
  /** Reuse one browser for a whole test file (launchChromium()); otherwise one is launched for this page. */
  browser?: Browser;
  viewport?: { width: number; height: number };
  /** Default: `screenshots/` under the current directory. */
  screenshotDir?: string;
}

/** Opens the harness page in Chromium and waits until the plugin UI iframe has loaded. */
export async function openHarnessPage(harness: Harness, options: OpenHarnessPageOptions = {}): Promise<HarnessPage> {
  const ownBrowser = options.browser === undefined;
  const browser = options.browser ?? (await launchChromium());
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const screenshotDir = resolve(options.screenshotDir ?? "screenshots");
  const logs: BrowserLog[] = [];
  // The plugin UI is the only srcdoc document on the page.
  page.on("console", (message) =>
    logs.push({
      type: message.type(),
      text: message.text(),
      source: message.location().url === "about:srcdoc" ? "plugin" : "host",
    }),
  );
  page.on("pageerror", (error) =>
    logs.push({
      type: "pageerror",
      text: error.stack ?? error.message,
      source: error.stack?.includes("about:srcdoc") ? "plugin" : "host",
    }),
  );
  const pluginFrame = async () => {
    const element = await page.waitForSelector(`iframe#plugin-ui[data-session="${harness.session}"]`, {
      state: "attached",
    });
    const frame = await element.contentFrame();
    if (!frame) throw new Error("figma-harness: the plugin iframe has no frame");
    await frame.waitForLoadState("load");
    return frame;
  };
  try {
    await page.goto(harness.url);
    const frame = await pluginFrame();
    return {
      logs,
      browser,
      page,
      frame,
      pluginFrame,
      async screenshot(name) {
        await mkdir(screenshotDir, { recursive: true });
        const path = join(screenshotDir, `${name.replace(/[^\w.-]+/g, "-")}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      async close() {
        await page.close();
        if (ownBrowser) await browser.close();
      },
    };
  } catch (error) {
    await page.close();
    if (ownBrowser) await browser.close();
    throw error;
  }
}
