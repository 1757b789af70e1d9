import type { FigmaFake } from "../fake/create-figma-fake.js";
import { absoluteBoxOf } from "../fake/geometry.js";
import { type FakeNode, stateOf } from "../fake/node-state.js";
import type { Paint } from "../figma-types.js";

/** One paint as the host page draws it. */
export type PaintView =
  | { kind: "solid"; color: string; opacity: number; visible: boolean; blendMode: string }
  | {
      kind: "image";
      hash: string | null;
      /** Null when the hash has no image (getImageByHash would return null). */
      url: string | null;
      scaleMode: string;
      scalingFactor: number;
      /** CROP: which part of the image shows, in image-relative units ([[sx, 0, tx], [0, sy, ty]]). */
      imageTransform: number[][] | null;
      imageWidth: number;
      imageHeight: number;
      rotation: number;
      opacity: number;
      visible: boolean;
      blendMode: string;
    }
  | { kind: "other"; type: string; opacity: number; visible: boolean };

export interface NodeView {
  id: string;
  name: string;
  type: string;
  depth: number;
  x: number;
  y: number;
  width: number;
  height: number;
  visible: boolean;
  opacity: number;
  rotation: number;
  fills: PaintView[];
  /** Text only: its runs with their fills. */
  text?: Array<{ characters: string; fills: PaintView[] }>;
  imagePaints: number;
}

export interface CanvasView {
  page: { id: string; name: string };
  pages: Array<{ id: string; name: string }>;
  nodes: NodeView[];
  selection: string[];
  viewportCenter: { x: number; y: number };
}

/** The current page of the fake, flattened in paint order (parents before children), for the host page. */
export function snapshotCanvas(fake: FigmaFake): CanvasView {
  const doc = fake.document;
  const page = doc.currentPage();
  const nodes: NodeView[] = [];
  const visit = (node: FakeNode, depth: number) => {
    nodes.push(viewOf(fake, node, depth));
    for (const child of stateOf(node).children ?? []) visit(child, depth + 1);
  };
  for (const child of stateOf(page).children ?? []) visit(child, 0);
  return {
    page: { id: stateOf(page).id, name: stateOf(page).name },
    pages: (stateOf(doc.root).children ?? []).map((p) => ({ id: stateOf(p).id, name: stateOf(p).name })),
    nodes,
    selection: (stateOf(page).selection ?? []).filter((node) => !stateOf(node).removed).map((node) => stateOf(node).id),
    viewportCenter: fake.figma.viewport.center,
  };
}

function viewOf(fake: FigmaFake, node: FakeNode, depth: number): NodeView {
  const state = stateOf(node);
  const box = absoluteBoxOf(node);
  const paints = (list: readonly Paint[]) => list.map((paint) => paintView(fake, paint));
  const view: NodeView = {
    id: state.id,
    name: state.name,
    type: state.type,
    depth,
    ...box,
    visible: state.visible,
    opacity: state.opacity,
    rotation: state.rotation,
    fills: paints(state.fills ?? []),
    imagePaints: 0,
  };
  if (state.type === "TEXT") {
    const characters = state.characters ?? "";
    view.text = (state.textRuns ?? []).map((run) => ({
      characters: characters.slice(run.start, run.end),
      fills: paints(run.fills),
    }));
    view.fills = [];
  }
  const all = [...view.fills, ...(view.text ?? []).flatMap((run) => run.fills)];
  view.imagePaints = all.filter((paint) => paint.kind === "image").length;
  return view;
}

function paintView(fake: FigmaFake, paint: Paint): PaintView {
  const common = { opacity: paint.opacity ?? 1, visible: paint.visible !== false };
  if (paint.type === "SOLID") {
    const { r, g, b } = paint.color;
    const channel = (value: number) => Math.round(value * 255);
    return {
      kind: "solid",
      color: `rgb(${channel(r)}, ${channel(g)}, ${channel(b)})`,
      blendMode: paint.blendMode ?? "NORMAL",
      ...common,
    };
  }
  if (paint.type !== "IMAGE") return { kind: "other", type: paint.type, ...common };
  const image = paint.imageHash ? fake.document.images.find(paint.imageHash) : undefined;
  return {
    kind: "image",
    hash: paint.imageHash,
    url: image ? `/images/${image.hash}` : null,
    scaleMode: paint.scaleMode,
    scalingFactor: paint.scalingFactor ?? 0.5,
    imageTransform: paint.imageTransform ? paint.imageTransform.map((row) => [...row]) : null,
    imageWidth: image?.width ?? 0,
    imageHeight: image?.height ?? 0,
    rotation: paint.rotation ?? 0,
    blendMode: paint.blendMode ?? "NORMAL",
    ...common,
  };
}
