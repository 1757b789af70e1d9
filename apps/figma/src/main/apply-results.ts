import type { Placement } from "../shared/messages.js";
import type { FittedImage } from "./canvas-images.js";
import { type CapturedSelection, type FillSlot, fillsUnchanged } from "./capture-image-fills.js";
import { placeBeside } from "./place-node.js";
import { type ImageSwap, swapImagePaints } from "./swap-image-paints.js";

export interface ApplyOutcome {
  /** Nodes whose fills were replaced, or that got an upscaled copy beside them. */
  changed: number;
  /** Why some captured nodes were left alone. */
  skipped: string[];
  /** Results Figma refused (`createImage` threw). */
  failed: Array<{ hash: string; message: string }>;
}

/** Relaunch button on every processed layer (manifest `relaunchButtons`, command "upscale"). */
const RELAUNCH_UPSCALE = { upscale: "Upscaled by Upscale: run it again on this layer" };

/**
 * Writes the finished results in one go, as one undo step. Every node is looked up again by the id captured at
 * the start; one deleted or whose fills changed meanwhile is skipped and reported — whatever is selected now.
 */
export async function applyResults(
  captured: CapturedSelection,
  results: ReadonlyMap<string, FittedImage>,
  placement: Placement,
): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { changed: 0, skipped: [], failed: [] };
  const swaps = new Map<string, ImageSwap>();
  results.forEach((result, hash) => {
    try {
      swaps.set(hash, { hash: figma.createImage(result.bytes).hash, ratio: result.ratio });
    } catch (error) {
      outcome.failed.push({ hash, message: `Figma refused the result: ${(error as Error).message}` });
    }
  });

  // Every node is looked up first; checking and writing come after the last await, with nothing in between that
  // yields, so a fill the user edits while one lookup waits is seen by the check instead of written over.
  const found = await Promise.all(captured.nodes.map((entry) => figma.getNodeByIdAsync(entry.id)));
  const writes: Array<{ node: SceneNode; slots: FillSlot[] }> = [];
  captured.nodes.forEach((entry, index) => {
    const node = found[index] ?? null;
    if (node === null || node.removed) {
      outcome.skipped.push(`“${entry.name}” was deleted while upscaling.`);
      return;
    }
    if (!fillsUnchanged(entry, node as SceneNode)) {
      outcome.skipped.push(`“${entry.name}”'s fills changed while upscaling: left as they are.`);
      return;
    }
    const slots = entry.slots
      .filter((slot) => slot.fills.some((paint) => paint.type === "IMAGE" && swaps.has(paint.imageHash ?? "")))
      .map((slot) => ({ range: slot.range, fills: swapImagePaints(slot.fills, swaps) }));
    if (slots.length > 0) writes.push({ node: node as SceneNode, slots });
  });
  if (writes.length === 0) return outcome;

  // Still synchronous from the checks above to the last write: nothing else can change the document meanwhile.
  figma.commitUndo();
  for (const { node, slots } of writes) {
    const target = placement === "replace" ? node : placeBeside(node, `${node.name} (upscaled)`);
    for (const { range, fills } of slots) {
      if (range === undefined) (target as SceneNode & MinimalFillsMixin).fills = fills;
      else (target as TextNode).setRangeFills(range.start, range.end, fills);
    }
    target.setRelaunchData(RELAUNCH_UPSCALE);
    outcome.changed += 1;
  }
  figma.commitUndo();
  return outcome;
}
