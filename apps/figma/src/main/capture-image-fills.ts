/** Fills of a text range (`getStyledTextSegments(["fills"])`). */
export interface TextRangeFills {
  readonly start: number;
  readonly end: number;
  readonly fills: readonly Paint[];
}

/** The part of a Figma node this module reads: typed structurally so tests can pass plain objects. */
export interface CapturableNode {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly removed?: boolean;
  readonly fills?: readonly Paint[] | symbol;
  readonly children?: readonly CapturableNode[];
  /** Text only: its fills per range, when `fills` is `figma.mixed`. */
  getStyledTextSegments?(fields: ["fills"]): readonly TextRangeFills[];
}

/**
 * Where a list of fills lives: the node's `fills` (no range), or one range of a text whose fills differ per
 * character, written back with `setRangeFills`.
 */
export interface FillSlot {
  range?: { start: number; end: number };
  fills: Paint[];
}

/** A node as it was when the run started: its fills are kept to tell later whether someone changed them. */
export interface CapturedNode {
  id: string;
  name: string;
  slots: FillSlot[];
}

/** One image to upscale (one `imageHash`) and every node that uses it. */
export interface ImageJob {
  hash: string;
  nodeIds: string[];
}

export interface CapturedSelection {
  nodes: CapturedNode[];
  jobs: ImageJob[];
  /** Why some selected layers will not be touched, in words a designer understands. */
  notes: string[];
}

/**
 * Every node in the selection with at least one image fill, whatever its type — text with an image in only
 * some of its characters included — and (with `includeChildren`) the nodes inside selected frames, groups,
 * components and boolean operations. Images are grouped by hash, so an image shown by several paints is
 * upscaled once.
 */
export function captureImageFills(selection: readonly CapturableNode[], includeChildren: boolean): CapturedSelection {
  const nodes: CapturedNode[] = [];
  const jobs = new Map<string, ImageJob>();
  const notes: string[] = [];
  const seen = new Set<string>();
  if (selection.length === 0) notes.push("Nothing is selected: select layers with image fills.");

  for (const selected of selection) {
    const found = includeChildren ? withDescendants(selected) : [selected];
    let images = 0;
    let selectedProblem: string | undefined;
    for (const node of found) {
      if (seen.has(node.id) || node.removed === true) continue;
      seen.add(node.id);
      const captured = captureNode(node);
      if ("problem" in captured) {
        // With its layers included, a container's own fills do not matter: the summary below speaks for it.
        if (node === selected) selectedProblem = includeChildren && node.children ? undefined : captured.problem;
        // Inside a frame most layers have no image; only a broken image fill is worth telling.
        else if (!captured.plain) notes.push(captured.problem);
        continue;
      }
      images += 1;
      nodes.push(captured.node);
      for (const hash of captured.hashes) {
        const job = jobs.get(hash) ?? { hash, nodeIds: [] };
        if (job.nodeIds.indexOf(node.id) === -1) job.nodeIds.push(node.id);
        jobs.set(hash, job);
      }
    }
    if (images === 0) notes.push(selectedProblem ?? `“${selected.name}” has no image fills.`);
  }
  return { nodes, jobs: Array.from(jobs.values()), notes };
}

type Capture = { node: CapturedNode; hashes: string[] } | { problem: string; plain: boolean };

/** The node's image hashes and a copy of its fills, or why it has nothing to upscale. */
function captureNode(node: CapturableNode): Capture {
  const slots = readFillSlots(node);
  if (slots === undefined && typeof node.fills === "symbol") {
    return { problem: `“${node.name}” has mixed fills that cannot be read one by one.`, plain: false };
  }
  if (slots === undefined) {
    const plain = node.children === undefined;
    return plain
      ? { problem: `“${node.name}” has no fills.`, plain }
      : {
          problem: `“${node.name}” is a ${node.type.toLowerCase()}: turn on “Include layers inside” for its images.`,
          plain,
        };
  }
  const hashes: string[] = [];
  let empty = 0;
  for (const slot of slots) {
    for (const paint of slot.fills) {
      if (paint.type !== "IMAGE") continue;
      if (paint.imageHash === null) empty += 1;
      else if (hashes.indexOf(paint.imageHash) === -1) hashes.push(paint.imageHash);
    }
  }
  if (hashes.length > 0) return { node: { id: node.id, name: node.name, slots }, hashes };
  if (empty > 0) return { problem: `“${node.name}” has an image fill without an image.`, plain: false };
  return { problem: `“${node.name}” has no image fill.`, plain: true };
}

/** A node's fills as slots (copies), or undefined for a node without fills (a group, a slice). */
export function readFillSlots(node: CapturableNode): FillSlot[] | undefined {
  const fills = node.fills;
  if (fills === undefined) return undefined;
  if (typeof fills !== "symbol") return [{ fills: clonePaints(fills) }];
  if (node.getStyledTextSegments === undefined) return undefined;
  return node.getStyledTextSegments(["fills"]).map((segment) => ({
    range: { start: segment.start, end: segment.end },
    fills: clonePaints(segment.fills),
  }));
}

function withDescendants(root: CapturableNode): CapturableNode[] {
  const all: CapturableNode[] = [];
  const visit = (node: CapturableNode): void => {
    all.push(node);
    for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  return all;
}

/** A deep, unfrozen copy: Figma's paints are frozen, and the copy must not follow later edits. */
export function clonePaints(fills: readonly Paint[]): Paint[] {
  return JSON.parse(JSON.stringify(fills)) as Paint[];
}

/** The node's fills are still exactly what the run captured (same ranges, paints, order and properties). */
export function fillsUnchanged(captured: CapturedNode, current: CapturableNode): boolean {
  const slots = readFillSlots(current);
  // Both sides are JSON copies of Figma paints, whose keys come in a fixed order: equal text, equal fills.
  return slots !== undefined && JSON.stringify(captured.slots) === JSON.stringify(slots);
}

/** Every image hash the slots' paints show, in order (repeats included). */
export function imageHashesIn(slots: readonly FillSlot[]): string[] {
  const hashes: string[] = [];
  for (const slot of slots) {
    for (const paint of slot.fills)
      if (paint.type === "IMAGE" && paint.imageHash !== null) hashes.push(paint.imageHash);
  }
  return hashes;
}
