import type { Paint } from "../figma-types.js";
import type { ImageStore } from "./image-store.js";
import type { PaintContext } from "./paints.js";
import type { RealmRef } from "./realm.js";
import type { UndoJournal } from "./undo-journal.js";

/** Where a node keeps its data: under a symbol, so plugin code enumerating a node sees only Figma's API. */
export const STATE = Symbol("figma-harness.node-state");

export interface TextRun {
  start: number;
  end: number;
  fills: readonly Paint[];
}

export interface NodeState {
  readonly doc: DocumentModel;
  readonly id: string;
  readonly type: string;
  name: string;
  parent: FakeNode | null;
  removed: boolean;
  children?: FakeNode[];
  fills?: readonly Paint[];
  strokes?: readonly Paint[];
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
  opacity: number;
  visible: boolean;
  locked: boolean;
  pluginData: Readonly<Record<string, string>>;
  sharedPluginData: Readonly<Record<string, Readonly<Record<string, string>>>>;
  relaunchData: Readonly<Record<string, string>>;
  characters?: string;
  textRuns?: readonly TextRun[];
  mainComponent?: FakeNode;
  selection?: readonly FakeNode[];
}

export interface FakeNode {
  [STATE]: NodeState;
}

/** What nodes need from the document they live in. */
export interface DocumentModel {
  readonly realm: RealmRef;
  readonly journal: UndoJournal;
  readonly images: ImageStore;
  readonly mixed: symbol;
  readonly paintContext: PaintContext;
  readonly relaunchCommands: readonly string[] | undefined;
  readonly loadedFonts: Set<string>;
  currentPage(): FakeNode;
  /** Makes a node of `type` (not yet attached) with fresh id. */
  make(type: string, init?: Partial<NodeState>): FakeNode;
  /** Applies a change and records, for undo, the previous values of the listed state keys. */
  edit(targets: ReadonlyArray<readonly [FakeNode, ReadonlyArray<keyof NodeState>]>, apply: () => void): void;
  changed(): void;
  /** A page's selection was set (by the plugin or, in tests, by the "user"). */
  selectionChanged(page: FakeNode): void;
}

export const stateOf = (node: FakeNode): NodeState => node[STATE];

/** Types whose x/y are not an origin for their children: children are positioned in the group's parent. */
export const isTransparentContainer = (type: string): boolean => type === "GROUP" || type === "BOOLEAN_OPERATION";
