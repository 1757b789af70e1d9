// Click → fill replaced, and peak memory, for the built plugin on the figma-harness page in Chromium against the
// fake APIs with no latency. The fake runs in its own process, so the figures are the plugin's side only: the
// main bundle in node:vm (this process) and the UI in Chromium (its process tree).
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createFigmaFake, launchChromium, makeTestImage, openHarnessPage, startHarness } from "@upscale/figma-harness";
import { root } from "../scripts/bundle-options.mjs";

const FAKE_CLI = path.join(root, "node_modules/@upscale/fake-apis/dist/cli.js");

/** The fake APIs in a child process; resolves with its official Ideogram URL once it has printed it. */
export function startFakeProcess() {
  const child = spawn(process.execPath, [FAKE_CLI, "--port", "0", "--images-port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const match = /Ideogram \(official\)\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match) {
        resolve({ ideogramUrl: match[1], key: "fake-ideogram-key", pid: child.pid, stop: () => child.kill("SIGINT") });
      }
    });
    child.once("exit", (code) => reject(new Error(`fake APIs exited (${code}) before starting: ${text}`)));
  });
}

async function loadPlugin() {
  const manifest = JSON.parse(await readFile(path.join(root, "manifest.json"), "utf8"));
  const read = (file) => readFile(path.join(root, file), "utf8");
  return {
    code: await read(manifest.main),
    html: await read(manifest.ui),
    allowedDomains: [...manifest.networkAccess.allowedDomains, ...manifest.networkAccess.devAllowedDomains],
    relaunchCommands: manifest.relaunchButtons.map((button) => button.command),
  };
}

/** Resident memory of this process' descendants but `except` (Chromium, not the fake), in bytes (Linux /proc). */
async function childrenRss(except) {
  let total = 0;
  const children = async (id) =>
    (await readFile(`/proc/${id}/task/${id}/children`, "utf8").catch(() => "")).split(/\s+/).filter(Boolean);
  const visit = async (id) => {
    const status = await readFile(`/proc/${id}/status`, "utf8").catch(() => "");
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    if (rss) total += Number(rss[1]) * 1024;
    for (const child of await children(id)) await visit(child);
  };
  for (const child of await children(process.pid)) if (Number(child) !== except) await visit(child);
  return total;
}

/** Samples `read` every 20 ms while `work` runs; returns the work's value and the highest sample. */
async function peakWhile(read, work) {
  let peak = await read();
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await read());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    return { value: await work(), peak };
  } finally {
    running = false;
    await sampler;
    peak = Math.max(peak, await read());
  }
}

/**
 * One scenario: a rectangle with a `side`² image, the plugin set up through its UI (legacy model), then `runs`
 * clicks on Upscale, each timed until the fake canvas shows the new fill (undone between runs).
 */
export async function measureRoundTrip({ side, runs }) {
  const plugin = await loadPlugin();
  const apis = await startFakeProcess();
  const browser = await launchChromium();
  const fake = createFigmaFake({ relaunchCommands: plugin.relaunchCommands });
  const hash = fake.addImage(await makeTestImage(side, side));
  const node = fake.create("RECTANGLE", {
    name: "Photo",
    width: 400,
    height: 400,
    fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: hash }],
  });
  fake.select([node]);
  const harness = await startHarness({
    mainCode: plugin.code,
    uiHtml: plugin.html,
    figma: fake,
    run: { allowedDomains: plugin.allowedDomains, console: "silent" },
  });
  const { frame, close } = await openHarnessPage(harness, { browser });
  try {
    await frame.getByRole("checkbox", { name: "Settings" }).click();
    await frame.getByLabel("Base URL").fill(apis.ideogramUrl);
    await frame.getByLabel("Base URL").press("Tab");
    await frame.getByLabel("API key").fill(apis.key);
    await frame.getByRole("button", { name: "Save key" }).click();
    await frame.getByText(/API key saved/).waitFor();
    // The legacy (v1) upscale answers in one call: the figure stays the plugin's own round trip, not the fake's
    // v2 generation time and poll schedule.
    await frame.getByRole("combobox", { name: "Model" }).selectOption({ label: "Legacy (v1)" });
    const button = frame.getByRole("button", { name: /^Upscale/ });
    await button.waitFor();
    const baseNode = process.memoryUsage().rss;
    const baseBrowser = await childrenRss(apis.pid);
    const times = [];
    let peakNode = 0;
    let peakBrowser = 0;
    for (let run = 0; run < runs; run++) {
      const replaced = new Promise((resolve) => {
        const stop = fake.onCanvasChange(() => {
          const [paint] = fake.fillsOf(node);
          if (paint?.imageHash !== hash) {
            stop();
            resolve(performance.now());
          }
        });
      });
      const nodeSample = peakWhile(
        async () => process.memoryUsage().rss,
        async () => {
          const browserSample = peakWhile(
            () => childrenRss(apis.pid),
            async () => {
              const start = performance.now();
              await button.click();
              return (await replaced) - start;
            },
          );
          const { value, peak } = await browserSample;
          peakBrowser = Math.max(peakBrowser, peak);
          return value;
        },
      );
      const { value, peak } = await nodeSample;
      peakNode = Math.max(peakNode, peak);
      times.push(value);
      fake.undo();
      await frame.waitForFunction(
        () => document.querySelector('[aria-label="Batch status"]')?.getAttribute("data-running") === "false",
      );
    }
    return { times, peakNode, peakBrowser, baseNode, baseBrowser };
  } finally {
    await close();
    await harness.close();
    await browser.close();
    apis.stop();
  }
}
