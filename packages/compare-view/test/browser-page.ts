/**
 * The compare view in real Chromium (playwright-core, /usr/bin/chromium): the package bundled by esbuild and
 * served, with a Content-Security-Policy as strict as a VS Code webview's (no network, no inline styles), from
 * a routed origin. Every CSP violation the page reports is collected, so a test can insist there were none.
 */
import { build } from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";

const ORIGIN = "http://compare-view.test";
export const NONCE = "t3st-n0nce";
export const CSP = `default-src 'none'; img-src blob:; script-src 'nonce-${NONCE}'; style-src 'none'; connect-src 'none'`;

let bundle: Promise<string> | undefined;

/** The package as one script defining `window.CompareViewPackage`. */
function packageBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [new URL("../src/index.ts", import.meta.url).pathname],
    bundle: true,
    write: false,
    format: "iife",
    globalName: "CompareViewPackage",
    target: "chrome120",
    logLevel: "warning",
  }).then((result) => result.outputFiles[0]?.text ?? "");
  return bundle;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.UPSCALE_E2E_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}

export interface TestPage {
  page: Page;
  /** CSP violations reported so far ("directive blocked-uri"). */
  violations(): Promise<string[]>;
}

export async function openTestPage(browser: Browser): Promise<TestPage> {
  const page = await browser.newPage({ viewport: { width: 900, height: 640 } });
  const script = await packageBundle();
  await page.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": CSP },
      body: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Compare</title></head>
<body><main id="host"></main>
<script nonce="${NONCE}">
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
</script>
<script nonce="${NONCE}">${script}</script></body></html>`,
    }),
  );
  await page.goto(`${ORIGIN}/`);
  // The host element fills the page like a webview's body.
  await page.evaluate(() => {
    const host = document.getElementById("host") as HTMLElement;
    document.body.style.margin = "0";
    host.style.height = "100vh";
    host.style.padding = "8px";
    host.style.boxSizing = "border-box";
  });
  return {
    page,
    violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
  };
}
