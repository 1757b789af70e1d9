import type { PluginAPI } from "../figma-types.js";
import type { ClientStorage } from "./client-storage.js";
import type { FakeDocument } from "./document.js";
import { type FakeNode, stateOf } from "./node-state.js";
import { storePaints } from "./paints.js";
import type { PluginSession } from "./plugin-session.js";
import { isUint8Array } from "./realm.js";

export interface ViewportState {
  center: { x: number; y: number };
  zoom: number;
  /** The canvas area in screen pixels, for `viewport.bounds`. */
  width: number;
  height: number;
}

export interface ApiSettings {
  editorType: "figma" | "figjam" | "dev" | "slides";
  viewport: ViewportState;
}

/** The default fills Figma gives new layers (light grey shapes, white frames). */
const SHAPE_FILL = [{ type: "SOLID", color: { r: 0.8509804010391235, g: 0.8509804010391235, b: 0.8509804010391235 } }];
const FRAME_FILL = [{ type: "SOLID", color: { r: 1, g: 1, b: 1 } }];

type Appendable = { appendChild(node: FakeNode): void; insertChild(index: number, node: FakeNode): void };

/** `figma` for one plugin run: the document's canvas, images and storage, the session's UI and events. */
export function buildPluginApi(
  doc: FakeDocument,
  session: PluginSession,
  storage: ClientStorage,
  settings: ApiSettings,
): PluginAPI {
  const realm = doc.realm;
  const create = (type: string, fills?: unknown[]) => () => {
    const node = doc.make(type, fills ? { fills: storePaints(fills, "fills", doc.paintContext) } : {});
    (doc.currentPage() as unknown as Appendable).appendChild(node);
    return node;
  };
  const wrap =
    (type: string, operation: string, extra: object = {}) =>
    (nodes: readonly FakeNode[], parent: FakeNode, index?: number) => {
      if (!Array.isArray(nodes) || nodes.length === 0) throw realm.error(`in ${operation}: Expected at least one node`);
      const container = doc.make(type, extra);
      const target = parent as unknown as Appendable;
      const at = index ?? (stateOf(parent).children ?? []).length;
      target.insertChild(Math.min(at, (stateOf(parent).children ?? []).length), container);
      for (const node of nodes) (container as unknown as Appendable).appendChild(node);
      return container;
    };
  const viewport = settings.viewport;

  const api = {
    apiVersion: "1.0.0",
    command: session.command,
    editorType: settings.editorType,
    mode: "default",
    pluginId: "figma-harness",
    fileKey: undefined,
    skipInvisibleInstanceChildren: false,
    currentUser: { id: "1", name: "Harness User", photoUrl: null, color: "#0d99ff", sessionId: 1 },
    mixed: doc.mixed,
    get root() {
      return doc.root;
    },
    get currentPage() {
      return doc.currentPage();
    },
    set currentPage(_page: unknown) {
      throw realm.error(
        'in set_currentPage: Cannot set currentPage with "documentAccess": "dynamic-page". Use figma.setCurrentPageAsync',
      );
    },
    setCurrentPageAsync: async (page: FakeNode) => {
      if (!page || stateOf(page).type !== "PAGE") throw realm.error("in setCurrentPageAsync: Expected a page");
      doc.setCurrentPage(page);
      session.dispatch(() => session.emit("currentpagechange"));
    },
    loadAllPagesAsync: async () => {},
    getNodeByIdAsync: async (id: string) => {
      if (typeof id !== "string") throw realm.typeError("in getNodeByIdAsync: Expected id to be a string");
      return doc.find(id);
    },
    getNodeById: () => {
      throw realm.error(
        'in getNodeById: Cannot call with "documentAccess": "dynamic-page". Use figma.getNodeByIdAsync',
      );
    },
    viewport: {
      get center() {
        return { ...viewport.center };
      },
      set center(value: { x: number; y: number }) {
        viewport.center = { x: value.x, y: value.y };
      },
      get zoom() {
        return viewport.zoom;
      },
      set zoom(value: number) {
        viewport.zoom = value;
      },
      get bounds() {
        const width = viewport.width / viewport.zoom;
        const height = viewport.height / viewport.zoom;
        return { x: viewport.center.x - width / 2, y: viewport.center.y - height / 2, width, height };
      },
      scrollAndZoomIntoView: (nodes: readonly FakeNode[]) => {
        const boxes = nodes.map(
          (node) =>
            (node as unknown as { absoluteBoundingBox: { x: number; y: number; width: number; height: number } })
              .absoluteBoundingBox,
        );
        if (boxes.length === 0) return;
        const left = Math.min(...boxes.map((b) => b.x));
        const top = Math.min(...boxes.map((b) => b.y));
        const right = Math.max(...boxes.map((b) => b.x + b.width));
        const bottom = Math.max(...boxes.map((b) => b.y + b.height));
        viewport.center = { x: (left + right) / 2, y: (top + bottom) / 2 };
      },
    },
    createRectangle: create("RECTANGLE", SHAPE_FILL),
    createEllipse: create("ELLIPSE", SHAPE_FILL),
    createPolygon: create("POLYGON", SHAPE_FILL),
    createStar: create("STAR", SHAPE_FILL),
    createVector: create("VECTOR", []),
    createLine: create("LINE", []),
    createText: create("TEXT"),
    createFrame: create("FRAME", FRAME_FILL),
    createComponent: create("COMPONENT", FRAME_FILL),
    createSection: create("SECTION", FRAME_FILL),
    createSlice: create("SLICE"),
    createPage: () => doc.addPage("Page"),
    group: wrap("GROUP", "group"),
    union: wrap("BOOLEAN_OPERATION", "union", { fills: storePaints(SHAPE_FILL, "fills", doc.paintContext) }),
    subtract: wrap("BOOLEAN_OPERATION", "subtract", { fills: storePaints(SHAPE_FILL, "fills", doc.paintContext) }),
    intersect: wrap("BOOLEAN_OPERATION", "intersect", { fills: storePaints(SHAPE_FILL, "fills", doc.paintContext) }),
    exclude: wrap("BOOLEAN_OPERATION", "exclude", { fills: storePaints(SHAPE_FILL, "fills", doc.paintContext) }),
    createImage: (bytes: Uint8Array) => doc.images.handle(doc.images.create(bytes)),
    createImageAsync: async (src: string) => {
      if (typeof src !== "string") throw realm.typeError("in createImageAsync: Expected a URL string");
      const response = await fetch(src);
      if (!response.ok) throw realm.error(`in createImageAsync: Failed to fetch image (HTTP ${response.status})`);
      return doc.images.handle(doc.images.create(new Uint8Array(await response.arrayBuffer())));
    },
    getImageByHash: (hash: string) => {
      if (typeof hash !== "string") throw realm.typeError("in getImageByHash: Expected hash to be a string");
      const image = doc.images.find(hash);
      return image ? doc.images.handle(image) : null;
    },
    loadFontAsync: async (font: { family: string; style: string }) => {
      doc.loadedFonts.add(`${font.family} ${font.style}`);
    },
    clientStorage: storage.api(),
    notify: (message: string, options?: Parameters<PluginSession["notify"]>[1]) => session.notify(message, options),
    openExternal: (url: string) => session.openExternal(url),
    commitUndo: () => doc.journal.commit(),
    triggerUndo: () => {
      doc.journal.undo();
    },
    closePlugin: (message?: string) => {
      session.close(message);
      doc.journal.commit();
    },
    showUI: (html: string, options?: Parameters<PluginSession["ui"]["show"]>[1]) => session.ui.show(html, options),
    ui: session.ui.api(),
    on: (type: string, handler: (...args: unknown[]) => unknown) => session.on(type, handler),
    once: (type: string, handler: (...args: unknown[]) => unknown) => session.on(type, handler, true),
    off: (type: string, handler: (...args: unknown[]) => unknown) => session.off(type, handler),
    base64Encode: (bytes: Uint8Array) => {
      if (!isUint8Array(bytes)) throw realm.typeError("in base64Encode: Expected Uint8Array");
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
    },
    base64Decode: (text: string) => {
      if (typeof text !== "string") throw realm.typeError("in base64Decode: Expected a string");
      return realm.bytes(Buffer.from(text, "base64"));
    },
  };
  return api as unknown as PluginAPI;
}
