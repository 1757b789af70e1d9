import { applyFitPlan, fitToLimits, type ImageCodec, type KeptImage } from "@upscale/core";
import { FIGMA_LIMITS } from "./figma-limits.js";
import { placeImage } from "./place-node.js";
import type { CanvasSaved } from "./run-status.js";

/** Plugin data on every layer placed from a Midjourney task: the task's id, and what kind of task it was. */
export const TASK_ID_KEY = "midjourney-task-id";
export const TASK_KIND_KEY = "midjourney-task-kind";

export interface GridRef {
  taskId: string;
  nodeId: string;
}

/** The selected layer is a Midjourney grid this plugin placed (an imagine or a variation, not an upsample). */
export function selectedGrid(selection: readonly SceneNode[]): GridRef | undefined {
  if (selection.length !== 1) return undefined;
  const [node] = selection;
  if (node === undefined) return undefined;
  const taskId = node.getPluginData(TASK_ID_KEY);
  if (taskId === "" || node.getPluginData(TASK_KIND_KEY) === "upsample") return undefined;
  return { taskId, nodeId: node.id };
}

/** A task image placed on the canvas, its size, and what was done to fit it into Figma ("Scaled down from …"). */
export interface PlacedTaskImage extends CanvasSaved {
  node: RectangleNode;
  /** The task's type as GPTunnel gave it ("imagine", "variation", "upsample"). */
  type: string;
}

/**
 * Puts a finished task's image on the canvas: at the centre of the viewport, or beside the layer it came from,
 * fitted to Figma's limits, with the task id in plugin data and the relaunch button that fits it.
 */
export async function placeTaskImage(
  image: KeptImage,
  task: { id: string; type: string | undefined },
  codec: ImageCodec,
  after?: SceneNode,
): Promise<PlacedTaskImage> {
  const plan = fitToLimits(image, FIGMA_LIMITS);
  const bytes = await applyFitPlan(image.bytes, plan, codec);
  const kind = task.type === "upsample" ? "upsample" : "grid";
  const name = kind === "upsample" ? `Midjourney upsample ${task.id}` : `Midjourney grid ${task.id}`;
  const node = placeImage(figma.createImage(bytes), plan, name, after);
  node.setPluginData(TASK_ID_KEY, task.id);
  node.setPluginData(TASK_KIND_KEY, task.type ?? kind);
  node.setRelaunchData(
    kind === "grid"
      ? { upsample: "Midjourney grid: upsample one image or make a variation" }
      : { upscale: "Midjourney upsample: upscale it again" },
  );
  return { node, type: task.type ?? kind, width: plan.width, height: plan.height, notes: plan.notes };
}
