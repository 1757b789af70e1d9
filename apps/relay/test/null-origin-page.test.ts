import { mkdirSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeRelay } from "../src/node-server.js";
import { type RelayStack, startRelayStack } from "./relay-stack.js";

/**
 * The Figma UI situation in a real Chromium: a sandboxed srcdoc iframe (origin "null") calls the relay with
 * `fetch` — Ideogram upscale with a preflighted Bearer header, Midjourney imagine → result, and both result
 * images through `/images/…` — and draws the images. A relay that does not list `null` is blocked by the browser.
 */
const SCREENSHOTS = new URL("screenshots/", import.meta.url);
let stack: RelayStack;
let figmaOnly: NodeRelay;
let browser: Browser;

beforeAll(async () => {
  stack = await startRelayStack();
  figmaOnly = await stack.startRelay({ RELAY_ALLOWED_ORIGINS: "https://www.figma.com" });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Runs in the iframe: everything a plugin UI would do, reporting to the host page with postMessage. */
function iframeScript(relay: string, blockedRelay: string, keys: { ideogram: string; gptunnel: string }): string {
  return `
const log = (line) => { document.getElementById("log").textContent += line + "\\n"; };
const draw = async (response, id) => {
  const bitmap = await createImageBitmap(await response.blob());
  const canvas = document.getElementById(id);
  canvas.width = bitmap.width; canvas.height = bitmap.height;
  canvas.getContext("2d").drawImage(bitmap, 0, 0);
  return bitmap.width + "x" + bitmap.height;
};
(async () => {
  const report = { origin: self.origin };
  log("origin: " + JSON.stringify(self.origin));
  const source = new OffscreenCanvas(64, 48);
  const g = source.getContext("2d");
  const gradient = g.createLinearGradient(0, 0, 64, 48);
  gradient.addColorStop(0, "#1e6fd9"); gradient.addColorStop(1, "#f2b134");
  g.fillStyle = gradient; g.fillRect(0, 0, 64, 48);
  const form = new FormData();
  form.set("image_request", JSON.stringify({ prompt: "a gradient" }));
  form.set("image_file", await source.convertToBlob({ type: "image/png" }), "gradient.png");
  const upscale = await fetch("${relay}/ideogram/upscale", {
    method: "POST", headers: { authorization: "Bearer ${keys.ideogram}" }, body: form,
  });
  const answer = await upscale.json();
  report.upscaleStatus = upscale.status;
  report.upscaled = await draw(await fetch(answer.data[0].url), "ideogram");
  log("Ideogram upscale " + upscale.status + ", image " + report.upscaled);

  const headers = { authorization: "${keys.gptunnel}", "content-type": "application/json" };
  let task = await (await fetch("${relay}/v1/midjourney/imagine", {
    method: "POST", headers, body: JSON.stringify({ prompt: "a lighthouse" }),
  })).json();
  while (task.status !== "done") {
    await new Promise((r) => setTimeout(r, 150));
    task = await (await fetch("${relay}/v1/midjourney/result?taskId=" + task.id, { headers })).json();
  }
  report.grid = await draw(await fetch(task.result), "midjourney");
  log("Midjourney imagine done, grid " + report.grid);

  try {
    await fetch("${blockedRelay}/v1/midjourney/result?taskId=" + task.id, { headers });
    report.blocked = "not blocked";
  } catch (error) {
    report.blocked = error.name + ": " + error.message;
  }
  log("relay without null in RELAY_ALLOWED_ORIGINS: " + report.blocked);
  parent.postMessage(report, "*");
})().catch((error) => { log("FAILED " + error); parent.postMessage({ error: String(error) }, "*"); });`;
}

describe("a null-origin page in Chromium", () => {
  it("upscales, imagines and shows both images through the relay", async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 560 } });
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    const iframe = `<!doctype html><body style="font:14px sans-serif;margin:12px">
<h3>Figma-like UI iframe (sandbox, origin null) → relay</h3>
<canvas id="ideogram" style="border:1px solid #888;margin-right:12px"></canvas>
<canvas id="midjourney" style="border:1px solid #888;width:256px"></canvas>
<pre id="log"></pre><script>${iframeScript(stack.relay.url, figmaOnly.url, stack.fake.keys)}</script></body>`;
    await page.setContent(`<!doctype html><body style="margin:0">
<iframe sandbox="allow-scripts" style="width:880px;height:540px;border:0" srcdoc="${iframe.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"></iframe>
<script>window.addEventListener("message", (event) => { window.report = event.data; });</script></body>`);
    const report = await (
      await page.waitForFunction(() => (window as { report?: unknown }).report, undefined, { timeout: 20_000 })
    ).jsonValue();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: new URL("null-origin-page.png", SCREENSHOTS).pathname });
    expect(report).toEqual({
      origin: "null",
      upscaleStatus: 200,
      upscaled: "128x96",
      grid: "512x512",
      blocked: "TypeError: Failed to fetch",
    });
    // Chromium's own CORS message for the relay that does not allow `null`, and no other error.
    expect(
      consoleErrors.filter(
        (text) => !text.includes("has been blocked by CORS policy") && !text.includes("net::ERR_FAILED"),
      ),
    ).toEqual([]);
    expect(stack.fake.stats.keyLeaks).toBe(0);
    await page.close();
  });
});
