// Bundles the extension into one CommonJS file, dist/extension.js, as VS Code loads it. `vscode` is the
// extension host's own module; sharp stays external because it loads a native (or WebAssembly) build at run
// time, which the .vsix ships in node_modules (scripts/package.mjs). The workspace packages are bundled in.
// The compare view's webview script, with @upscale/compare-view, is a browser bundle beside it.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;

await rm(`${root}dist`, { recursive: true, force: true });
await build({
  entryPoints: [`${root}src/extension.ts`],
  outfile: `${root}dist/extension.js`,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode", "sharp"],
  minify: true,
  sourcemap: "linked",
  metafile: false,
  // The moment the bundle starts loading, for the activation time in the log (and BENCHMARKS.md).
  banner: { js: '"use strict";var __upscaleLoadStarted = performance.now();' },
  logLevel: "warning",
});
await build({
  entryPoints: [`${root}src/compare/webview/main.ts`],
  outfile: `${root}dist/compare-webview.js`,
  bundle: true,
  platform: "browser",
  format: "iife",
  // VS Code 1.100's webviews run Chromium 132.
  target: "chrome120",
  minify: true,
  sourcemap: "linked",
  logLevel: "warning",
});
