/**
 * Drives the real VS Code workbench in Chromium the way a user does: command palette, explorer context menu,
 * quick inputs, notifications and dialogs. Selectors and timing traps are the ones the notes record
 * (shared/notes/platforms-and-tooling.md); every wait polls with a timeout.
 */
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { APP_ROOT } from "../app-root.js";
import { pollUntil } from "./poll.js";

export const SCREENSHOTS = join(APP_ROOT, "test/screenshots");

/** A host name the browser resolves to this machine and the extension host cannot resolve at all. */
export const BROWSER_ONLY_HOST = "images.ideogram.test";

export class Workbench {
  readonly page: Page;
  readonly #browser: Browser;
  readonly #screenshots: string;
  #shot = 0;

  private constructor(browser: Browser, page: Page, screenshots: string) {
    this.#browser = browser;
    this.page = page;
    this.#screenshots = screenshots;
  }

  /** `screenshots`: a suite's own folder (another suite's run, at the same time, leaves it alone). */
  static async open(url: string, workspace: string, screenshots = SCREENSHOTS): Promise<Workbench> {
    // Only this run's screenshots: an earlier run's, left beside them, would be looked at by mistake.
    await mkdir(screenshots, { recursive: true });
    for (const entry of await readdir(screenshots, { withFileTypes: true })) {
      if (entry.isFile()) await rm(join(screenshots, entry.name), { force: true });
    }
    const browser = await chromium.launch({
      executablePath: process.env.UPSCALE_E2E_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        `--host-resolver-rules=MAP ${BROWSER_ONLY_HOST} 127.0.0.1`,
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: 60_000 });
    return new Workbench(browser, page, screenshots);
  }

  /**
   * "Developer: Reload Window": a new workbench and extension host, nothing kept in memory. Waits until the
   * image preview works again (its web-worker extension host starts late) by opening `image` once.
   */
  async reloadWindow(image: string): Promise<void> {
    const loaded = this.page.waitForEvent("load", { timeout: 60_000 });
    await this.runCommand("Developer: Reload Window");
    await loaded;
    await this.page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    await this.page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: 60_000 });
    await this.openImage(image);
    await this.reset();
  }

  async close(): Promise<void> {
    await this.#browser.close();
  }

  /** Saves `NN-name.png` in the suite's screenshot folder (test/screenshots/); look at them. */
  async screenshot(name: string): Promise<string> {
    const file = await this.screenshotPath(name);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** The path for the next numbered screenshot, for a page of its own (a tab the workbench opened). */
  async screenshotPath(name: string): Promise<string> {
    this.#shot += 1;
    return join(this.#screenshots, `${String(this.#shot).padStart(2, "0")}-${name}.png`);
  }

  /** What the page's clipboard holds (needs the clipboard permissions granted to its origin). */
  async readClipboard(): Promise<string> {
    return this.page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
  }

  /** Runs a command by its palette title, e.g. "Upscale: Upscale Image". */
  async runCommand(title: string): Promise<void> {
    await pollUntil(`the palette entry "${title}"`, 20_000, async () => {
      const input = await this.openQuickAccess();
      // A late-loading image preview can take focus and close the palette: then open it again, not wait 30 s.
      const filled = await input.fill(`>${title}`, { timeout: 3000 }).then(
        () => true,
        () => false,
      );
      if (!filled) return false;
      const row = this.page
        .locator(".quick-input-list .monaco-list-row")
        .filter({ has: this.page.locator(".label-name", { hasText: exactly(title) }) })
        .first();
      if (!(await appears(row, 3000))) return false;
      // The row can vanish under the click the same way: try the palette again.
      return row.click({ timeout: 5000 }).then(
        () => true,
        () => false,
      );
    });
  }

  /**
   * The quick access box. Keyboard shortcuts do not reach the workbench while an image preview (a webview) has
   * focus, so the command centre in the title bar is clicked when Ctrl+Shift+P shows nothing.
   */
  async openQuickAccess(): Promise<Locator> {
    await this.closeQuickInput();
    const input = this.page.locator(".quick-input-widget .quick-input-box input");
    await this.page.keyboard.press("Control+Shift+P");
    try {
      await input.waitFor({ timeout: 1500 });
    } catch {
      await this.page.locator(".command-center .action-item").first().click();
      await input.waitFor({ timeout: 5000 });
    }
    return input;
  }

  /** Back to a plain workbench between tests: no dialog, no quick input, no editor, no notification. */
  async reset(): Promise<void> {
    const dialog = this.page.locator(".monaco-dialog-box");
    if (await dialog.isVisible()) await this.page.keyboard.press("Escape");
    await this.closeQuickInput();
    await this.runCommand("View: Close All Editor Groups");
    await this.clearNotifications();
  }

  async closeQuickInput(): Promise<void> {
    if (await this.page.locator(".quick-input-widget").isVisible()) await this.page.keyboard.press("Escape");
  }

  /** Waits for a quick input whose title contains `title`, and returns it. */
  async quickInput(title: string | RegExp): Promise<Locator> {
    const widget = this.page.locator(".quick-input-widget");
    await pollUntil(`a quick input titled ${title}`, 20_000, async () => {
      if (!(await widget.isVisible())) return false;
      const text = (await widget.locator(".quick-input-title").textContent()) ?? "";
      return typeof title === "string" ? text.includes(title) : title.test(text);
    });
    return widget;
  }

  /** Types into the input box titled `title` and presses Enter. */
  async answerInputBox(title: string | RegExp, value: string): Promise<void> {
    const widget = await this.quickInput(title);
    const asked = await widget.locator(".quick-input-title").textContent();
    await widget.locator(".quick-input-box input").fill(value);
    await widget.locator(".quick-input-box input").press("Enter");
    // The same widget may at once ask the next question: done when it is hidden or shows another title.
    await pollUntil(
      "the input box to take the answer",
      10_000,
      async () => !(await widget.isVisible()) || (await widget.locator(".quick-input-title").textContent()) !== asked,
    );
  }

  /** Picks the item whose label is `label` in the quick pick titled `title`. */
  async pick(title: string | RegExp, label: string | RegExp): Promise<void> {
    const widget = await this.quickInput(title);
    const row = widget
      .locator(".quick-input-list .monaco-list-row")
      .filter({
        has: this.page.locator(".label-name", { hasText: typeof label === "string" ? exactly(label) : label }),
      })
      .first();
    await row.waitFor({ timeout: 10_000 });
    await row.click();
  }

  /** Quick pick rows (label and description) of the open quick input. */
  async quickPickRows(title: string | RegExp): Promise<string[]> {
    const widget = await this.quickInput(title);
    await widget.locator(".quick-input-list .monaco-list-row").first().waitFor({ timeout: 10_000 });
    return widget.locator(".quick-input-list .monaco-list-row").allInnerTexts();
  }

  explorerRow(name: string): Locator {
    return this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
  }

  async waitForExplorerRow(name: string): Promise<void> {
    await this.explorerRow(name).waitFor({ timeout: 20_000 });
  }

  /**
   * Selects `names` in the explorer (Ctrl+click for the rest) and runs `item` from the context menu. Resolves
   * to the `performance.now()` of the click that ran it.
   */
  async explorerContextMenu(names: string[], item: string): Promise<number> {
    const [first, ...rest] = names;
    if (first === undefined) throw new Error("no file to right-click");
    const selected = this.page.locator(".explorer-folders-view .monaco-list-row.selected");
    const select = async () => {
      // Clicks in quick succession are not all taken as selection changes: click, then check, one at a time.
      await pollUntil(`${first} selected alone`, 10_000, async () => {
        await this.explorerRow(first).click();
        return (await selected.allTextContents()).join("|") === first;
      });
      for (const [i, name] of rest.entries()) {
        await pollUntil(`${name} added to the selection`, 10_000, async () => {
          if ((await selected.count()) < i + 2) await this.explorerRow(name).click({ modifiers: ["Control"] });
          return (await selected.count()) === i + 2;
        });
      }
    };
    await select();
    let clickedAt = 0;
    const last = names.at(-1) ?? first;
    // Right after load the extension's items can be missing, and a click as the menu fades in is swallowed:
    // hover, let it settle, click, check the menu closed, retry.
    await pollUntil(`the context menu item "${item}"`, 30_000, async () => {
      // Escape only closes a menu left open: in the explorer it would also clear the selection.
      if (await this.page.locator(".context-view .monaco-menu").isVisible()) await this.page.keyboard.press("Escape");
      // An Escape that reached the explorer (the menu had closed by itself) clears the selection: select again.
      if ((await selected.count()) !== names.length) await select();
      await this.explorerRow(last).click({ button: "right" });
      const entry = this.page
        .locator(".context-view .monaco-menu a.action-menu-item")
        .filter({ has: this.page.locator(".action-label", { hasText: exactly(item) }) })
        .first();
      if (!(await appears(entry, 3000))) return false;
      await entry.hover();
      await this.page.waitForTimeout(150);
      clickedAt = performance.now();
      await entry.click();
      return pollUntil(
        "the context menu to close",
        2000,
        async () => !(await this.page.locator(".context-view .monaco-menu").isVisible()),
      ).then(
        () => true,
        () => false,
      );
    });
    return clickedAt;
  }

  /** Opens a file through Quick Open, retrying until an image shows in the preview (its size in the status bar). */
  async openImage(name: string): Promise<void> {
    await pollUntil(`the image preview of ${name}`, 45_000, async () => {
      const input = await this.openQuickAccess();
      await input.fill(name);
      const row = this.page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first();
      await row.waitFor({ timeout: 5000 });
      // Enter right as the results arrive can be lost; a click on the row is not.
      await row.click();
      // The preview runs in a web-worker extension host that starts late: until then VS Code shows its
      // "binary file" placeholder instead.
      const ok = await pollUntil(
        "the preview's size in the status bar",
        5000,
        async () => (await this.page.locator(".statusbar-item", { hasText: /^\s*\d+x\d+\s*$/ }).count()) > 0,
      ).then(
        () => true,
        () => false,
      );
      if (!ok) await this.page.keyboard.press("Control+W");
      return ok;
    });
  }

  /**
   * Waits until the active image preview of `name` shows a `WxH` image (its size in the status bar). Now and
   * then VS Code's preview webview stays blank, the status bar showing the file size but no dimensions: seen
   * about once in three runs of the Replace step (a result renamed over a file VS Code watches, then opened at
   * once), and once in ~15 runs elsewhere. Reloading the webviews, as a user would, usually makes it render;
   * when even that leaves it blank, the tab is closed and the file opened again, as a user would too. The
   * caller has already seen the extension open the tab; this checks what it shows.
   */
  async previewShows(name: string, width: number, height: number): Promise<void> {
    const size = this.page.locator(".statusbar-item", { hasText: exactly(`${width}x${height}`) });
    const shown = async () => (await size.count()) > 0;
    const what = `the preview of ${name}, ${width}x${height}`;
    const within = (ms: number) =>
      pollUntil(what, ms, shown).then(
        () => true,
        () => false,
      );
    if (await within(10_000)) return;
    await this.runCommand("Developer: Reload Webviews");
    if (await within(10_000)) return;
    await this.runCommand("View: Close Editor");
    await this.openImage(name);
    await pollUntil(what, 20_000, shown);
  }

  /** A visible notification toast whose message matches, or the one in the notification centre. */
  async notification(message: RegExp, timeoutMs = 30_000): Promise<Locator> {
    const toast = this.page.locator(".notifications-toasts .notification-list-item").filter({
      has: this.page.locator(".notification-list-item-message", { hasText: message }),
    });
    return pollUntil(`a notification matching ${message}`, timeoutMs, async () =>
      (await toast.count()) > 0 ? toast.first() : undefined,
    );
  }

  /** Waits until no toast matches `message` (e.g. a finished progress, which VS Code keeps a moment longer). */
  async notificationGone(message: RegExp): Promise<void> {
    const toast = this.page.locator(".notifications-toasts .notification-list-item-message", { hasText: message });
    await pollUntil(`no notification matching ${message}`, 20_000, async () => (await toast.count()) === 0);
  }

  /** Waits until a toast has finished fading in, so a screenshot shows it as the user reads it. */
  async settled(notification: Locator): Promise<void> {
    await pollUntil("the notification to finish fading in", 10_000, async () =>
      notification.evaluate((element) => {
        const toast = element.closest(".notification-toast") ?? element;
        // Runs in the page; this package's types have no DOM lib (the extension host has no DOM).
        const view = toast.ownerDocument.defaultView as unknown as {
          getComputedStyle(e: unknown): { opacity: string };
        };
        return view.getComputedStyle(toast).opacity === "1";
      }),
    );
  }

  /**
   * Opens a toast's whole message (a long one shows its first line only), for a screenshot that reads it all. A
   * toast with buttons (the done message's Compare) is shown whole already and has nothing to expand.
   */
  async expandNotification(notification: Locator): Promise<void> {
    await notification.hover();
    const expand = notification.getByRole("button", { name: "Expand Notification" });
    if (!(await appears(expand, 2000))) return;
    await expand.click();
    await pollUntil("the notification to expand", 10_000, () =>
      notification.getByRole("button", { name: "Collapse Notification" }).count(),
    );
  }

  /** The labels of a notification's buttons, in order. */
  async notificationButtons(notification: Locator): Promise<string[]> {
    const labels = await notification
      .locator(".notification-list-item-buttons-container .monaco-button")
      .allInnerTexts();
    return labels.map((label) => label.trim());
  }

  async clickNotificationButton(notification: Locator, label: string): Promise<void> {
    await notification.hover();
    await notification
      .locator(".monaco-button", { hasText: exactly(label) })
      .first()
      .click();
  }

  /** Closes every notification toast so the next one is the only one. */
  async clearNotifications(): Promise<void> {
    await this.runCommand("Notifications: Clear All Notifications");
  }

  /** The modal dialog's message, and a function to press one of its buttons. */
  async dialog(message: RegExp): Promise<{ text: string; press(label: string): Promise<void> }> {
    const box = this.page.locator(".monaco-dialog-box");
    await pollUntil(
      `a dialog matching ${message}`,
      20_000,
      async () => (await box.isVisible()) && message.test((await box.textContent()) ?? ""),
    );
    return {
      text: (await box.textContent()) ?? "",
      press: async (label) => {
        await box
          .locator(".monaco-button", { hasText: exactly(label) })
          .first()
          .click();
        await pollUntil("the dialog to close", 10_000, async () => !(await box.isVisible()));
      },
    };
  }
}

/** Whether `locator` becomes visible within `timeoutMs` (a miss is an answer, not a failure). */
async function appears(locator: Locator, timeoutMs: number): Promise<boolean> {
  return locator.waitFor({ timeout: timeoutMs }).then(
    () => true,
    () => false,
  );
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}
