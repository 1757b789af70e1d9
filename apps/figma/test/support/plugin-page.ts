import { fileURLToPath } from "node:url";
import { type FigmaFake, type Harness, type HarnessPage, openHarnessPage, startHarness } from "@upscale/figma-harness";
import type { Browser, Frame } from "playwright-core";
import type { BuiltPlugin } from "./built-plugin.js";

export const SCREENSHOT_DIR = fileURLToPath(new URL("../screenshots/", import.meta.url));

export interface PluginPage extends HarnessPage {
  harness: Harness;
  /** Everything on the harness page and in the plugin frame, closed in order. */
  dispose(): Promise<void>;
}

/** The built plugin on the harness page in Chromium, on `fake`'s canvas, with its manifest's network access. */
export async function openPluginPage(
  built: BuiltPlugin,
  fake: FigmaFake,
  browser: Browser,
  theme: "light" | "dark" = "light",
): Promise<PluginPage> {
  const harness = await startHarness({
    mainCode: built.code,
    uiHtml: built.html,
    figma: fake,
    theme,
    run: { allowedDomains: built.allowedDomains, console: "silent" },
  });
  const page = await openHarnessPage(harness, { browser, screenshotDir: SCREENSHOT_DIR });
  return {
    ...page,
    harness,
    async dispose() {
      await page.close();
      await harness.close();
    },
  };
}

/** Opens Settings in the plugin and enters the base URL and key, as a user would. */
export async function enterSettings(frame: Frame, baseUrl: string, key: string): Promise<void> {
  const keyField = frame.getByLabel("API key");
  if (!(await keyField.isVisible())) await frame.getByRole("checkbox", { name: "Settings" }).click();
  const url = frame.getByLabel("Base URL");
  await url.fill(baseUrl);
  await url.press("Tab");
  await frame.getByText(baseUrl).or(url).first().waitFor();
  await keyField.fill(key);
  await frame.getByRole("button", { name: "Save key" }).click();
  await frame.getByText(/API key saved/).waitFor();
}

/** Picks a provider from the combobox named "Provider", by its option's name. */
export async function chooseProvider(frame: Frame, text: RegExp): Promise<void> {
  const option = frame.getByRole("option", { name: text });
  await frame.getByRole("combobox", { name: "Provider" }).selectOption({ label: (await option.textContent()) ?? "" });
}

/** The batch line: role status, named "Batch status", with the run's id and state as data attributes. */
const batchLine = (frame: Frame) => frame.getByRole("status", { name: "Batch status" });

/** Clicks `name` and waits until the run it starts has ended; returns the batch line's text. */
export async function runFromButton(frame: Frame, name: string | RegExp, timeoutMs = 30_000): Promise<string> {
  // Read at once, without waiting: a locator read with a timeout could give up under load and see no run yet.
  const previous = await frame.evaluate(() =>
    Number(document.querySelector('[aria-label="Batch status"]')?.getAttribute("data-run") ?? 0),
  );
  await frame.getByRole("button", { name }).click();
  return runEnded(frame, previous, timeoutMs);
}

/**
 * Waits for a run newer than `previous` to end (one resumed at opening, for instance); returns the batch line,
 * then " — " and the error shown, if there is one.
 */
export async function runEnded(frame: Frame, previous = 0, timeoutMs = 30_000): Promise<string> {
  await frame.waitForFunction(
    (after) => {
      const line = document.querySelector('[aria-label="Batch status"]');
      return (
        line !== null && Number(line.getAttribute("data-run")) > after && line.getAttribute("data-running") === "false"
      );
    },
    previous,
    { timeout: timeoutMs },
  );
  const summary = (await batchLine(frame).textContent()) ?? "";
  // The error, if any, comes with the summary, so a failing expectation shows why the run failed.
  const alert = frame.getByRole("alert");
  return (await alert.count()) > 0 ? `${summary} — ${await alert.textContent()}` : summary;
}
