/**
 * The view's styles. Colours come from `--cv-*` variables a host may set on any ancestor (Figma maps its own
 * theme onto them); unset, they fall back to VS Code's `--vscode-*` theme variables, then to the system colours.
 * Added as a constructed style sheet, which a strict Content-Security-Policy (no inline styles) allows.
 */
export const COMPARE_VIEW_CSS = `
.cv-root {
  --_bg: var(--cv-background, var(--vscode-editor-background, Canvas));
  --_fg: var(--cv-foreground, var(--vscode-foreground, CanvasText));
  --_muted: var(--cv-muted, var(--vscode-descriptionForeground, GrayText));
  --_border: var(--cv-border, var(--vscode-panel-border, var(--vscode-widget-border, rgba(128, 128, 128, 0.35))));
  --_focus: var(--cv-focus, var(--vscode-focusBorder, Highlight));
  --_button-bg: var(--cv-button-background, var(--vscode-button-secondaryBackground, ButtonFace));
  --_button-fg: var(--cv-button-foreground, var(--vscode-button-secondaryForeground, ButtonText));
  --_button-hover: var(--cv-button-hover, var(--vscode-button-secondaryHoverBackground, ButtonFace));
  --_selected-bg: var(--cv-selected-background, var(--vscode-button-background, Highlight));
  --_selected-fg: var(--cv-selected-foreground, var(--vscode-button-foreground, HighlightText));
  --_contrast: var(--cv-contrast-border, var(--vscode-contrastBorder, transparent));
  --_divider: var(--cv-divider, var(--vscode-editor-foreground, CanvasText));
  --_checker: var(--cv-checker, rgba(128, 128, 128, 0.18));
  display: flex;
  flex-direction: column;
  gap: 6px;
  box-sizing: border-box;
  height: 100%;
  min-height: 240px;
  color: var(--_fg);
  background: var(--_bg);
  font-family: var(--cv-font, var(--vscode-font-family, system-ui, sans-serif));
  font-size: var(--cv-font-size, var(--vscode-font-size, 13px));
}
.cv-root *, .cv-root *::before, .cv-root *::after { box-sizing: border-box; }
.cv-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; }
.cv-tabs, .cv-zoom { display: flex; align-items: center; gap: 2px; }
.cv-root button {
  font: inherit;
  color: var(--_button-fg);
  background: var(--_button-bg);
  border: 1px solid var(--_contrast);
  border-radius: 2px;
  padding: 3px 10px;
  cursor: pointer;
}
.cv-root button:hover { background: var(--_button-hover); }
.cv-root button[aria-selected="true"] { color: var(--_selected-fg); background: var(--_selected-bg); }
.cv-root :focus-visible { outline: 1px solid var(--_focus); outline-offset: 1px; }
.cv-zoom-level { min-width: 5.5em; text-align: center; font-variant-numeric: tabular-nums; }
.cv-check { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
.cv-check input { margin: 0; accent-color: var(--_selected-bg); }
.cv-captions { display: flex; justify-content: space-between; gap: 16px; color: var(--_muted); }
.cv-caption { margin: 0; overflow-wrap: anywhere; }
.cv-caption strong { color: var(--_fg); font-weight: 600; }
.cv-sizes { white-space: nowrap; }
.cv-caption[data-side="result"] { text-align: right; }
.cv-stage {
  position: relative;
  flex: 1;
  min-height: 120px;
  display: flex;
  gap: 4px;
  overflow: hidden;
  border: 1px solid var(--_border);
  cursor: grab;
  touch-action: none;
  user-select: none;
}
.cv-stage.cv-panning { cursor: grabbing; }
.cv-pane { position: relative; flex: 1; overflow: hidden; min-width: 0; }
.cv-layer {
  position: absolute;
  left: 0;
  top: 0;
  transform-origin: 0 0;
  background-color: var(--_bg);
  background-image:
    linear-gradient(45deg, var(--_checker) 25%, transparent 25%, transparent 75%, var(--_checker) 75%),
    linear-gradient(45deg, var(--_checker) 25%, transparent 25%, transparent 75%, var(--_checker) 75%);
  background-size: 16px 16px;
  background-position: 0 0, 8px 8px;
}
.cv-layer > img, .cv-layer > canvas { display: block; width: 100%; height: 100%; }
.cv-clip { position: absolute; inset: 0; }
.cv-root.cv-magnified .cv-layer > img.cv-result, .cv-root.cv-magnified .cv-layer > canvas { image-rendering: pixelated; }
.cv-root.cv-pixelated .cv-layer > img.cv-original { image-rendering: pixelated; }
.cv-divider {
  position: absolute;
  top: 0;
  bottom: 0;
  width: 32px;
  margin-left: -16px;
  cursor: ew-resize;
  display: flex;
  align-items: center;
  justify-content: center;
}
.cv-divider::before {
  content: "";
  position: absolute;
  top: 0;
  bottom: 0;
  left: 15px;
  width: 2px;
  background: var(--_divider);
  box-shadow: 0 0 0 1px var(--_bg);
}
.cv-grip {
  position: relative;
  width: 24px;
  height: 24px;
  border-radius: 50%;
  background: var(--_bg);
  border: 2px solid var(--_divider);
}
.cv-divider:focus-visible { outline: none; }
.cv-divider:focus-visible .cv-grip { outline: 2px solid var(--_focus); outline-offset: 2px; }
.cv-tag {
  position: absolute;
  top: 6px;
  padding: 1px 6px;
  border-radius: 2px;
  color: var(--_fg);
  background: var(--_bg);
  opacity: 0.85;
  pointer-events: none;
}
.cv-tag[data-side="original"] { left: 6px; }
.cv-tag[data-side="result"] { right: 6px; }
.cv-status { margin: 0; min-height: 1.4em; color: var(--_muted); }
.cv-root[data-view="slider"] .cv-pane-side,
.cv-root[data-view="slider"] .cv-diff,
.cv-root[data-view="side-by-side"] .cv-pane-main,
.cv-root[data-view="difference"] .cv-pane-side,
.cv-root[data-view="difference"] .cv-under,
.cv-root[data-view="difference"] .cv-clip,
.cv-root[data-view="difference"] .cv-divider,
.cv-root[data-view="difference"] .cv-pane-main .cv-tag { display: none; }
`;

const adopted = new WeakMap<Document, Set<string>>();

/** Adds `css` to `doc` once, as a constructed style sheet (or a style element where those are missing). */
export function addStyles(doc: Document, css: string): void {
  const done = adopted.get(doc) ?? new Set<string>();
  adopted.set(doc, done);
  if (done.has(css)) return;
  done.add(css);
  const view = doc.defaultView;
  if (view !== null && "adoptedStyleSheets" in doc && typeof view.CSSStyleSheet === "function") {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(css);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return;
  }
  const style = doc.createElement("style");
  style.textContent = css;
  doc.head.append(style);
}
