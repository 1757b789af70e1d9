import { guardRemoved } from "./base-node.js";
import { ImageStore } from "./image-store.js";
import { type DocumentModel, type FakeNode, type NodeState, stateOf } from "./node-state.js";
import { instantiate } from "./node-types.js";
import type { PaintContext } from "./paints.js";
import { RealmRef } from "./realm.js";
import { UndoJournal } from "./undo-journal.js";
import type { ViolationLog } from "./violations.js";

/** figma.mixed: one symbol for the life of the document, so it compares equal across plugin runs. */
const MIXED = Symbol("figma.mixed");

/**
 * The file: pages and layers, images and undo history. It outlives plugin runs, so a test can close the plugin
 * and open it again on the same canvas.
 */
export class FakeDocument implements DocumentModel {
  readonly realm = new RealmRef();
  readonly journal = new UndoJournal();
  readonly images: ImageStore;
  readonly mixed = MIXED;
  readonly paintContext: PaintContext;
  readonly loadedFonts = new Set<string>();
  readonly root: FakeNode;
  private readonly byId = new Map<string, FakeNode>();
  private readonly changeListeners = new Set<() => void>();
  private readonly selectionListeners = new Set<(page: FakeNode) => void>();
  private changeScheduled = false;
  private nextId = 1;
  private current: FakeNode;

  constructor(
    readonly violations: ViolationLog,
    readonly relaunchCommands: readonly string[] | undefined,
    firstPageName: string,
  ) {
    this.images = new ImageStore(this.realm, violations);
    this.paintContext = { realm: this.realm, isKnownImage: (hash) => this.images.isKnown(hash) };
    this.root = this.make("DOCUMENT", { name: "Document", removed: false }, "0:0");
    this.current = this.journal.withoutRecording(() => this.addPage(firstPageName));
  }

  make(type: string, init: Partial<NodeState> = {}, id?: string): FakeNode {
    const state: NodeState = {
      name: defaultName(type),
      parent: null,
      removed: true,
      x: 0,
      y: 0,
      width: 100,
      height: 100,
      rotation: 0,
      opacity: 1,
      visible: true,
      locked: false,
      pluginData: {},
      sharedPluginData: {},
      relaunchData: {},
      ...init,
      doc: this,
      id: id ?? `${type === "PAGE" ? 0 : 1}:${this.nextId++}`,
      type,
    };
    if (type === "PAGE" || type === "DOCUMENT" || type === "FRAME" || type === "GROUP" || type === "COMPONENT") {
      state.children ??= [];
    }
    if (["INSTANCE", "SECTION", "BOOLEAN_OPERATION", "COMPONENT_SET"].includes(type)) state.children ??= [];
    if (type === "PAGE") state.selection = [];
    if (type === "TEXT") {
      state.characters ??= "";
      state.textRuns ??= [{ start: 0, end: state.characters.length, fills: init.fills ?? [] }];
      delete state.fills;
    }
    const node = guardRemoved(instantiate(state)) as unknown as FakeNode;
    this.byId.set(state.id, node);
    return node;
  }

  addPage(name: string): FakeNode {
    const page = this.make("PAGE", { name });
    (this.root as unknown as { appendChild(node: FakeNode): void }).appendChild(page);
    return page;
  }

  /** A live node by id, as getNodeByIdAsync answers. */
  find(id: string): FakeNode | null {
    const node = this.byId.get(id);
    return node && !stateOf(node).removed ? node : null;
  }

  currentPage(): FakeNode {
    return this.current;
  }

  setCurrentPage(page: FakeNode): void {
    this.current = page;
  }

  edit(targets: ReadonlyArray<readonly [FakeNode, ReadonlyArray<keyof NodeState>]>, apply: () => void): void {
    const before = targets.map(([node, keys]) => {
      const state = stateOf(node) as unknown as Record<string, unknown>;
      return { state, values: keys.map((key) => [key, state[key]] as const) };
    });
    apply();
    this.journal.record(() => {
      for (const { state, values } of before) for (const [key, value] of values) state[key] = value;
      this.changed();
    });
    this.changed();
  }

  /** Coalesces change notifications (the harness re-renders the canvas once per burst). */
  changed(): void {
    if (this.changeScheduled) return;
    this.changeScheduled = true;
    setImmediate(() => {
      this.changeScheduled = false;
      for (const listener of this.changeListeners) listener();
    });
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  selectionChanged(page: FakeNode): void {
    for (const listener of this.selectionListeners) listener(page);
    this.changed();
  }

  onSelectionChange(listener: (page: FakeNode) => void): () => void {
    this.selectionListeners.add(listener);
    return () => this.selectionListeners.delete(listener);
  }
}

function defaultName(type: string): string {
  const words = type.toLowerCase().split("_").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
