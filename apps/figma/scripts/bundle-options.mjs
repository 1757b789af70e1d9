// esbuild options of both bundles, shared by the build and the bundle-size benchmark.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** `import "!pkg/file.css"` is @create-figma-plugin's mark for global (not module) CSS: strip the mark. */
const globalCssImports = {
  name: "global-css-imports",
  setup(builder) {
    builder.onResolve({ filter: /^!/ }, async (args) => {
      const resolved = await builder.resolve(args.path.slice(1), { kind: args.kind, resolveDir: args.resolveDir });
      return { path: resolved.path, errors: resolved.errors };
    });
  },
};

/** Figma's main thread: one IIFE at ES2017, since its engine rejects object spread and `?.`. */
export function mainOptions(relayUrl) {
  return {
    entryPoints: [path.join(root, "src/main/main.ts")],
    outfile: path.join(root, "dist/main.js"),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2017",
    minify: true,
    define: { __RELAY_URL__: JSON.stringify(relayUrl) },
    logLevel: "warning",
  };
}

/** The UI iframe: script and CSS kept in memory, to be inlined into one HTML file. */
export function uiOptions() {
  return {
    entryPoints: [path.join(root, "src/ui/main.tsx")],
    outdir: path.join(root, "dist/ui"),
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    // As create-figma-plugin builds UIs; Figma's desktop app and browsers are far newer.
    target: "chrome58",
    jsx: "automatic",
    jsxImportSource: "preact",
    minify: true,
    plugins: [globalCssImports],
    logLevel: "warning",
  };
}

/** One self-contained HTML file from the UI build's script and styles. */
export function uiHtml(outputFiles) {
  const text = (ext) =>
    outputFiles
      .filter((file) => file.path.endsWith(ext))
      .map((file) => file.text)
      .join("\n");
  // Inline code must not close its own element early.
  const script = text(".js").replace(/<\/script/gi, "<\\/script");
  const style = text(".css").replace(/<\/style/gi, "<\\/style");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Upscale</title><style>${style}</style></head><body><div id="root"></div><script>${script}</script></body></html>`;
}
