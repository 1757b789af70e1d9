import { FakeBaseNode } from "./base-node.js";
import { absoluteBoxOf, boxOf } from "./geometry.js";
import { type FakeNode, isTransparentContainer, type NodeState, STATE, stateOf } from "./node-state.js";

/** Layers on a page: position, size, visibility, clone. */
export class FakeSceneNode extends FakeBaseNode {
  get x(): number {
    return boxOf(this).x;
  }

  set x(value: number) {
    this.move(value - this.x, 0);
  }

  get y(): number {
    return boxOf(this).y;
  }

  set y(value: number) {
    this.move(0, value - this.y);
  }

  get width(): number {
    return boxOf(this).width;
  }

  get height(): number {
    return boxOf(this).height;
  }

  private move(dx: number, dy: number): void {
    if (!Number.isFinite(dx) || !Number.isFinite(dy)) this.fail("set_x", "Expected a finite number");
    const state = this[STATE];
    if (isTransparentContainer(state.type)) {
      for (const child of state.children ?? []) {
        const scene = child as unknown as FakeSceneNode;
        scene.x += dx;
        scene.y += dy;
      }
      return;
    }
    this.doc.edit([[this, ["x", "y"]]], () => {
      state.x += dx;
      state.y += dy;
    });
  }

  resize(width: number, height: number): void {
    const minimum = this[STATE].type === "LINE" ? 0 : 0.01;
    if (typeof width !== "number" || !(width >= 0.01)) this.fail("resize", "Expected width to be >= 0.01");
    if (typeof height !== "number" || !(height >= minimum)) this.fail("resize", `Expected height to be >= ${minimum}`);
    const state = this[STATE];
    if (isTransparentContainer(state.type)) {
      this.scaleChildren(width, height);
      return;
    }
    this.doc.edit([[this, ["width", "height"]]], () => {
      state.width = width;
      state.height = height;
    });
  }

  resizeWithoutConstraints(width: number, height: number): void {
    this.resize(width, height);
  }

  /** A group resizes by scaling its children about its top-left corner. */
  private scaleChildren(width: number, height: number): void {
    const box = boxOf(this);
    const sx = box.width > 0 ? width / box.width : 1;
    const sy = box.height > 0 ? height / box.height : 1;
    for (const child of this[STATE].children ?? []) {
      const scene = child as unknown as FakeSceneNode;
      const childBox = boxOf(child);
      scene.resize(Math.max(0.01, childBox.width * sx), Math.max(0.01, childBox.height * sy));
      scene.x = box.x + (childBox.x - box.x) * sx;
      scene.y = box.y + (childBox.y - box.y) * sy;
    }
  }

  get absoluteTransform(): [[number, number, number], [number, number, number]] {
    const box = absoluteBoxOf(this);
    return [
      [1, 0, box.x],
      [0, 1, box.y],
    ];
  }

  get absoluteBoundingBox(): { x: number; y: number; width: number; height: number } {
    return absoluteBoxOf(this);
  }

  get absoluteRenderBounds(): { x: number; y: number; width: number; height: number } {
    return absoluteBoxOf(this);
  }

  get visible(): boolean {
    return this[STATE].visible;
  }

  set visible(value: boolean) {
    this.setScalar("visible", Boolean(value));
  }

  get locked(): boolean {
    return this[STATE].locked;
  }

  set locked(value: boolean) {
    this.setScalar("locked", Boolean(value));
  }

  get opacity(): number {
    return this[STATE].opacity;
  }

  set opacity(value: number) {
    if (typeof value !== "number" || value < 0 || value > 1) this.fail("set_opacity", "Expected opacity in 0..1");
    this.setScalar("opacity", value);
  }

  get rotation(): number {
    return this[STATE].rotation;
  }

  set rotation(value: number) {
    if (!Number.isFinite(value)) this.fail("set_rotation", "Expected a finite number");
    this.setScalar("rotation", value);
  }

  private setScalar<K extends "visible" | "locked" | "opacity" | "rotation">(key: K, value: NodeState[K]): void {
    this.doc.edit([[this, [key]]], () => {
      this[STATE][key] = value;
    });
  }

  /** Duplicates the node (and its children); per Figma's docs the duplicate is parented under the current page. */
  clone(): FakeNode {
    const copy = copySubtree(this, this.doc);
    const page = this.doc.currentPage() as unknown as { appendChild(node: FakeNode): void };
    page.appendChild(copy);
    return copy;
  }

  exportAsync(): Promise<Uint8Array> {
    return Promise.reject(
      this.doc.realm.error(
        "figma-harness: exportAsync is not implemented (Figma renders what is visible, not the image)",
      ),
    );
  }
}

function copySubtree(node: FakeNode, doc: FakeSceneNode["doc"]): FakeNode {
  const { doc: _doc, id: _id, parent: _parent, children, selection: _selection, ...rest } = stateOf(node);
  const copy = doc.make(rest.type, { ...rest, removed: true });
  if (children) {
    const copies = children.map((child) => copySubtree(child, doc));
    stateOf(copy).children = copies;
    for (const child of copies) {
      stateOf(child).parent = copy;
      stateOf(child).removed = false;
    }
  }
  return copy;
}
