import { collectSubtree } from "./base-node.js";
import { frozenList } from "./frozen.js";
import { type FakeNode, type NodeState, STATE, stateOf } from "./node-state.js";
import { storePaints } from "./paints.js";

/**
 * Members only some node types have. They are defined on each type's prototype, so `"fills" in node` is false
 * for a group and `"children" in node` false for a rectangle — the checks plugins use to find fill-bearing nodes.
 */
type Self = FakeNode & { fail(method: string, message: string): never };

export function addPaints(prototype: object): void {
  for (const property of ["fills", "strokes"] as const) {
    Object.defineProperty(prototype, property, {
      configurable: true,
      get(this: FakeNode) {
        return this[STATE][property] ?? frozenList([]);
      },
      set(this: FakeNode, value: unknown) {
        const state = this[STATE];
        if (value === state.doc.mixed)
          throw state.doc.realm.error(`in set_${property}: Cannot set ${property} to figma.mixed`);
        const paints = storePaints(value, property, state.doc.paintContext);
        state.doc.edit([[this, [property]]], () => {
          state[property] = paints;
        });
      },
    });
  }
}

const CHILDREN_MEMBERS = {
  get children(): readonly FakeNode[] {
    return frozenList(stateOf(this as unknown as FakeNode).children ?? []);
  },

  appendChild(this: Self, child: FakeNode): void {
    insertChild(this, stateOf(this).children?.length ?? 0, child, "appendChild");
  },

  insertChild(this: Self, index: number, child: FakeNode): void {
    insertChild(this, index, child, "insertChild");
  },

  findAll(this: FakeNode, callback?: (node: FakeNode) => boolean): FakeNode[] {
    return descendants(this).filter((node) => !callback || callback(node));
  },

  findOne(this: FakeNode, callback: (node: FakeNode) => boolean): FakeNode | null {
    return descendants(this).find((node) => callback(node)) ?? null;
  },

  findChildren(this: FakeNode, callback?: (node: FakeNode) => boolean): FakeNode[] {
    return (stateOf(this).children ?? []).filter((node) => !callback || callback(node));
  },

  findChild(this: FakeNode, callback: (node: FakeNode) => boolean): FakeNode | null {
    return (stateOf(this).children ?? []).find((node) => callback(node)) ?? null;
  },

  findAllWithCriteria(this: FakeNode, criteria: { types?: string[] }): FakeNode[] {
    return descendants(this).filter((node) => !criteria.types || criteria.types.includes(stateOf(node).type));
  },
};

export function addChildren(prototype: object): void {
  Object.defineProperties(prototype, Object.getOwnPropertyDescriptors(CHILDREN_MEMBERS));
}

function descendants(node: FakeNode): FakeNode[] {
  return collectSubtree(node).slice(1);
}

/** Moves (or, for a new node, attaches) `child`; undo puts it back where it was, or detaches it again. */
function insertChild(parent: Self, index: number, child: FakeNode, method: string): void {
  const childState = stateOf(child);
  if (!childState || childState.doc !== stateOf(parent).doc) parent.fail(method, "Expected a node from this document");
  if (collectSubtree(child).includes(parent)) parent.fail(method, "Cannot move a node inside itself");
  const pageInDocument = childState.type === "PAGE" && stateOf(parent).type === "DOCUMENT";
  if ((childState.type === "PAGE" && !pageInDocument) || childState.type === "DOCUMENT") {
    parent.fail(method, "Cannot move a page into a layer");
  }
  if (stateOf(parent).type === "DOCUMENT" && !pageInDocument)
    parent.fail(method, "Only pages can be children of the document");
  const children = stateOf(parent).children ?? [];
  if (!Number.isInteger(index) || index < 0 || index > children.length) parent.fail(method, "Index out of range");
  const oldParent = childState.parent;
  const subtree = collectSubtree(child);
  const targets: Array<[FakeNode, Array<keyof NodeState>]> = [[parent, ["children"]]];
  for (const node of subtree) targets.push([node, ["parent", "removed"]]);
  if (oldParent && oldParent !== parent) targets.push([oldParent, ["children"]]);
  childState.doc.edit(targets, () => {
    if (oldParent) stateOf(oldParent).children = (stateOf(oldParent).children ?? []).filter((node) => node !== child);
    const remaining = (stateOf(parent).children ?? []).filter((node) => node !== child);
    remaining.splice(Math.min(index, remaining.length), 0, child);
    stateOf(parent).children = remaining;
    childState.parent = parent;
    for (const node of subtree) stateOf(node).removed = stateOf(parent).removed;
  });
}
