import { type Cancellation, createCancellation, createTaskLedger, failureReport } from "@upscale/core";
import type { PluginSettings, RunStatus, SelectionSummary } from "../shared/messages.js";
import { listen, send } from "./bridge.js";
import { type CapturedSelection, captureImageFills } from "./capture-image-fills.js";
import { ideogramProvider, midjourneyClient } from "./clients.js";
import { clearKey, keyRedactor, maskedKeys, writeKey } from "./key-store.js";
import { clientStorageLedger } from "./ledger-storage.js";
import { type CanvasMidjourneyJob, midjourneyJob, resumeJob, runMidjourney } from "./midjourney-actions.js";
import { selectedGrid } from "./midjourney-nodes.js";
import { notifyText } from "./notify-text.js";
import { notice } from "./run-error.js";
import { createRunStatus } from "./run-status.js";
import { loadSettings, saveSettings } from "./settings-store.js";
import { uiCodec } from "./ui-codec.js";
import { runUpscale } from "./upscale-run.js";

figma.showUI(__html__, { width: 340, height: 560, themeColors: true, title: "Upscale" });

const codec = uiCodec();
const ledger = createTaskLedger(clientStorageLedger());
/** The run in progress: one at a time, so a second click cannot pay twice for the same selection. */
let active: Cancellation | undefined;
/** What "Retry" does: set only when the last run's report said `next: "retry"`. */
let retry: (() => Promise<void>) | undefined;
/** Paid result links the UI was shown: "open-link" opens only these. */
const shownLinks = new Set<string>();

function summarizeSelection(settings: PluginSettings): SelectionSummary {
  const selection = figma.currentPage.selection;
  const captured = captureImageFills(selection, settings.includeChildren);
  return {
    images: captured.jobs.length,
    nodes: captured.nodes.length,
    notes: captured.notes,
    grid: selectedGrid(selection),
  };
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
    const what = kind === "upscale" ? "Upscale" : "Midjourney";
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
      provider: await ideogramProvider(settings),
      codec,
      signal,
      placement: settings.placement,
      publish,
      redact,
    });
    return { status: ran.status, retry: async () => upscale(await recapture(captured, ran.failed)) };
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

async function resumePending(): Promise<void> {
  for (const entry of await ledger.pending()) await midjourney(resumeJob(entry));
}

listen("ready", async () => {
  const settings = await loadSettings();
  const pending = await ledger.pending();
  send("init", {
    settings,
    keys: await maskedKeys(),
    selection: summarizeSelection(settings),
    command: figma.command ?? "",
    resuming: pending.length,
  });
  await resumePending();
});

listen("save-settings", async (changes) => {
  const settings = await saveSettings(changes);
  send("settings", settings);
  send("selection", summarizeSelection(settings));
});

listen("set-key", async ({ service, key }) => {
  await writeKey(service, key);
  send("keys", await maskedKeys());
  figma.notify(notifyText("Key saved on this computer."));
  // Paid tasks that could not resume without a key resume now.
  if (service === "gptunnel" && active === undefined) await resumePending();
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

figma.on("selectionchange", () => {
  loadSettings()
    .then((settings) => send("selection", summarizeSelection(settings)))
    .catch((error: unknown) => console.error("selection summary failed:", error));
});
