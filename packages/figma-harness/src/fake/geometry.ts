import { type FakeNode, isTransparentContainer, stateOf } from "./node-state.js";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node's box in its coordinate parent; a group's (and boolean operation's) is the union of its children's. */
export function boxOf(node: FakeNode): Box {
  const state = stateOf(node);
  if (!isTransparentContainer(state.type)) return { x: state.x, y: state.y, width: state.width, height: state.height };
  const boxes = (state.children ?? []).map(boxOf);
  if (boxes.length === 0) return { x: state.x, y: state.y, width: 0, height: 0 };
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The nearest ancestor whose position is an origin for this node (groups are not). */
function coordinateParent(node: FakeNode): FakeNode | null {
  let parent = stateOf(node).parent;
  while (parent && isTransparentContainer(stateOf(parent).type)) parent = stateOf(parent).parent;
  return parent;
}

export function absoluteBoxOf(node: FakeNode): Box {
  const box = boxOf(node);
  let parent = coordinateParent(node);
  while (parent && stateOf(parent).type !== "PAGE") {
    const parentBox = boxOf(parent);
    box.x += parentBox.x;
    box.y += parentBox.y;
    parent = coordinateParent(parent);
  }
  return box;
}

/** The page a node is on, or null when it is detached or removed. */
export function pageOf(node: FakeNode): FakeNode | null {
  let current: FakeNode | null = node;
  while (current && stateOf(current).type !== "PAGE") current = stateOf(current).parent;
  return current;
}
