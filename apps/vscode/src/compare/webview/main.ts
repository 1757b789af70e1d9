/**
 * The compare webview's script (bundled for the browser by scripts/build.mjs): Keep and Discard, and the shared
 * compare view on the two images the extension names (their webview resource URIs) and sizes.
 */
import { addStyles, type CompareState, type CompareView, createCompareView } from "@upscale/compare-view";
import type { ComparedImage, ComparePanelState, FromWebview, ToWebview } from "../messages.js";

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const PAGE_CSS = `
html, body { height: 100%; }
body { margin: 0; padding: 8px 12px; box-sizing: border-box; display: flex; flex-direction: column; gap: 8px; }
.actions { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.actions button {
  font: inherit;
  padding: 4px 14px;
  border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent));
  border-radius: 2px;
  cursor: pointer;
  color: var(--vscode-button-foreground);
  background: var(--vscode-button-background);
}
.actions button:hover { background: var(--vscode-button-hoverBackground); }
.actions button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
.actions button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
.actions button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
.actions button:disabled { opacity: 0.5; cursor: default; }
.actions p { margin: 0; color: var(--vscode-descriptionForeground); }
main { flex: 1; min-height: 0; }
.problem { color: var(--vscode-errorForeground); }
`;

const started = performance.now();
let arrived = 0;
const vscode = acquireVsCodeApi();
addStyles(document, PAGE_CSS);

const button = (label: string, secondary: boolean) => {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  if (secondary) element.className = "secondary";
  return element;
};
const keep = button("Keep", false);
const discard = button("Discard", true);
const note = document.createElement("p");
const actions = document.createElement("div");
actions.className = "actions";
actions.setAttribute("role", "toolbar");
actions.setAttribute("aria-label", "Result");
actions.append(keep, discard, note);
const main = document.createElement("main");
document.body.append(actions, main);

keep.addEventListener("click", () => vscode.postMessage({ type: "keep" }));
discard.addEventListener("click", () => vscode.postMessage({ type: "discard" }));

let view: CompareView | undefined;

window.addEventListener("message", (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case "images":
      arrived = performance.now();
      show(message.original, message.result);
      break;
    case "failed":
      view?.dispose();
      view = undefined;
      main.replaceChildren(problem(message.message));
      break;
    case "busy":
      keep.disabled = message.busy;
      discard.disabled = message.busy;
      break;
  }
});
vscode.postMessage({ type: "ready" });

function show(original: ComparedImage, result: ComparedImage): void {
  view?.dispose();
  note.textContent = `Discard moves ${result.name} to the trash; ${original.name} stays as it is.`;
  const saved = vscode.getState() as Partial<CompareState> | undefined;
  const pair: ComparePanelState = { original: original.uri, result: result.uri };
  const keepState = (state: CompareState) => vscode.setState({ ...state, ...pair });
  view = createCompareView(main, {
    original: asImage(original),
    result: asImage(result),
    state: saved,
    onStateChange: keepState,
  });
  keepState(view.state());
  view.ready.then(
    () =>
      requestAnimationFrame(() =>
        vscode.postMessage({
          type: "shown",
          arrivedMs: Math.round(arrived - started),
          shownMs: Math.round(performance.now() - started),
        }),
      ),
    () => undefined,
  );
}

function asImage(image: ComparedImage) {
  return { src: image.src, fileSize: image.fileSize, name: image.name };
}

function problem(text: string): HTMLElement {
  const element = document.createElement("p");
  element.className = "problem";
  element.setAttribute("role", "alert");
  element.textContent = text;
  return element;
}
