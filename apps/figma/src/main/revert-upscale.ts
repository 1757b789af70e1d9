import { RELAUNCH_REVERT, RELAUNCH_UPSCALE, writeFillSlots } from "./apply-results.js";
import { type CapturableNode, type FillSlot, imageHashesIn, readFillSlots } from "./capture-image-fills.js";
import { type ImageSwap, swapImagePaints } from "./swap-image-paints.js";
import { type HistoryEntry, latestUpscales, readHistory, writeHistory } from "./upscale-history.js";

/** What a layer's Revert would write: its fills with the old images back, and the history that is left. */
export type RevertPlan = { ok: true; slots: FillSlot[]; history: HistoryEntry[] } | { ok: false; reason: string };

interface RevertableNode extends CapturableNode {
  getPluginData(key: string): string;
}

/**
 * Puts back, on one layer, the image each of its latest in-place upscales replaced, changing only `imageHash`
 * (and a TILE paint's scale, so the pattern keeps its size): every other paint property stays as it is now.
 * Refused — nothing changes — when the layer was not upscaled in place, when an upscaled image is no longer in its
 * fills (replaced by hand since: reverting would undo that), or when Figma no longer has an old image.
 */
export function planRevert(node: RevertableNode, hasImage: (hash: string) => boolean): RevertPlan {
  const history = readHistory(node);
  const latest = latestUpscales(history.filter((entry) => entry.replaced));
  if (latest.length === 0) {
    return {
      ok: false,
      reason:
        history.length > 0
          ? `“${node.name}” is a copy placed beside its source: delete it to take the upscale back.`
          : `“${node.name}” was not upscaled in place by this plugin: nothing to revert.`,
    };
  }
  const slots = readFillSlots(node) ?? [];
  const shown = imageHashesIn(slots);
  if (latest.some((entry) => shown.indexOf(entry.to) === -1)) {
    return {
      ok: false,
      reason: `The fills of “${node.name}” were changed by hand since the upscale: nothing was reverted.`,
    };
  }
  if (latest.some((entry) => !hasImage(entry.from))) {
    return {
      ok: false,
      reason: `Figma no longer has the image “${node.name}” had before the upscale: nothing was reverted.`,
    };
  }
  // The inverse swap: a ratio below 1 multiplies a TILE paint's scale back.
  const swaps = new Map<string, ImageSwap>(
    latest.map((entry) => [entry.to, { hash: entry.from, ratio: 1 / entry.ratio }]),
  );
  const reverted = slots
    .filter((slot) => imageHashesIn([slot]).some((hash) => swaps.has(hash)))
    .map((slot) => ({ range: slot.range, fills: swapImagePaints(slot.fills, swaps) }));
  return { ok: true, slots: reverted, history: history.filter((entry) => latest.indexOf(entry) === -1) };
}

/** Writes a plan: the fills, what is left of the history, and the relaunch buttons that still apply. */
function applyRevert(node: SceneNode, plan: Extract<RevertPlan, { ok: true }>): void {
  writeFillSlots(node, plan.slots);
  writeHistory(node, plan.history);
  const more = plan.history.some((entry) => entry.replaced);
  node.setRelaunchData(more ? Object.assign({}, RELAUNCH_UPSCALE, RELAUNCH_REVERT) : RELAUNCH_UPSCALE);
}

export interface RevertOutcome {
  reverted: string[];
  /** Why each layer that was not reverted was refused. */
  refused: string[];
}

/**
 * Reverts the layers that can be, as one undo step, and says why the others cannot. Layers this plugin never wrote
 * to are left out unless nothing else is selected.
 */
export function revertLayers(selection: readonly SceneNode[]): RevertOutcome {
  const touched = selection.filter((node) => readHistory(node).length > 0);
  const nodes = touched.length > 0 ? touched : selection;
  const plans = nodes.map((node) => ({ node, plan: planRevert(node, (hash) => figma.getImageByHash(hash) !== null) }));
  const outcome: RevertOutcome = { reverted: [], refused: [] };
  if (nodes.length === 0) outcome.refused.push("Select a layer this plugin upscaled, then Revert.");
  figma.commitUndo();
  for (const { node, plan } of plans) {
    if (!plan.ok) {
      outcome.refused.push(plan.reason);
      continue;
    }
    applyRevert(node, plan);
    outcome.reverted.push(node.name);
  }
  figma.commitUndo();
  return outcome;
}

/** The outcome in a line ("1 layer reverted"), and the refusals, if any, as one message. */
export function revertWords(outcome: RevertOutcome): { summary: string; refusal?: string } {
  const count = outcome.reverted.length;
  const summary = count === 0 ? "Nothing reverted" : count === 1 ? "1 layer reverted" : `${count} layers reverted`;
  return outcome.refused.length === 0 ? { summary } : { summary, refusal: outcome.refused.join(" ") };
}
