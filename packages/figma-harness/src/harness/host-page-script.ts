import type { CanvasView, NodeView, PaintView } from "./canvas-snapshot.js";

/** What GET /state answers: the current plugin run as the host page shows it. */
export interface HostState {
  session: number;
  ui: { html: string | null; width: number; height: number; visible: boolean; title: string };
  closed: boolean;
  notifications: Array<{ message: string; error: boolean; timeout: number | undefined; cancelled: boolean }>;
  problems: string[];
  theme: "light" | "dark";
}

/**
 * The host page's program, run in the browser. It is sent as source text (`hostPageMain.toString()`), so it must
 * not use any name from outside its body: the codec arrives as arguments.
 *
 * It plays Figma's part: the plugin UI lives in `<iframe sandbox="allow-scripts" srcdoc>` (origin "null"); what
 * the iframe posts with `parent.postMessage({ pluginMessage }, "*")` is relayed to the plugin's main thread by
 * HTTP POST (in order), and what the main thread posts arrives over Server-Sent Events and is handed to the iframe
 * as `{ pluginMessage }`. The canvas on the left is drawn from the fake's layers and can be clicked to select.
 */
export function hostPageMain(encode: (value: unknown) => unknown, decode: (value: unknown) => unknown): void {
  const $ = (id: string) => document.getElementById(id) as HTMLElement;
  let session = -1;
  let uiHtml: string | null = null;
  let iframe: HTMLIFrameElement | null = null;
  let selection: string[] = [];
  let posting: Promise<unknown> = Promise.resolve();

  const post = (path: string, body: unknown) =>
    fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  window.addEventListener("message", (event) => {
    if (!iframe || event.source !== iframe.contentWindow) return;
    const data = event.data as { pluginMessage?: unknown } | null;
    if (!data || typeof data !== "object" || !("pluginMessage" in data)) return;
    const sentBy = session;
    posting = posting.then(() => post("/ui-message", { session: sentBy, data: encode(data.pluginMessage) }));
  });

  const events = new EventSource("/events");
  events.addEventListener("ui", (event) => {
    const message = JSON.parse((event as MessageEvent).data) as { session: number; data: unknown };
    if (message.session !== session || !iframe?.contentWindow) return;
    iframe.contentWindow.postMessage({ pluginMessage: decode(message.data), pluginId: "figma-harness" }, "*");
  });
  events.addEventListener("canvas", () => void loadCanvas());
  events.addEventListener("state", () => void loadState());
  events.addEventListener("open", () => {
    void loadState();
    void loadCanvas();
  });

  async function loadState(): Promise<void> {
    const state = (await (await fetch("/state")).json()) as HostState;
    document.documentElement.dataset.theme = state.theme;
    const panel = $("plugin-panel");
    $("plugin-title").textContent = state.ui.title;
    const fresh = state.session !== session || state.ui.html !== uiHtml;
    session = state.session;
    uiHtml = state.ui.html;
    if (fresh) {
      iframe?.remove();
      iframe = null;
      if (uiHtml !== null && !state.closed) {
        const frame = document.createElement("iframe");
        frame.id = "plugin-ui";
        frame.title = state.ui.title;
        frame.setAttribute("sandbox", "allow-scripts");
        frame.dataset.session = String(session);
        const loadedSession = session;
        frame.addEventListener("load", () => void post("/ui-ready", { session: loadedSession }), { once: true });
        frame.srcdoc = uiHtml;
        $("plugin-window").appendChild(frame);
        iframe = frame;
      }
    }
    if (state.closed) {
      iframe?.remove();
      iframe = null;
    }
    if (iframe) {
      iframe.style.width = `${state.ui.width}px`;
      iframe.style.height = `${state.ui.height}px`;
    }
    panel.hidden = !state.closed && !state.ui.visible && uiHtml !== null;
    panel.dataset.state = state.closed ? "closed" : uiHtml === null ? "no-ui" : "open";
    $("closed-banner").hidden = !state.closed;
    renderToasts(state.notifications);
    const problems = $("problems");
    problems.replaceChildren(
      ...state.problems.map((text) => Object.assign(document.createElement("li"), { textContent: text })),
    );
    problems.hidden = state.problems.length === 0;
  }

  function renderToasts(notifications: HostState["notifications"]): void {
    const toasts = $("toasts");
    const shown = notifications.filter((notification) => !notification.cancelled).slice(-3);
    toasts.replaceChildren(
      ...shown.map((notification) => {
        const toast = document.createElement("div");
        toast.className = notification.error ? "toast error" : "toast";
        toast.setAttribute("role", "status");
        toast.textContent = notification.message;
        return toast;
      }),
    );
  }

  async function loadCanvas(): Promise<void> {
    const canvas = (await (await fetch("/canvas")).json()) as CanvasView;
    selection = canvas.selection;
    $("page-name").textContent = canvas.page.name;
    renderCanvas(canvas);
    renderLayers(canvas);
  }

  function renderCanvas(canvas: CanvasView): void {
    const area = $("canvas");
    const roots = canvas.nodes.filter((node) => node.depth === 0);
    const left = Math.min(0, ...roots.map((node) => node.x)) - 40;
    const top = Math.min(0, ...roots.map((node) => node.y)) - 40;
    const right = Math.max(100, ...roots.map((node) => node.x + node.width)) + 40;
    const bottom = Math.max(100, ...roots.map((node) => node.y + node.height)) + 40;
    const scale = Math.min(1, area.clientWidth / (right - left), area.clientHeight / (bottom - top));
    const world = document.createElement("div");
    world.className = "world";
    world.style.transform = `scale(${scale}) translate(${-left}px, ${-top}px)`;
    world.style.setProperty("--scale", String(scale));
    for (const node of canvas.nodes) world.appendChild(nodeElement(node, canvas.selection.includes(node.id)));
    // Outlines drawn above every layer, in boxes of their own: raising the selected node itself would hide the
    // children of a selected frame.
    for (const node of canvas.nodes) {
      if (!canvas.selection.includes(node.id)) continue;
      const box = document.createElement("div");
      box.className = "selection-box";
      Object.assign(box.style, {
        left: `${node.x}px`,
        top: `${node.y}px`,
        width: `${node.width}px`,
        height: `${node.height}px`,
      });
      world.appendChild(box);
    }
    // Top-level names above their layers, as Figma shows frame titles (outside the frames, which clip).
    for (const node of roots) {
      if (node.type === "GROUP") continue;
      const label = document.createElement("span");
      label.className = "label";
      label.textContent = node.name;
      label.style.left = `${node.x}px`;
      label.style.top = `${node.y}px`;
      // As in Figma, a title longer than its layer is cut with an ellipsis instead of running over its neighbours.
      label.style.maxWidth = `${node.width}px`;
      label.title = node.name;
      world.appendChild(label);
    }
    const centre = document.createElement("div");
    centre.className = "viewport-centre";
    centre.title = "figma.viewport.center";
    centre.style.left = `${canvas.viewportCenter.x}px`;
    centre.style.top = `${canvas.viewportCenter.y}px`;
    world.appendChild(centre);
    area.replaceChildren(world);
  }

  function nodeElement(node: NodeView, selected: boolean): HTMLElement {
    const element = document.createElement("div");
    element.className = `node type-${node.type.toLowerCase()}${selected ? " selected" : ""}`;
    element.dataset.id = node.id;
    element.dataset.name = node.name;
    element.title = `${node.name} (${node.type})`;
    Object.assign(element.style, {
      left: `${node.x}px`,
      top: `${node.y}px`,
      width: `${node.width}px`,
      height: `${node.height}px`,
      opacity: String(node.opacity),
      display: node.visible ? "" : "none",
    });
    for (const paint of node.fills) {
      const layer = document.createElement("div");
      layer.className = "fill";
      element.appendChild(layer);
      paintStyle(layer, paint);
    }
    if (node.text) {
      const text = document.createElement("div");
      text.className = "text";
      for (const run of node.text) {
        const span = document.createElement("span");
        span.textContent = run.characters;
        const top = run.fills.filter((paint) => paint.visible).at(-1);
        if (top) paintStyle(span, top, true);
        text.appendChild(span);
      }
      element.appendChild(text);
    }
    return element;
  }

  function paintStyle(element: HTMLElement, paint: PaintView, clipToText = false): void {
    element.style.opacity = String(paint.opacity);
    if (!paint.visible) element.style.display = "none";
    if (paint.kind === "solid") {
      if (clipToText) element.style.color = paint.color;
      else element.style.background = paint.color;
      element.style.mixBlendMode = paint.blendMode.toLowerCase().replace("_", "-");
      return;
    }
    if (paint.kind !== "image") return;
    element.dataset.imageHash = paint.hash ?? "";
    element.dataset.scaleMode = paint.scaleMode;
    if (!paint.url) {
      element.classList.add("missing-image");
      return;
    }
    element.style.backgroundImage = `url("${paint.url}")`;
    const crop = paint.imageTransform;
    if (paint.scaleMode === "CROP" && crop && !clipToText) {
      // The transform maps the layer onto a part of the image: scale the image so that part fills the layer.
      const [sx = 1, , tx = 0] = crop[0] ?? [];
      const [, sy = 1, ty = 0] = crop[1] ?? [];
      const width = element.parentElement ? Number.parseFloat(element.parentElement.style.width) : 0;
      const height = element.parentElement ? Number.parseFloat(element.parentElement.style.height) : 0;
      element.style.backgroundSize = `${width / sx}px ${height / sy}px`;
      element.style.backgroundPosition = `${(-tx * width) / sx}px ${(-ty * height) / sy}px`;
      element.style.backgroundRepeat = "no-repeat";
    } else if (paint.scaleMode === "TILE") {
      element.style.backgroundSize = `${paint.imageWidth * paint.scalingFactor}px ${paint.imageHeight * paint.scalingFactor}px`;
      element.style.backgroundRepeat = "repeat";
    } else {
      element.style.backgroundSize = paint.scaleMode === "FIT" ? "contain" : "cover";
      element.style.backgroundRepeat = "no-repeat";
      element.style.backgroundPosition = "center";
    }
    if (clipToText) {
      element.style.backgroundClip = "text";
      element.style.setProperty("-webkit-background-clip", "text");
      element.style.color = "transparent";
    }
  }

  function renderLayers(canvas: CanvasView): void {
    const list = $("layers");
    list.replaceChildren(
      ...canvas.nodes.map((node) => {
        const row = document.createElement("button");
        row.type = "button";
        row.className = canvas.selection.includes(node.id) ? "layer selected" : "layer";
        row.dataset.id = node.id;
        row.style.paddingLeft = `${8 + node.depth * 14}px`;
        row.setAttribute("aria-pressed", String(canvas.selection.includes(node.id)));
        row.setAttribute("aria-label", `Layer ${node.name}`);
        row.textContent = `${node.type.toLowerCase().replace("_", " ")} · ${node.name}${node.imagePaints ? ` · ${node.imagePaints} image${node.imagePaints > 1 ? "s" : ""}` : ""}`;
        return row;
      }),
    );
  }

  const select = (id: string | undefined, extend: boolean) => {
    let next: string[] = [];
    if (id)
      next = extend ? (selection.includes(id) ? selection.filter((other) => other !== id) : [...selection, id]) : [id];
    void post("/select", { ids: next });
  };
  $("canvas").addEventListener("click", (event) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>(".node");
    select(target?.dataset.id, event.shiftKey);
  });
  $("layers").addEventListener("click", (event) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>(".layer");
    if (target) select(target.dataset.id, event.shiftKey);
  });
  $("undo").addEventListener("click", () => void post("/undo", {}));
  $("close-plugin").addEventListener("click", () => void post("/close", {}));
  $("run-plugin").addEventListener("click", () => void post("/restart", {}));
  $("theme").addEventListener("click", () => void post("/theme", {}));
  window.addEventListener("resize", () => void loadCanvas());
}
