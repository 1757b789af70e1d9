import type { Paint, SceneNode } from "../figma-types.js";

/** Every layer's fills at one moment, by node id (from `fake.snapshotFills()`). */
export type FillsSnapshot = ReadonlyMap<string, Paint[] | "mixed">;

export interface PaintChange {
  nodeId: string;
  /** Index of the paint in the node's fills, or "all" when the list itself changed length or became mixed. */
  index: number | "all";
  /** The paint properties whose values differ (compared as JSON). */
  keys: string[];
}

/**
 * What changed in the fills between two snapshots — the check behind "change only imageHash (and, for TILE,
 * scalingFactor), keep every other paint property". Nodes present in only one snapshot are reported as "all".
 */
export function paintChanges(before: FillsSnapshot, after: FillsSnapshot): PaintChange[] {
  const changes: PaintChange[] = [];
  for (const nodeId of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(nodeId);
    const now = after.get(nodeId);
    if (!Array.isArray(old) || !Array.isArray(now) || old.length !== now.length) {
      if (JSON.stringify(old) !== JSON.stringify(now)) changes.push({ nodeId, index: "all", keys: [] });
      continue;
    }
    old.forEach((paint, index) => {
      const next = now[index] as unknown as Record<string, unknown>;
      const previous = paint as unknown as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(previous), ...Object.keys(next)])].filter(
        (key) => JSON.stringify(previous[key]) !== JSON.stringify(next[key]),
      );
      if (keys.length > 0) changes.push({ nodeId, index, keys: keys.sort() });
    });
  }
  return changes;
}

export function snapshotFills(
  nodes: readonly SceneNode[],
  fillsOf: (node: SceneNode) => Paint[] | "mixed",
): FillsSnapshot {
  return new Map(nodes.filter((node) => "fills" in node).map((node) => [node.id, fillsOf(node)]));
}
