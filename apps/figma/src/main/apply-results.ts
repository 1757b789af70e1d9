import type { Placement } from "../shared/messages.js";
import type { FittedImage } from "./canvas-images.js";
import { type CapturedSelection, type FillSlot, fillsUnchanged } from "./capture-image-fills.js";
import { placeBeside } from "./place-node.js";
import { type ImageSwap, swapImagePaints } from "./swap-image-paints.js";
import { type HistoryEntry, readHistory, writeHistory } from "./upscale-history.js";

export interface ApplyOutcome {
  /** Nodes whose fills were replaced, or that got an upscaled copy beside them. */
  changed: number;
  /** Why some captured nodes were left alone. */
  skipped: string[];
  /** Results Figma refused (`createImage` threw). */
  failed: Array<{ hash: string; message: string }>;
}

/** Relaunch buttons (manifest `relaunchButtons`): every processed layer can be upscaled again. */
export const RELAUNCH_UPSCALE = { upscale: "Upscaled by Upscale: run it again on this layer" };
/** …and a layer whose image was replaced in place can have the old one back. */
export const RELAUNCH_REVERT = { revert: "Put back the image this layer had before it was upscaled" };

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
  const writes: Array<{ node: SceneNode; slots: FillSlot[]; upscales: HistoryEntry[] }> = [];
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
    const swapped = entry.slots.filter((slot) => swappedHashes(slot.fills, swaps).length > 0);
    const slots = swapped.map((slot) => ({ range: slot.range, fills: swapImagePaints(slot.fills, swaps) }));
    const hashes = swapped.map((slot) => swappedHashes(slot.fills, swaps)).reduce((all, more) => all.concat(more), []);
    const upscales = hashes
      .filter((hash, index) => hashes.indexOf(hash) === index)
      .map((hash) => {
        const swap = swaps.get(hash) as ImageSwap;
        return { from: hash, to: swap.hash, ratio: swap.ratio, replaced: placement === "replace" };
      });
    if (slots.length > 0) writes.push({ node: node as SceneNode, slots, upscales });
  });
  if (writes.length === 0) return outcome;

  // Still synchronous from the checks above to the last write: nothing else can change the document meanwhile.
  figma.commitUndo();
  for (const { node, slots, upscales } of writes) {
    const replace = placement === "replace";
    const target = replace ? node : placeBeside(node, `${node.name} (upscaled)`);
    writeFillSlots(target, slots);
    // In place, the layer's earlier upscales stay (Revert takes back one at a time); a copy starts its own.
    writeHistory(target, (replace ? readHistory(target) : []).concat(upscales));
    target.setRelaunchData(replace ? Object.assign({}, RELAUNCH_UPSCALE, RELAUNCH_REVERT) : RELAUNCH_UPSCALE);
    outcome.changed += 1;
  }
  figma.commitUndo();
  return outcome;
}

/** The image hashes among `fills` that a swap replaces. */
function swappedHashes(fills: readonly Paint[], swaps: ReadonlyMap<string, ImageSwap>): string[] {
  return fills
    .filter((paint): paint is ImagePaint => paint.type === "IMAGE" && swaps.has(paint.imageHash ?? ""))
    .map((paint) => paint.imageHash ?? "");
}

/** Writes fills slot by slot: the node's `fills`, or a text range's. */
export function writeFillSlots(node: SceneNode, slots: readonly FillSlot[]): void {
  for (const { range, fills } of slots) {
    if (range === undefined) (node as SceneNode & MinimalFillsMixin).fills = fills;
    else (node as TextNode).setRangeFills(range.start, range.end, fills);
  }
}
