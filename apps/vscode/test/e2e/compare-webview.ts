import type { FrameLocator, Page } from "playwright-core";
import { pollUntil } from "./poll.js";
import type { Workbench } from "./workbench.js";

/** The visible compare webview's document: VS Code nests a webview's page in two iframes. */
export function compareWebview(page: Page): FrameLocator {
  return page
    .frameLocator('iframe.webview.ready[src*="extensionId=upscale-toolkit.upscale-vscode"]:visible')
    .frameLocator("iframe#active-frame");
}

/**
 * Waits until the compare view shows its images (decoded and laid out) and `check` holds. code-server serves
 * every webview from one origin, and now and then a new one waits forever for its service worker ("Found
 * unexpected service worker controller … Waiting for controllerchange" in the console) and stays blank — the
 * image preview too (see Workbench.previewShows). Then the webviews are reloaded (up to three times), as a user would. Resolves to
 * whether that was needed.
 */
export async function compareShown(
  wb: Workbench,
  what: string,
  check: (view: FrameLocator) => Promise<boolean> = async () => true,
  timeoutMs = 20_000,
): Promise<{ reloaded: boolean }> {
  const view = compareWebview(wb.page);
  const shown = async () => (await view.locator('.cv-root[data-ready="true"]').count()) === 1 && (await check(view));
  const within = (ms: number) =>
    pollUntil(what, ms, shown, 50).then(
      () => true,
      () => false,
    );
  if (await within(timeoutMs)) return { reloaded: false };
  // A reloaded webview can come up blank the same way: reload again, a few times, as a user would.
  for (let reload = 1; reload < 3; reload++) {
    await wb.runCommand("Developer: Reload Webviews");
    if (await within(timeoutMs)) return { reloaded: true };
  }
  await wb.runCommand("Developer: Reload Webviews");
  await pollUntil(what, timeoutMs, shown);
  return { reloaded: true };
}
