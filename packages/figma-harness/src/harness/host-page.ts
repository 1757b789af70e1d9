import { decodeFromBridge, encodeForBridge } from "./bridge-codec.js";
import { hostPageMain } from "./host-page-script.js";

const STYLE = `
  :root { font: 12px/1.4 Inter, system-ui, sans-serif; color-scheme: light; --panel: #ffffff; --ink: #1e1e1e; --line: #e6e6e6; --canvas: #f5f5f5; }
  :root[data-theme="dark"] { color-scheme: dark; --panel: #2c2c2c; --ink: #ffffff; --line: #444444; --canvas: #1e1e1e; }
  * { box-sizing: border-box; }
  body { margin: 0; height: 100vh; display: grid; grid-template-rows: 40px 1fr auto; background: var(--panel); color: var(--ink); }
  header { display: flex; gap: 8px; align-items: center; padding: 0 12px; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 12px; margin: 0 12px 0 0; }
  header button { font: inherit; padding: 4px 10px; border-radius: 5px; border: 1px solid var(--line); background: var(--panel); color: var(--ink); cursor: pointer; }
  main { display: grid; grid-template-columns: 1fr auto; min-height: 0; }
  #left { display: grid; grid-template-rows: 1fr 160px; min-width: 0; min-height: 0; border-right: 1px solid var(--line); }
  #canvas-wrap { position: relative; min-height: 0; }
  #canvas { position: absolute; inset: 0; overflow: hidden; background: var(--canvas); cursor: default; }
  .world { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
  .node { position: absolute; outline: none; }
  .node.type-ellipse { border-radius: 50%; overflow: hidden; }
  .node.type-frame, .node.type-component, .node.type-instance, .node.type-section { overflow: hidden; }
  .node.type-star { clip-path: polygon(50% 0%, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%); }
  .node.type-polygon { clip-path: polygon(50% 0%, 100% 100%, 0% 100%); }
  .selection-box { position: absolute; outline: calc(2px / var(--scale)) solid #0d99ff; pointer-events: none; }
  .label { position: absolute; margin-top: calc(-16px / var(--scale)); font-size: calc(11px / var(--scale)); color: #8a8a8a; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; pointer-events: none; }
  .fill { position: absolute; inset: 0; pointer-events: none; }
  .fill.missing-image { background: repeating-linear-gradient(45deg, #f24822 0 6px, #ffe2e0 6px 12px); }
  .text { position: absolute; inset: 0; font-weight: 700; font-size: 40px; line-height: 1; pointer-events: none; white-space: pre; }
  .viewport-centre { position: absolute; width: 0; height: 0; pointer-events: none; }
  .viewport-centre::before, .viewport-centre::after { content: ""; position: absolute; background: #9747ff; opacity: 0.6; }
  .viewport-centre::before { left: -10px; top: -1px; width: 20px; height: 2px; }
  .viewport-centre::after { left: -1px; top: -10px; width: 2px; height: 20px; }
  #toasts { position: absolute; left: 50%; bottom: 16px; transform: translateX(-50%); display: grid; gap: 6px; justify-items: center; pointer-events: none; }
  .toast { background: #2c2c2c; color: #fff; padding: 8px 14px; border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,.25); max-width: 420px; }
  .toast.error { background: #f24822; }
  #layers { overflow: auto; border-top: 1px solid var(--line); padding: 4px 0; display: flex; flex-direction: column; }
  .layer { font: inherit; text-align: left; border: 0; background: none; color: inherit; padding: 3px 8px; cursor: pointer; white-space: nowrap; }
  .layer.selected { background: #0d99ff33; }
  #plugin-panel { display: flex; flex-direction: column; padding: 12px; gap: 8px; }
  #plugin-panel[hidden] { display: none; }
  #plugin-window { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; box-shadow: 0 4px 16px rgba(0,0,0,.12); }
  #plugin-title { font-weight: 600; padding: 8px 10px; border-bottom: 1px solid var(--line); }
  #plugin-window iframe { display: block; border: 0; }
  #closed-banner { padding: 16px; color: #8a8a8a; }
  #problems { margin: 0; padding: 6px 12px 6px 28px; background: #ffe2e0; color: #b3251b; max-height: 120px; overflow: auto; }
`;

/** The page a browser opens: canvas and layers on the left, the plugin window on the right. */
export function hostPageHtml(): string {
  const program = `(${hostPageMain.toString()})((${encodeForBridge.toString()}), (${decodeFromBridge.toString()}));`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>figma-harness</title><style>${STYLE}</style></head>
<body>
  <header>
    <h1>figma-harness · <span id="page-name"></span></h1>
    <button type="button" id="undo">Undo</button>
    <button type="button" id="run-plugin">Run plugin</button>
    <button type="button" id="close-plugin">Close plugin</button>
    <button type="button" id="theme">Light / dark</button>
  </header>
  <main>
    <section id="left" aria-label="Canvas">
      <div id="canvas-wrap"><div id="canvas" role="application" aria-label="Canvas"></div><div id="toasts"></div></div>
      <nav id="layers" aria-label="Layers"></nav>
    </section>
    <section id="plugin-panel" aria-label="Plugin">
      <div id="plugin-window"><div id="plugin-title"></div><p id="closed-banner" hidden>The plugin is closed. Run it again from the toolbar.</p></div>
    </section>
  </main>
  <ul id="problems" hidden aria-label="Problems"></ul>
  <script>${program.replace(/<\/script/gi, "<\\/script")}</script>
</body>
</html>`;
}
