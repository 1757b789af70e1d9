import type { KeptImage } from "@upscale/core";
import { applyFitPlan, fitToLimits, type ImageCodec } from "@upscale/core/provider-kit";
import { FIGMA_LIMITS } from "./figma-limits.js";
import { placeImage } from "./place-node.js";
import type { CanvasSaved } from "./run-status.js";

/** Plugin data on every layer placed from a Midjourney task: the task's id, and what kind of task it was. */
export const TASK_ID_KEY = "midjourney-task-id";
export const TASK_KIND_KEY = "midjourney-task-kind";
/** On an upsample placed beside its grid: the grid's image and which of its four the upsample is (for Compare). */
export const UPSAMPLE_SOURCE_KEY = "midjourney-upsample-source";

export interface UpsampleSource {
  /** The grid's image hash. */
  hash: string;
  /** 1 top-left, 2 top-right, 3 bottom-left, 4 bottom-right. */
  quadrant: 1 | 2 | 3 | 4;
}

/** The grid image an upsample layer came from, if this plugin placed it beside its grid. */
export function upsampleSource(node: { getPluginData(key: string): string }): UpsampleSource | undefined {
  const match = /^([^:]{1,200}):([1-4])$/.exec(node.getPluginData(UPSAMPLE_SOURCE_KEY));
  return match === null
    ? undefined
    : { hash: match[1] ?? "", quadrant: Number(match[2]) as UpsampleSource["quadrant"] };
}

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
  quadrant?: UpsampleSource["quadrant"],
): Promise<PlacedTaskImage> {
  const plan = fitToLimits(image, FIGMA_LIMITS);
  const bytes = await applyFitPlan(image.bytes, plan, codec);
  const kind = task.type === "upsample" ? "upsample" : "grid";
  const name = kind === "upsample" ? `Midjourney upsample ${task.id}` : `Midjourney grid ${task.id}`;
  const node = placeImage(figma.createImage(bytes), plan, name, after);
  node.setPluginData(TASK_ID_KEY, task.id);
  node.setPluginData(TASK_KIND_KEY, task.type ?? kind);
  const grid = after === undefined ? undefined : firstImageHash(after);
  if (kind === "upsample" && grid !== undefined && quadrant !== undefined) {
    node.setPluginData(UPSAMPLE_SOURCE_KEY, `${grid}:${quadrant}`);
  }
  node.setRelaunchData(
    kind === "grid"
      ? { upsample: "Midjourney grid: upsample one image or make a variation" }
      : { upscale: "Midjourney upsample: upscale it again" },
  );
  return { node, type: task.type ?? kind, width: plan.width, height: plan.height, notes: plan.notes };
}

function firstImageHash(node: SceneNode): string | undefined {
  const fills = "fills" in node ? node.fills : [];
  if (typeof fills === "symbol") return undefined;
  const image = fills.find((paint) => paint.type === "IMAGE");
  return image?.type === "IMAGE" && image.imageHash !== null ? image.imageHash : undefined;
}
