import {
  type CancelSignal,
  failureReport,
  type ImageCodec,
  imagineAndWait,
  type LedgerEntry,
  type MidjourneyClient,
  type MidjourneyFlowOptions,
  type MidjourneyImageIndex,
  resumeMidjourneyTask,
  type TaskLedger,
  upsampleAndWait,
  variationAndWait,
} from "@upscale/core";
import type { RunStatus } from "../shared/messages.js";
import { type PlacedTaskImage, placeTaskImage } from "./midjourney-nodes.js";
import { pageOf } from "./place-node.js";
import { notice } from "./run-error.js";
import { createRunStatus } from "./run-status.js";

export interface MidjourneyContext {
  client: MidjourneyClient;
  ledger: TaskLedger;
  codec: ImageCodec;
  signal: CancelSignal;
  publish: (status: RunStatus) => void;
  /** Masks the stored keys in failure reports. */
  redact: (text: string) => string;
}

/** What to do, in the core's flow terms: `target` is the layer to place the result beside (by id). */
export type MidjourneyAction =
  | { kind: "imagine"; prompt: string }
  | { kind: "upsample" | "variation"; parentId: string; index: MidjourneyImageIndex; target: string }
  | { kind: "resume"; taskId: string; label: string; target?: string };

/**
 * Runs one Midjourney flow from the core and puts its image on the canvas. Paid submissions go into the ledger
 * (clientStorage) the moment they have an id, so a cancel or a closed plugin loses nothing: the task resumes
 * the next time the plugin opens.
 */
export async function runMidjourney(action: MidjourneyAction, context: MidjourneyContext): Promise<RunStatus> {
  const { client, ledger, codec, signal, publish, redact } = context;
  const run = createRunStatus("midjourney", publish);
  const label = actionLabel(action);
  run.add({ id: "task", label, state: "running", percent: 0, detail: "submitting" });
  let taskId: string | undefined = action.kind === "resume" ? action.taskId : undefined;
  let placed: PlacedTaskImage | undefined;
  const options: MidjourneyFlowOptions = {
    signal,
    ledger,
    label,
    target: "target" in action ? action.target : undefined,
    onProgress: (progress) => {
      taskId = progress.taskId ?? taskId;
      const detail = [progress.status ?? progress.stage, taskId === undefined ? "" : `task ${taskId}`];
      run.update("task", { percent: progress.percent, detail: detail.filter((part) => part !== "").join(" · ") });
    },
    // The node is on the canvas before the task leaves the ledger: closing the plugin in between loses nothing.
    save: async ({ task, image }) => {
      const after = "target" in action && action.target !== undefined ? await sceneNode(action.target) : undefined;
      placed = await placeTaskImage(task, image, codec, after);
    },
  };
  try {
    const { task } = await start(action, client, options);
    // Selected only where the user is: beside a grid on a page they have left, selecting it would throw after
    // the result was placed (and paid for), and "Retry" would submit it again.
    if (placed !== undefined && pageOf(placed.node) === figma.currentPage) figma.currentPage.selection = [placed.node];
    // Fitting a result to Figma's 4096 px or PNG/JPEG is said, as for upscaled fills.
    const detail = [`task ${task.id}`].concat(placed?.notes ?? []).join("; ");
    run.update("task", { state: "done", percent: 100, detail });
    return run.finish(undefined, task.type === "upsample" ? "image placed" : "grid placed");
  } catch (error) {
    if (signal.aborted) {
      const kept = taskId === undefined ? "" : ` Task ${taskId} is kept and resumes when you reopen the plugin.`;
      run.update("task", { state: "failed", detail: "cancelled" });
      return run.finish(notice(`Cancelled.${kept}`));
    }
    // Imagine and variation charge per call; an upsample (Midjourney v5+) and polling a task are free.
    const report = failureReport(error, { billed: action.kind === "imagine" || action.kind === "variation", redact });
    run.update("task", { state: "failed", detail: report.message, resultUrl: report.resultUrl });
    return run.finish(report);
  }
}

function start(action: MidjourneyAction, client: MidjourneyClient, options: MidjourneyFlowOptions) {
  switch (action.kind) {
    case "imagine":
      return imagineAndWait(client, action.prompt, options);
    case "upsample":
      return upsampleAndWait(client, action.parentId, action.index, options);
    case "variation":
      return variationAndWait(client, action.parentId, action.index, options);
    case "resume":
      return resumeMidjourneyTask(client, action.taskId, options);
  }
}

/** The layer a result goes beside, if it still exists. */
async function sceneNode(id: string): Promise<SceneNode | undefined> {
  const node = await figma.getNodeByIdAsync(id);
  return node !== null && !node.removed && "absoluteTransform" in node ? (node as SceneNode) : undefined;
}

function actionLabel(action: MidjourneyAction): string {
  switch (action.kind) {
    case "imagine":
      return `Imagine “${action.prompt.length > 40 ? `${action.prompt.slice(0, 39)}…` : action.prompt}”`;
    case "upsample":
      return `Upsample image ${action.index}`;
    case "variation":
      return `Variation of image ${action.index}`;
    case "resume":
      return action.label;
  }
}

/** A ledger entry from an earlier session, as the action that finishes it. */
export function resumeAction(entry: LedgerEntry): MidjourneyAction {
  return { kind: "resume", taskId: entry.taskId, label: `Resume ${entry.label ?? entry.kind}`, target: entry.target };
}
