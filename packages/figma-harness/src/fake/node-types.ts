import { FakeBaseNode } from "./base-node.js";
import { frozenList } from "./frozen.js";
import { pageOf } from "./geometry.js";
import { addChildren, addPaints } from "./node-mixins.js";
import { type FakeNode, type NodeState, STATE, stateOf } from "./node-state.js";
import { FakeSceneNode } from "./scene-node.js";
import { FakeTextNode } from "./text-node.js";

/** Which members each node type has (from the typings): fills, children, both or neither. */
const TRAITS: Record<string, { paints: boolean; children: boolean }> = {
  FRAME: { paints: true, children: true },
  COMPONENT: { paints: true, children: true },
  COMPONENT_SET: { paints: true, children: true },
  INSTANCE: { paints: true, children: true },
  SECTION: { paints: true, children: true },
  BOOLEAN_OPERATION: { paints: true, children: true },
  GROUP: { paints: false, children: true },
  RECTANGLE: { paints: true, children: false },
  ELLIPSE: { paints: true, children: false },
  POLYGON: { paints: true, children: false },
  STAR: { paints: true, children: false },
  VECTOR: { paints: true, children: false },
  LINE: { paints: true, children: false },
  SLICE: { paints: false, children: false },
};

export const SCENE_NODE_TYPES = [...Object.keys(TRAITS), "TEXT"];

class FakeComponentNode extends FakeSceneNode {
  createInstance(): FakeNode {
    const { doc: _doc, id: _id, parent: _parent, children: _children, selection: _selection, ...rest } = this[STATE];
    const instance = this.doc.make("INSTANCE", { ...rest, name: rest.name, removed: true, mainComponent: this });
    const page = this.doc.currentPage() as unknown as { appendChild(node: FakeNode): void };
    page.appendChild(instance);
    return instance;
  }
}

class FakeInstanceNode extends FakeSceneNode {
  // With "documentAccess": "dynamic-page" (what new plugins must use) the synchronous getter throws.
  get mainComponent(): never {
    return this.fail(
      "get_mainComponent",
      "Cannot call with documentAccess: dynamic-page. Use node.getMainComponentAsync instead.",
    );
  }

  async getMainComponentAsync(): Promise<FakeNode | null> {
    return this[STATE].mainComponent ?? null;
  }
}

class FakePageNode extends FakeBaseNode {
  get selection(): readonly FakeNode[] {
    return frozenList((this[STATE].selection ?? []).filter((node) => !stateOf(node).removed));
  }

  set selection(nodes: readonly FakeNode[]) {
    if (!Array.isArray(nodes)) this.fail("set_selection", "Expected an array of nodes");
    for (const node of nodes) {
      const state = node ? stateOf(node) : undefined;
      if (!state || state.removed || state.type === "PAGE" || pageOf(node) !== (this as unknown as FakeNode)) {
        this.fail("set_selection", "Expected every node to be a live layer on this page");
      }
    }
    this[STATE].selection = [...new Set(nodes)];
    this[STATE].doc.selectionChanged(this as unknown as FakeNode);
  }

  async loadAsync(): Promise<void> {}
}

class FakeDocumentNode extends FakeBaseNode {}

function classFor(type: string): new (state: NodeState) => FakeBaseNode {
  return CLASSES[type] ?? failType(type);
}

function failType(type: string): never {
  throw new Error(`figma-harness: unknown node type ${type}`);
}

const CLASSES: Record<string, new (state: NodeState) => FakeBaseNode> = {
  TEXT: FakeTextNode,
  PAGE: FakePageNode,
  DOCUMENT: FakeDocumentNode,
};
for (const [type, traits] of Object.entries(TRAITS)) {
  const base = type === "COMPONENT" ? FakeComponentNode : type === "INSTANCE" ? FakeInstanceNode : FakeSceneNode;
  const NodeClass = class extends base {};
  if (traits.paints) addPaints(NodeClass.prototype);
  if (traits.children) addChildren(NodeClass.prototype);
  CLASSES[type] = NodeClass;
}
addChildren(FakePageNode.prototype);
addChildren(FakeDocumentNode.prototype);

export function instantiate(state: NodeState): FakeBaseNode {
  const NodeClass = classFor(state.type);
  return new NodeClass(state);
}

export const hasChildren = (type: string) => type === "PAGE" || type === "DOCUMENT" || TRAITS[type]?.children === true;
export const hasPaints = (type: string) => type === "TEXT" || TRAITS[type]?.paints === true;
