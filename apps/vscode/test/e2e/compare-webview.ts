import type { FrameLocator, Page } from "playwright-core";

/** The visible compare webview's document: VS Code nests a webview's page in two iframes. */
export function compareWebview(page: Page): FrameLocator {
  return page
    .frameLocator('iframe.webview.ready[src*="extensionId=upscale-toolkit.upscale-vscode"]:visible')
    .frameLocator("iframe#active-frame");
}
