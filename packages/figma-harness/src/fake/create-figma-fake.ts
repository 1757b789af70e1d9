import type { NodeTypes, PageNode, Paint, PluginAPI, SceneNode } from "../figma-types.js";
import { CLIENT_STORAGE_QUOTA, ClientStorage } from "./client-storage.js";
import { FakeDocument } from "./document.js";
import type { ImageDetails, StoredImage } from "./image-store.js";
import { type FakeNode, type NodeState, STATE, stateOf } from "./node-state.js";
import { SCENE_NODE_TYPES } from "./node-types.js";
import { type FillsSnapshot, snapshotFills } from "./paint-changes.js";
import { buildPluginApi, type ViewportState } from "./plugin-api.js";
import { type Notification, PluginSession } from "./plugin-session.js";
import type { Realm } from "./realm.js";
import { type Violation, ViolationLog, type ViolationPolicy } from "./violations.js";

export interface FigmaFakeOptions {
  editorType?: "figma" | "figjam" | "dev" | "slides";
  /** `figma.command` of the first run (a manifest menu command); "" when the plugin has no menu. */
  command?: string;
  /** Throw at the offending call (default) or only record rule violations in `fake.violations`. */
  violations?: ViolationPolicy;
  /** The commands of manifest.json `relaunchButtons`; when given, `setRelaunchData` refuses others, like Figma. */
  relaunchCommands?: readonly string[];
  clientStorageQuotaBytes?: number;
  viewport?: Partial<ViewportState>;
  pageName?: string;
}

/** A layer as a test describes it: any scene type, with Figma paint objects as fills. */
export interface NodeInit {
  name?: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  rotation?: number;
  opacity?: number;
  visible?: boolean;
  fills?: readonly Paint[];
  strokes?: readonly Paint[];
  /** Text only. */
  characters?: string;
  /** Text only: fills per character range (the node's `fills` is then `figma.mixed` if they differ). */
  rangeFills?: ReadonlyArray<{ start: number; end: number; fills: readonly Paint[] }>;
  pluginData?: Record<string, string>;
  /** Defaults to the current page. */
  parent?: BaseNodeLike;
}

type BaseNodeLike = SceneNode | PageNode;

/** An image paint as tests read it: where it is and what it says. */
export interface ImagePaintUse {
  node: SceneNode;
  /** Index in the node's fills; for text with mixed fills, the index within the range's fills. */
  index: number;
  paint: Paint & { type: "IMAGE" };
  /** The text range it applies to, for text with per-range fills. */
  range?: { start: number; end: number };
}

export interface FigmaFake {
  /** The current run's `figma`. A new run (`reopen`, or `runPluginMain` after a close) gets a new one. */
  readonly figma: PluginAPI;
  readonly session: PluginSession;
  /** Starts a new plugin run on the same canvas, images and clientStorage (closing the current one). */
  reopen(options?: { command?: string; parameters?: Record<string, unknown> }): PluginAPI;

  /** Adds a layer as the user would have drawn it (no undo step). Returns it typed as Figma's node. */
  create<K extends keyof NodeTypes>(type: K, init?: NodeInit): NodeTypes[K];
  /** Stores image bytes as the user would have placed them; returns the hash. Same rules as createImage. */
  addImage(bytes: Uint8Array): string;
  /** The user selects layers (fires `selectionchange` in the plugin). */
  select(nodes: readonly SceneNode[]): void;
  /**
   * Runs what the user does meanwhile (deletes a layer, changes a fill) outside the plugin's undo history, so
   * `undo()` still reverts exactly the plugin's step.
   */
  asUser<T>(action: () => T): T;
  /** Makes `getImageByHash(hash)` return null while paints still name the hash. */
  forgetImage(hash: string): void;

  /** Every live layer on every page (document order). */
  nodes(): SceneNode[];
  /** A plain, writable copy of a node's fills (or "mixed"). */
  fillsOf(node: SceneNode): Paint[] | "mixed";
  /** Every live layer's fills (text: "mixed" or its fills), to compare with `paintChanges` after a run. */
  snapshotFills(): FillsSnapshot;
  /** Every image paint on live layers, including per-range text fills. */
  imagePaints(): ImagePaintUse[];
  image(hash: string): StoredImage | undefined;
  /** Format, size, channels, alpha of a stored image, measured by sharp. */
  imageDetails(hash: string): Promise<ImageDetails>;
  images(): StoredImage[];
  readonly notifications: readonly Notification[];
  /** What the current run opened with `figma.openExternal`, in order. */
  readonly openedUrls: readonly string[];
  /** Clicks the button of the n-th notification. */
  clickNotificationButton(index: number): unknown;
  storage(): Record<string, unknown>;
  readonly violations: readonly Violation[];
  /** Errors the plugin's callbacks threw in the current run. */
  readonly errors: readonly unknown[];
  /** Reverts the newest undo step (see commitUndo); false when there is none. */
  undo(): boolean;
  readonly undoSteps: number;
  /** Waits for background checks (image decoding) and pending notifications of changes. */
  settled(): Promise<void>;
  /** Calls `listener` after each burst of canvas changes. */
  onCanvasChange(listener: () => void): () => void;

  /** @internal used by runPluginMain: objects handed to plugin code are made in its realm. */
  adoptRealm(realm: Realm): void;
  /** @internal the document model, for the harness' canvas view. */
  readonly document: FakeDocument;
}

export function createFigmaFake(options: FigmaFakeOptions = {}): FigmaFake {
  const violations = new ViolationLog(options.violations ?? "throw");
  const doc = new FakeDocument(violations, options.relaunchCommands, options.pageName ?? "Page 1");
  const storage = new ClientStorage(doc.realm, options.clientStorageQuotaBytes ?? CLIENT_STORAGE_QUOTA);
  const settings = {
    editorType: options.editorType ?? "figma",
    viewport: { center: { x: 0, y: 0 }, zoom: 1, width: 1440, height: 900, ...options.viewport },
  };
  let session: PluginSession;
  let figma: PluginAPI;
  const start = (command: string, parameters?: Record<string, unknown>) => {
    session = new PluginSession(doc.realm, violations, command, parameters);
    figma = buildPluginApi(doc, session, storage, settings);
  };
  start(options.command ?? "");
  doc.onSelectionChange((page) => {
    if (page === doc.currentPage()) session.dispatch(() => session.emit("selectionchange"));
  });
  const asScene = (node: FakeNode) => node as unknown as SceneNode;
  const live = () =>
    (stateOf(doc.root).children ?? []).flatMap((page) => (page as unknown as { findAll(): FakeNode[] }).findAll());

  const fake: FigmaFake = {
    get figma() {
      return figma;
    },
    get session() {
      return session;
    },
    reopen(next = {}) {
      // As closePlugin: the run's changes become one undo step.
      figma.closePlugin();
      start(next.command ?? session.command, next.parameters);
      return figma;
    },
    create<K extends keyof NodeTypes>(type: K, init: NodeInit = {}): NodeTypes[K] {
      if (!SCENE_NODE_TYPES.includes(type)) throw new Error(`figma-harness: cannot create a ${type}`);
      return doc.journal.withoutRecording(() => buildNode(doc, type, init)) as unknown as NodeTypes[K];
    },
    addImage: (bytes) => doc.images.create(bytes).hash,
    select(nodes) {
      (doc.currentPage() as unknown as PageNode).selection = nodes;
    },
    asUser: (action) => doc.journal.withoutRecording(action),
    snapshotFills: () => snapshotFills(live().map(asScene), (node) => fake.fillsOf(node)),
    forgetImage: (hash) => doc.images.forget(hash),
    nodes: () => live().map(asScene),
    fillsOf(node) {
      const fills = (node as unknown as { fills?: unknown }).fills;
      return fills === doc.mixed ? "mixed" : (JSON.parse(JSON.stringify(fills ?? [])) as Paint[]);
    },
    imagePaints: () => live().flatMap((node) => imagePaintsOf(node, doc.mixed)),
    image: (hash) => doc.images.all().find((image) => image.hash === hash),
    imageDetails: (hash) => doc.images.details(hash),
    images: () => doc.images.all(),
    get notifications() {
      return session.notifications;
    },
    get openedUrls() {
      return session.openedUrls;
    },
    clickNotificationButton: (index) => session.notificationButtons[index]?.(),
    storage: () => storage.snapshot(),
    get violations() {
      return violations.list;
    },
    get errors() {
      return session.errors;
    },
    undo: () => doc.journal.undo(),
    get undoSteps() {
      return doc.journal.stepCount;
    },
    async settled() {
      await doc.images.settled();
      await new Promise((resolve) => setImmediate(resolve));
    },
    onCanvasChange: (listener) => doc.onChange(listener),
    adoptRealm(realm) {
      doc.realm.current = realm;
    },
    document: doc,
  };
  return fake;
}

function buildNode(doc: FakeDocument, type: string, init: NodeInit): FakeNode {
  const { parent, fills, strokes, characters, rangeFills, pluginData, width, height, ...scalars } = init;
  const extra: Partial<NodeState> = { ...scalars };
  if (characters !== undefined) extra.characters = characters;
  const node = doc.make(type, extra);
  const target = (parent ?? doc.currentPage()) as unknown as { appendChild(node: FakeNode): void };
  target.appendChild(node);
  const api = node as unknown as Record<string, unknown> & {
    resize(w: number, h: number): void;
    setPluginData(k: string, v: string): void;
    setRangeFills(s: number, e: number, f: readonly Paint[]): void;
  };
  if (width !== undefined || height !== undefined) api.resize(width ?? 100, height ?? 100);
  if (fills) api.fills = fills;
  if (strokes) api.strokes = strokes;
  for (const range of rangeFills ?? []) api.setRangeFills(range.start, range.end, range.fills);
  for (const [key, value] of Object.entries(pluginData ?? {})) api.setPluginData(key, value);
  return node;
}

function imagePaintsOf(node: FakeNode, mixed: symbol): ImagePaintUse[] {
  const scene = node as unknown as SceneNode;
  const state = node[STATE];
  const plain = (paints: readonly Paint[]) => JSON.parse(JSON.stringify(paints)) as Paint[];
  const uses: ImagePaintUse[] = [];
  const collect = (paints: readonly Paint[], range?: { start: number; end: number }) => {
    plain(paints).forEach((paint, index) => {
      if (paint.type === "IMAGE") uses.push({ node: scene, index, paint, ...(range ? { range } : {}) });
    });
  };
  if (state.type === "TEXT") {
    const text = scene as unknown as {
      fills: unknown;
      getStyledTextSegments(f: string[]): Array<{ start: number; end: number; fills: Paint[] }>;
    };
    if (text.fills !== mixed) collect(text.fills as Paint[]);
    else for (const { start, end, fills } of text.getStyledTextSegments(["fills"])) collect(fills, { start, end });
  } else if ("fills" in scene) {
    collect(scene.fills as readonly Paint[]);
  }
  return uses;
}
