import {
  type Cancellation,
  createCancellation,
  createTaskLedger,
  failureReport,
  type LedgerEntry,
} from "@upscale/core";
import type { PluginSettings, RunStatus, SelectionSummary } from "../shared/messages.js";
import { listen, send } from "./bridge.js";
import { type CapturedSelection, captureImageFills } from "./capture-image-fills.js";
import { ideogramChoice, ideogramProvider, ideogramV2Client, midjourneyClient } from "./clients.js";
import { comparePayload, upscaledSelection } from "./compare-pair.js";
import { resumeGeneration } from "./ideogram-resume.js";
import { clearKey, keyRedactor, maskedKeys, writeKey } from "./key-store.js";
import { clientStorageLedger } from "./ledger-storage.js";
import { type CanvasMidjourneyJob, midjourneyJob, resumeJob, runMidjourney } from "./midjourney-actions.js";
import { selectedGrid } from "./midjourney-nodes.js";
import { notifyText } from "./notify-text.js";
import { clientStoragePendingImages } from "./pending-images.js";
import { createQuoteRefresher } from "./quote-refresher.js";
import { revertLayers, revertWords } from "./revert-upscale.js";
import { notice } from "./run-error.js";
import { createRunStatus } from "./run-status.js";
import { quoteImages } from "./selection-quote.js";
import { loadSettings, saveSettings } from "./settings-store.js";
import { uiCodec } from "./ui-codec.js";
import { runUpscale } from "./upscale-run.js";

/** The plugin's window, and the larger one Compare needs for two images side by side. */
const WINDOW = { width: 340, height: 560 };
const COMPARE_WINDOW = { width: 720, height: 620 };

const ledger = createTaskLedger(clientStorageLedger());
const pending = clientStoragePendingImages();

// The "Revert upscale" relaunch button reverts the selected layers at once and closes, as a menu command would.
if (figma.command === "revert") {
  const words = revertWords(revertLayers(figma.currentPage.selection));
  figma.closePlugin(notifyText(words.refusal ?? `Upscale: ${words.summary}.`));
} else {
  figma.showUI(__html__, Object.assign({ themeColors: true, title: "Upscale" }, WINDOW));
  startPlugin();
}

function startPlugin(): void {
  const codec = uiCodec();
  /** The run in progress: one at a time, so a second click cannot pay twice for the same selection. */
  let active: Cancellation | undefined;
  /** What "Retry" does: set only when the last run's report said `next: "retry"`. */
  let retry: (() => Promise<void>) | undefined;
  /** Paid result links the UI was shown: "open-link" opens only these. */
  const shownLinks = new Set<string>();
  const quotes = createQuoteRefresher((quote) => send("quote", quote));

  function summarizeSelection(settings: PluginSettings): SelectionSummary {
    const selection = figma.currentPage.selection;
    const captured = captureImageFills(selection, settings.includeChildren);
    return {
      images: captured.jobs.length,
      nodes: captured.nodes.length,
      notes: captured.notes,
      grid: selectedGrid(selection),
      upscaled: upscaledSelection(selection),
    };
  }

  /** The selection as the UI shows it, and the price of upscaling it with the options chosen. */
  async function refreshSelection(given?: PluginSettings): Promise<void> {
    const settings = given ?? (await loadSettings());
    send("selection", summarizeSelection(settings));
    if (settings.provider !== "ideogram") return quotes.show({ state: "none" });
    const hashes = captureImageFills(figma.currentPage.selection, settings.includeChildren).jobs.map((job) => job.hash);
    if (hashes.length === 0) return quotes.show({ state: "none" });
    if (settings.ideogramModel === "legacy") {
      return quotes.show({ state: "unavailable", message: "The legacy upscale gives no price before it runs." });
    }
    const choice = ideogramChoice(settings);
    const { ideogramBaseUrl, ideogramAuth } = settings;
    quotes.request({
      key: JSON.stringify([hashes.slice().sort(), choice, ideogramBaseUrl, ideogramAuth]),
      quote: async (signal) => {
        const redact = await keyRedactor();
        try {
          return await quoteImages(hashes, choice, await ideogramV2Client(settings), codec, signal);
        } catch (error) {
          throw new Error(redact(error instanceof Error ? error.message : String(error)));
        }
      },
    });
  }

  function publish(status: RunStatus): void {
    for (const link of [status.error?.resultUrl, ...status.items.map((item) => item.resultUrl)]) {
      if (link !== undefined) shownLinks.add(link);
    }
    send("status", status);
  }

  interface RunContext {
    signal: Cancellation["signal"];
    redact: (text: string) => string;
  }

  /** Runs one job with its own cancellation; tells the UI and Figma how it ended, and keeps what Retry does. */
  async function exclusive(
    kind: RunStatus["kind"],
    work: (context: RunContext) => Promise<{ status: RunStatus; retry: () => Promise<void> }>,
  ): Promise<void> {
    if (active !== undefined) {
      figma.notify(notifyText("Already running: wait for it to finish or cancel it."));
      return;
    }
    const cancellation = createCancellation();
    active = cancellation;
    retry = undefined;
    let redact = (text: string) => text;
    try {
      redact = await keyRedactor();
      const ran = await work({ signal: cancellation.signal, redact });
      if (ran.status.error?.next === "retry") retry = ran.retry;
      const what = kind === "midjourney" ? "Midjourney" : "Upscale";
      figma.notify(notifyText(ran.status.error?.message ?? `${what}: ${ran.status.summary}`), {
        error: ran.status.error !== undefined,
      });
    } catch (error) {
      // Only setting up can throw (a missing key, a bad address); billed all the same, so never a blind retry.
      const report = failureReport(error, { billed: true, redact });
      if (report.next === "retry") retry = () => exclusive(kind, work);
      createRunStatus(kind, publish).finish(report);
      figma.notify(notifyText(report.message), { error: true });
    } finally {
      active = undefined;
    }
  }

  function midjourney(job: CanvasMidjourneyJob): Promise<void> {
    return exclusive("midjourney", async ({ signal, redact }) => {
      const client = await midjourneyClient(await loadSettings());
      const status = await runMidjourney(job, { client, ledger, codec, signal, publish, redact });
      return { status, retry: () => midjourney(job) };
    });
  }

  /** Upscales what was captured; Retry then sends only the images that failed, found again by their layers. */
  function upscale(captured: CapturedSelection): Promise<void> {
    return exclusive("upscale", async ({ signal, redact }) => {
      const settings = await loadSettings();
      const ran = await runUpscale(captured, {
        provider: await ideogramProvider(settings, ledger),
        ledger,
        pending,
        codec,
        signal,
        placement: settings.placement,
        publish,
        redact,
      });
      await refreshSelection(settings);
      return { status: ran.status, retry: async () => upscale(await recapture(captured, ran.failed)) };
    });
  }

  /** A paid Ideogram generation left in the ledger: polled (never submitted again) and written where it belongs. */
  function resumeUpscale(entry: LedgerEntry): Promise<void> {
    return exclusive("upscale", async ({ signal, redact }) => {
      const settings = await loadSettings();
      const client = await ideogramV2Client(settings);
      const status = await resumeGeneration(entry, { client, ledger, pending, codec, signal, publish, redact });
      await refreshSelection(settings);
      return { status, retry: () => resumeUpscale(entry) };
    });
  }

  /**
   * The captured layers as they are now, narrowed to the images in `hashes`: a retry must not send again (and pay
   * for) an image that was upscaled, whose layers now show the result.
   */
  async function recapture(captured: CapturedSelection, hashes: readonly string[]): Promise<CapturedSelection> {
    const found = await Promise.all(captured.nodes.map((node) => figma.getNodeByIdAsync(node.id)));
    const nodes = found.filter((node): node is SceneNode => node !== null && !node.removed && "fills" in node);
    const again = captureImageFills(nodes, false);
    const jobs = again.jobs.filter((job) => hashes.indexOf(job.hash) !== -1);
    const kept = again.nodes.filter((node) => jobs.some((job) => job.nodeIds.indexOf(node.id) !== -1));
    return { nodes: kept, jobs, notes: again.notes };
  }

  /** Every paid task an earlier session (or a failed download) left: Ideogram generations and Midjourney tasks. */
  async function resumePending(vendor?: "ideogram" | "gptunnel"): Promise<void> {
    for (const entry of await ledger.pending()) {
      const ideogram = entry.vendor === "ideogram";
      if (vendor !== undefined && ideogram !== (vendor === "ideogram")) continue;
      await (ideogram ? resumeUpscale(entry) : midjourney(resumeJob(entry)));
    }
  }

  listen("ready", async () => {
    const settings = await loadSettings();
    const left = await ledger.pending();
    const ideogram = left.filter((entry) => entry.vendor === "ideogram").length;
    send("init", {
      settings,
      keys: await maskedKeys(),
      selection: summarizeSelection(settings),
      command: figma.command ?? "",
      resuming: { ideogram, midjourney: left.length - ideogram },
    });
    await refreshSelection(settings);
    await resumePending();
  });

  listen("save-settings", async (changes) => {
    const settings = await saveSettings(changes);
    send("settings", settings);
    await refreshSelection(settings);
  });

  listen("set-key", async ({ service, key }) => {
    await writeKey(service, key);
    send("keys", await maskedKeys());
    figma.notify(notifyText("Key saved on this computer."));
    if (service === "ideogram") await refreshSelection();
    // Paid tasks that could not resume without a key resume now.
    if (active === undefined) await resumePending(service);
  });

  listen("clear-key", async ({ service }) => {
    await clearKey(service);
    send("keys", await maskedKeys());
  });

  listen("cancel", () => {
    active?.cancel();
  });

  listen("upscale", async () => {
    const settings = await loadSettings();
    // Captured now, found again by id when the results arrive: later selection changes cannot redirect them.
    const captured = captureImageFills(figma.currentPage.selection, settings.includeChildren);
    if (captured.jobs.length === 0) {
      const message = captured.notes[0] ?? "Select layers with image fills.";
      createRunStatus("upscale", publish).finish(notice(message));
      figma.notify(notifyText(message), { error: true });
      return;
    }
    await upscale(captured);
  });

  listen("imagine", ({ prompt }) => midjourney(midjourneyJob({ kind: "imagine", prompt })));

  for (const kind of ["upsample", "variation"] as const) {
    listen(kind, ({ index }) => {
      const grid = selectedGrid(figma.currentPage.selection);
      if (grid === undefined) {
        figma.notify(notifyText("Select a Midjourney grid placed by this plugin first."), { error: true });
        return;
      }
      return midjourney(
        midjourneyJob({ kind, parentId: grid.taskId, index }, { target: { kind: "node", id: grid.nodeId } }),
      );
    });
  }

  listen("resume", () => resumePending());

  listen("retry", () => retry?.());

  listen("open-link", ({ url }) => {
    if (shownLinks.has(url)) figma.openExternal(url);
  });

  listen("fetch-task", ({ taskId }) => midjourney(midjourneyJob({ kind: "resume", taskId })));

  listen("balance", async () => {
    try {
      const { balance, creditLimit } = await (await midjourneyClient(await loadSettings())).balance();
      send("balance", { balance, creditLimit });
    } catch (error) {
      send("balance", { error: failureReport(error, { billed: false, redact: await keyRedactor() }).message });
    }
  });

  listen("compare", async () => {
    const [node] = figma.currentPage.selection;
    try {
      if (node === undefined || figma.currentPage.selection.length !== 1) {
        throw new Error("Select one layer this plugin upscaled to compare it.");
      }
      const payload = await comparePayload(node);
      figma.ui.resize(COMPARE_WINDOW.width, COMPARE_WINDOW.height);
      send("compare", payload);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      createRunStatus("upscale", publish).finish(notice(message));
      figma.notify(notifyText(message), { error: true });
    }
  });

  listen("close-compare", () => {
    figma.ui.resize(WINDOW.width, WINDOW.height);
  });

  listen("revert", async () => {
    if (active !== undefined) {
      figma.notify(notifyText("Already running: wait for it to finish or cancel it."));
      return;
    }
    const words = revertWords(revertLayers(figma.currentPage.selection));
    createRunStatus("revert", publish).finish(
      words.refusal === undefined ? undefined : notice(words.refusal),
      words.summary,
    );
    figma.notify(notifyText(words.refusal ?? `Upscale: ${words.summary}.`), { error: words.refusal !== undefined });
    await refreshSelection();
  });

  figma.on("selectionchange", () => {
    refreshSelection().catch((error: unknown) => console.error("selection summary failed:", error));
  });
}
