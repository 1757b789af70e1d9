import { drawDifference } from "./difference-canvas.js";
import { DIFFERENCE_GAIN, type DifferenceStats, differenceSize, formatPercent } from "./difference-math.js";
import { formatFileSize, formatPixelSize, formatScale, type PixelSize } from "./size-labels.js";
import { clampSlider, sliderValueAt, sliderValueForKey } from "./slider-math.js";
import { addStyles, COMPARE_VIEW_CSS } from "./styles.js";
import {
  fitTransform,
  formatZoom,
  panBy,
  recentre,
  type Size,
  type ViewTransform,
  wheelZoomFactor,
  ZOOM_STEP,
  zoomAt,
} from "./viewport-math.js";

export type CompareViewName = "slider" | "side-by-side" | "difference";

/** The views and their names, exactly as the buttons show them. */
export const VIEW_LABELS: Readonly<Record<CompareViewName, string>> = {
  slider: "Slider",
  "side-by-side": "Side by side",
  difference: "Difference",
};
const VIEWS = Object.keys(VIEW_LABELS) as CompareViewName[];

export interface CompareImage {
  /** A URL the document may load (blob:, data:, a host's resource URL), or the encoded file as a Blob. */
  src: string | Blob;
  /** The file's pixel size, as shown beside it; the decoded image's own when not given. */
  width?: number;
  height?: number;
  /** The file's size in bytes. */
  fileSize: number;
  /** The file's name, shown with its sizes. */
  name?: string;
}

/** What a host may keep to show the view again as the user left it. */
export interface CompareState {
  view: CompareViewName;
  /** The divider, percent of the width from the left (original on the left). */
  slider: number;
  /** The original drawn at the result's size by nearest neighbour instead of smoothly. */
  pixelated: boolean;
}

export interface CompareViewOptions {
  original: CompareImage;
  result: CompareImage;
  /** Names of the two sides; "Original" and "Result" unless given. */
  labels?: { original?: string; result?: string };
  state?: Partial<CompareState>;
  onStateChange?: (state: CompareState) => void;
  /** Above this many result pixels the difference is computed at a reduced size (default 4 Mpx). */
  maxDifferencePixels?: number;
}

export interface CompareView {
  readonly element: HTMLElement;
  /** Settles once both images are decoded and laid out; rejects when one cannot be decoded. */
  readonly ready: Promise<void>;
  state(): CompareState;
  setView(view: CompareViewName): void;
  dispose(): void;
}

const DEFAULT_MAX_DIFFERENCE_PIXELS = 4_194_304;
/** Arrow keys pan by this share of the pane (Shift: five times as far). */
const PAN_SHARE = 0.1;

let instances = 0;

/**
 * A before/after view of an original and its result in `container`: a draggable divider ("Slider"), the two
 * side by side, or their difference, with one zoom and pan for both, each side's pixel and file size, and the
 * original drawn at the result's size (smoothly, or pixelated by a toggle). Everything is local: the images
 * come as URLs or blobs the host provides, the difference is computed in a canvas only when that view is
 * first chosen.
 */
export function createCompareView(container: HTMLElement, options: CompareViewOptions): CompareView {
  const doc = container.ownerDocument;
  addStyles(doc, COMPARE_VIEW_CSS);
  const id = `cv${++instances}`;
  const names = { original: options.labels?.original ?? "Original", result: options.labels?.result ?? "Result" };
  const state: CompareState = {
    view: VIEWS.includes(options.state?.view as CompareViewName) ? (options.state?.view as CompareViewName) : "slider",
    slider: clampSlider(options.state?.slider ?? 50),
    pixelated: options.state?.pixelated === true,
  };
  const urls: string[] = [];
  const sourceUrl = (image: CompareImage) => {
    if (typeof image.src === "string") return image.src;
    const url = URL.createObjectURL(image.src);
    urls.push(url);
    return url;
  };
  const originalUrl = sourceUrl(options.original);
  const resultUrl = sourceUrl(options.result);
  const el = element(doc);

  const image = (side: "original" | "result") => {
    const img = el("img", {
      class: `cv-${side}`,
      src: side === "original" ? originalUrl : resultUrl,
      alt: `${names[side]}${options[side].name ? `: ${options[side].name}` : ""}`,
      draggable: "false",
      decoding: "async",
    });
    return img;
  };
  const layer = (...children: Node[]) => el("div", { class: "cv-layer" }, ...children);
  const tag = (side: "original" | "result") =>
    el("span", { class: "cv-tag", "data-side": side, "aria-hidden": "true" }, names[side]);

  // Toolbar: the views as tabs, zoom, the pixelated toggle.
  const tabs = VIEWS.map((view) =>
    el(
      "button",
      { type: "button", role: "tab", id: `${id}-tab-${view}`, "aria-controls": `${id}-stage` },
      VIEW_LABELS[view],
    ),
  );
  const tablist = el("div", { class: "cv-tabs", role: "tablist", "aria-label": "Compare view" }, ...tabs);
  const zoomOut = el("button", { type: "button", "aria-label": "Zoom out", title: "Zoom out (−)" }, "−");
  const zoomIn = el("button", { type: "button", "aria-label": "Zoom in", title: "Zoom in (+)" }, "+");
  const zoomLevel = el("span", { class: "cv-zoom-level", "aria-label": "Zoom level" });
  const fit = el("button", { type: "button", title: "Fit (0)" }, "Fit");
  const actual = el("button", { type: "button", "aria-label": "Actual size", title: "Actual size (1)" }, "1:1");
  const zoomGroup = el(
    "div",
    { class: "cv-zoom", role: "group", "aria-label": "Zoom" },
    zoomOut,
    zoomLevel,
    zoomIn,
    fit,
    actual,
  );
  const pixelated = el("input", { type: "checkbox" });
  pixelated.checked = state.pixelated;
  const pixelatedLabel = el("label", { class: "cv-check" }, pixelated, "Pixelated original");
  const bar = el("div", { class: "cv-bar" }, tablist, zoomGroup, pixelatedLabel);

  const caption = (side: "original" | "result", pixels?: PixelSize, scale?: string) => {
    const info = options[side];
    const parts = [formatFileSize(info.fileSize)];
    if (pixels !== undefined) parts.unshift(formatPixelSize(pixels) + (scale ? ` (${scale})` : ""));
    return el(
      "p",
      { class: "cv-caption", "data-side": side },
      el("strong", {}, names[side]),
      info.name ? ` ${info.name}` : "",
      " · ",
      // The sizes wrap as one piece, never "160 × 120 | px".
      el("span", { class: "cv-sizes" }, parts.join(" · ")),
    );
  };
  const showCaptions = (original?: PixelSize, result?: PixelSize) =>
    captions.replaceChildren(
      caption("original", original),
      caption("result", result, original && result ? formatScale(original, result) : undefined),
    );
  const captions = el("div", { class: "cv-captions" });
  showCaptions(givenSize(options.original), givenSize(options.result));

  // The stage: one pane for the slider and the difference, two for side by side. Every layer gets the same
  // transform, so zoom and pan stay in step across panes and views.
  const divider = el(
    "div",
    {
      class: "cv-divider",
      role: "slider",
      tabindex: "0",
      "aria-label": `Divider between ${names.original.toLowerCase()} and ${names.result.toLowerCase()}`,
      "aria-orientation": "horizontal",
      "aria-valuemin": "0",
      "aria-valuemax": "100",
    },
    el("span", { class: "cv-grip" }),
  );
  const diffCanvas = el("canvas", { role: "img", "aria-label": `Difference of ${names.original} and ${names.result}` });
  const resultMain = image("result");
  const originalMain = image("original");
  const under = layer(resultMain);
  under.classList.add("cv-under");
  const clip = el("div", { class: "cv-clip" }, layer(originalMain));
  const diffLayer = layer(diffCanvas);
  diffLayer.classList.add("cv-diff");
  const mainPane = el(
    "div",
    { class: "cv-pane cv-pane-main" },
    under,
    clip,
    diffLayer,
    tag("original"),
    tag("result"),
    divider,
  );
  const leftPane = el("div", { class: "cv-pane cv-pane-side" }, layer(image("original")), tag("original"));
  const rightPane = el("div", { class: "cv-pane cv-pane-side" }, layer(image("result")), tag("result"));
  const stage = el(
    "div",
    {
      class: "cv-stage",
      id: `${id}-stage`,
      role: "tabpanel",
      tabindex: "0",
      "aria-label": "Images: drag or arrow keys to pan, wheel or + and − to zoom, 0 to fit",
    },
    mainPane,
    leftPane,
    rightPane,
  );
  const status = el("p", { class: "cv-status", role: "status" });
  const root = el("div", { class: "cv-root" }, bar, captions, stage, status);
  container.append(root);
  const layers = [...root.querySelectorAll<HTMLElement>(".cv-layer")];

  let content: Size = givenSize(options.result) ?? { width: 0, height: 0 };
  let transform: ViewTransform = { zoom: 1, x: 0, y: 0 };
  let fitted = true;
  let paneSize: Size = { width: 0, height: 0 };
  let difference: { pixelated: boolean; done: boolean; abort: AbortController } | undefined;
  let differenceStatus = "";
  let disposed = false;

  const activePane = () => (state.view === "side-by-side" ? leftPane : mainPane);
  const measure = (): Size => {
    const pane = activePane();
    return { width: pane.clientWidth, height: pane.clientHeight };
  };
  const changed = () => options.onStateChange?.({ ...state });

  function applyTransform(next: ViewTransform): void {
    transform = next;
    const css = `translate(${next.x}px, ${next.y}px) scale(${next.zoom})`;
    for (const each of layers) each.style.transform = css;
    zoomLevel.textContent = formatZoom(next.zoom);
    root.classList.toggle("cv-magnified", next.zoom > 1);
  }

  /** Fits again, or keeps zoom and centre, after the pane changed size (a view switch, a resize). */
  function relayout(): void {
    const size = measure();
    if (size.width === 0 || size.height === 0) return;
    const previous = paneSize;
    paneSize = size;
    if (fitted || previous.width === 0) applyTransform(fitTransform(content, size));
    else applyTransform(recentre(transform, previous, size, content));
  }

  function setZoom(next: ViewTransform, stillFitted = false): void {
    fitted = stillFitted;
    applyTransform(next);
  }

  const centre = () => ({ x: paneSize.width / 2, y: paneSize.height / 2 });
  // Nothing to zoom before the pane has a size (hidden, or not laid out yet).
  const zoomBy = (factor: number, at = centre()) => {
    if (paneSize.width > 0) setZoom(zoomAt(transform, factor, at, content, paneSize));
  };
  const fitView = () => {
    if (paneSize.width > 0) setZoom(fitTransform(content, paneSize), true);
  };
  const actualSize = () => zoomBy(1 / transform.zoom);

  function setSlider(value: number): void {
    state.slider = clampSlider(value);
    divider.style.left = `${state.slider}%`;
    clip.style.clipPath = `inset(0 ${100 - state.slider}% 0 0)`;
    divider.setAttribute("aria-valuenow", String(state.slider));
    divider.setAttribute("aria-valuetext", `${Math.round(state.slider)} % ${names.original.toLowerCase()}`);
  }

  function setView(view: CompareViewName): void {
    state.view = view;
    root.dataset.view = view;
    for (const [i, tab] of tabs.entries()) {
      const selected = VIEWS[i] === view;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    stage.setAttribute("aria-labelledby", `${id}-tab-${view}`);
    status.textContent = view === "difference" ? differenceStatus : "";
    relayout();
    if (view === "difference") void computeDifference();
  }

  function setDifferenceStatus(text: string): void {
    differenceStatus = text;
    if (state.view === "difference") status.textContent = text;
  }

  /** Computed once per pixelated setting, the first time the difference is shown. */
  async function computeDifference(): Promise<void> {
    if (difference !== undefined && difference.pixelated === state.pixelated) return;
    difference?.abort.abort();
    const job = { pixelated: state.pixelated, done: false, abort: new AbortController() };
    difference = job;
    root.dataset.difference = "computing";
    const size = differenceSize(content, options.maxDifferencePixels ?? DEFAULT_MAX_DIFFERENCE_PIXELS);
    setDifferenceStatus("Computing the difference…");
    try {
      await ready;
      const stats = await drawDifference({
        // The shown images, already decoded: decoding the files again would cost as much as showing them.
        original: originalMain,
        result: resultMain,
        width: size.width,
        height: size.height,
        pixelated: job.pixelated,
        canvas: diffCanvas,
        signal: job.abort.signal,
        onProgress: (share) => setDifferenceStatus(`Computing the difference… ${Math.round(share * 100)} %`),
      });
      job.done = true;
      root.dataset.difference = "ready";
      setDifferenceStatus(describeDifference(stats, size, content));
    } catch (error) {
      if (job.abort.signal.aborted || disposed) return;
      difference = undefined;
      root.dataset.difference = "failed";
      setDifferenceStatus(`The difference could not be computed: ${error instanceof Error ? error.message : error}`);
    }
  }

  // Tabs, as the WAI-ARIA tabs pattern has them: arrows, Home and End move between them and select.
  for (const [i, tab] of tabs.entries()) {
    const view = VIEWS[i] as CompareViewName;
    tab.addEventListener("click", () => {
      setView(view);
      changed();
    });
    tab.addEventListener("keydown", (event) => {
      const to =
        event.key === "ArrowRight"
          ? (i + 1) % VIEWS.length
          : event.key === "ArrowLeft"
            ? (i + VIEWS.length - 1) % VIEWS.length
            : event.key === "Home"
              ? 0
              : event.key === "End"
                ? VIEWS.length - 1
                : undefined;
      if (to === undefined) return;
      event.preventDefault();
      tabs[to]?.focus();
      setView(VIEWS[to] as CompareViewName);
      changed();
    });
  }
  zoomIn.addEventListener("click", () => zoomBy(ZOOM_STEP));
  zoomOut.addEventListener("click", () => zoomBy(1 / ZOOM_STEP));
  fit.addEventListener("click", fitView);
  actual.addEventListener("click", actualSize);
  pixelated.addEventListener("change", () => {
    state.pixelated = pixelated.checked;
    root.classList.toggle("cv-pixelated", state.pixelated);
    if (state.view === "difference") void computeDifference();
    changed();
  });

  // Zoom keys anywhere in the view but text fields; Ctrl/Cmd/Alt combinations stay the host's (VS Code's zoom).
  root.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (event.target instanceof HTMLInputElement && event.target.type !== "checkbox") return;
    const action =
      event.key === "+" || event.key === "="
        ? () => zoomBy(ZOOM_STEP)
        : event.key === "-" || event.key === "_"
          ? () => zoomBy(1 / ZOOM_STEP)
          : event.key === "0"
            ? fitView
            : event.key === "1"
              ? actualSize
              : undefined;
    if (action === undefined) return;
    event.preventDefault();
    action();
  });
  stage.addEventListener("keydown", (event) => {
    if (event.target !== stage) return;
    const step = (event.shiftKey ? 5 : 1) * PAN_SHARE;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [paneSize.width * step, 0],
      ArrowRight: [-paneSize.width * step, 0],
      ArrowUp: [0, paneSize.height * step],
      ArrowDown: [0, -paneSize.height * step],
    };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    setZoom(panBy(transform, move[0], move[1], content, paneSize));
  });

  divider.addEventListener("keydown", (event) => {
    const value = sliderValueForKey(event.key, state.slider, event.shiftKey);
    if (value === undefined) return;
    event.preventDefault();
    setSlider(value);
    changed();
  });
  divider.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    divider.focus();
    divider.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => {
      const box = mainPane.getBoundingClientRect();
      setSlider(sliderValueAt(e.clientX, box.left, box.width));
    };
    const end = () => {
      divider.removeEventListener("pointermove", move);
      changed();
    };
    divider.addEventListener("pointermove", move);
    divider.addEventListener("pointerup", end, { once: true });
    divider.addEventListener("pointercancel", end, { once: true });
  });

  // Drag anywhere else on the stage to pan; the wheel zooms around the pointer.
  stage.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    stage.focus({ preventScroll: true });
    stage.setPointerCapture(event.pointerId);
    stage.classList.add("cv-panning");
    let last = { x: event.clientX, y: event.clientY };
    const move = (e: PointerEvent) => {
      setZoom(panBy(transform, e.clientX - last.x, e.clientY - last.y, content, paneSize));
      last = { x: e.clientX, y: e.clientY };
    };
    const end = () => {
      stage.removeEventListener("pointermove", move);
      stage.classList.remove("cv-panning");
    };
    stage.addEventListener("pointermove", move);
    stage.addEventListener("pointerup", end, { once: true });
    stage.addEventListener("pointercancel", end, { once: true });
  });
  stage.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const pane = (event.target as Element).closest(".cv-pane") ?? activePane();
      const box = pane.getBoundingClientRect();
      zoomBy(wheelZoomFactor(event.deltaY, event.deltaMode), {
        x: event.clientX - box.left,
        y: event.clientY - box.top,
      });
    },
    { passive: false },
  );

  const resizes = new ResizeObserver(() => relayout());
  resizes.observe(stage);

  const ready = (async () => {
    try {
      await Promise.all([decoded(originalMain, names.original), decoded(resultMain, names.result)]);
    } catch (error) {
      root.dataset.ready = "failed";
      status.textContent = error instanceof Error ? error.message : String(error);
      throw error;
    }
    // Layout follows what the browser shows (a JPEG's orientation applied), the captions the file's own size.
    content = { width: resultMain.naturalWidth, height: resultMain.naturalHeight };
    const originalShown = { width: originalMain.naturalWidth, height: originalMain.naturalHeight };
    showCaptions(givenSize(options.original) ?? originalShown, givenSize(options.result) ?? content);
    for (const each of layers) {
      each.style.width = `${content.width}px`;
      each.style.height = `${content.height}px`;
    }
    paneSize = { width: 0, height: 0 };
    relayout();
    root.dataset.ready = "true";
  })();
  // A host that never awaits `ready` still sees the failure in the status line, not as an unhandled rejection.
  ready.catch(() => undefined);

  root.classList.toggle("cv-pixelated", state.pixelated);
  setSlider(state.slider);
  setView(state.view);

  return {
    element: root,
    ready,
    state: () => ({ ...state }),
    setView: (view) => {
      setView(view);
      changed();
    },
    dispose: () => {
      disposed = true;
      difference?.abort.abort();
      resizes.disconnect();
      root.remove();
      for (const url of urls) URL.revokeObjectURL(url);
    },
  };
}

function givenSize(image: CompareImage): PixelSize | undefined {
  return image.width && image.height ? { width: image.width, height: image.height } : undefined;
}

async function decoded(img: HTMLImageElement, name: string): Promise<void> {
  try {
    await img.decode();
  } catch {
    throw new Error(`The ${name.toLowerCase()} could not be shown: the browser cannot decode it.`);
  }
}

function describeDifference(stats: DifferenceStats, size: PixelSize, content: Size): string {
  const reduced = size.width < content.width ? ` Computed at ${formatPixelSize(size)}.` : "";
  return (
    `Difference ×${DIFFERENCE_GAIN}, brighter is more different: mean ${formatPercent(stats.mean)}, ` +
    `largest ${formatPercent(stats.max)}, ${formatPercent(stats.changed)} of pixels changed.${reduced}`
  );
}

type Attributes = Record<string, string>;

/** A tiny element factory: tag, attributes, children (text or nodes). */
function element(doc: Document) {
  return <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes: Attributes = {},
    ...children: (Node | string)[]
  ): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  };
}
