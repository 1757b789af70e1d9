import { type Cancellation, createCancellation, createTaskLedger } from "@upscale/core";
import type { PluginSettings, RunStatus, SelectionSummary } from "../shared/messages.js";
import { listen, send } from "./bridge.js";
import { captureImageFills } from "./capture-image-fills.js";
import { ideogramProvider, midjourneyClient } from "./clients.js";
import { clearKey, maskedKeys, writeKey } from "./key-store.js";
import { clientStorageLedger } from "./ledger-storage.js";
import { type MidjourneyAction, resumeAction, runMidjourney } from "./midjourney-actions.js";
import { selectedGrid } from "./midjourney-nodes.js";
import { errorMessage, nextStepFor } from "./next-step.js";
import { notifyText } from "./notify-text.js";
import { createRunStatus } from "./run-status.js";
import { loadSettings, saveSettings } from "./settings-store.js";
import { uiCodec } from "./ui-codec.js";
import { runUpscale } from "./upscale-run.js";

figma.showUI(__html__, { width: 340, height: 560, themeColors: true, title: "Upscale" });

const codec = uiCodec();
const ledger = createTaskLedger(clientStorageLedger());
/** The run in progress: one at a time, so a second click cannot pay twice for the same selection. */
let active: Cancellation | undefined;

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
  send("status", status);
}

/** Runs one job with its own cancellation; tells the UI and Figma how it ended. */
async function exclusive(work: (cancellation: Cancellation) => Promise<RunStatus>): Promise<void> {
  if (active !== undefined) {
    figma.notify(notifyText("Already running: wait for it to finish or cancel it."));
    return;
  }
  const cancellation = createCancellation();
  active = cancellation;
  try {
    const status = await work(cancellation);
    const what = status.kind === "upscale" ? "Upscale" : "Midjourney";
    figma.notify(notifyText(status.error?.message ?? `${what}: ${status.summary}`), {
      error: status.error !== undefined,
    });
  } catch (error) {
    createRunStatus("upscale", publish).finish({ message: errorMessage(error), next: nextStepFor(error) });
    figma.notify(notifyText(errorMessage(error)), { error: true });
  } finally {
    active = undefined;
  }
}

function midjourney(action: MidjourneyAction): Promise<void> {
  return exclusive(async ({ signal }) => {
    const client = await midjourneyClient(await loadSettings());
    return runMidjourney(action, { client, ledger, codec, signal, publish });
  });
}

async function resumePending(): Promise<void> {
  for (const entry of await ledger.pending()) await midjourney(resumeAction(entry));
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
    createRunStatus("upscale", publish).finish({ message });
    figma.notify(notifyText(message), { error: true });
    return;
  }
  await exclusive(
    async ({ signal }) =>
      (
        await runUpscale(captured, {
          provider: await ideogramProvider(settings),
          codec,
          signal,
          placement: settings.placement,
          publish,
        })
      ).status,
  );
});

listen("imagine", ({ prompt }) => midjourney({ kind: "imagine", prompt }));

for (const kind of ["upsample", "variation"] as const) {
  listen(kind, ({ index }) => {
    const grid = selectedGrid(figma.currentPage.selection);
    if (grid === undefined) {
      figma.notify(notifyText("Select a Midjourney grid placed by this plugin first."), { error: true });
      return;
    }
    return midjourney({ kind, parentId: grid.taskId, index, target: grid.nodeId });
  });
}

listen("resume", () => resumePending());

listen("fetch-task", ({ taskId }) => midjourney({ kind: "resume", taskId, label: `Task ${taskId}` }));

figma.on("selectionchange", () => {
  loadSettings()
    .then((settings) => send("selection", summarizeSelection(settings)))
    .catch((error: unknown) => console.error("selection summary failed:", error));
});
