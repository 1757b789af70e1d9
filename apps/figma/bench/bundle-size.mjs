// Sizes of what Figma loads (dist/main.js, dist/ui.html: raw and gzip -9), and where the UI's bytes come from
// (esbuild's metafile: @create-figma-plugin/ui, preact, the plugin's own code), to weigh the component library.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { mainOptions, root, uiOptions } from "../scripts/bundle-options.mjs";

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

export async function bundleSizes() {
  const rows = [];
  for (const file of ["dist/main.js", "dist/ui.html"]) {
    const bytes = await readFile(path.join(root, file));
    rows.push({ file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return rows;
}

/** Output bytes of each bundle by origin, from a metafile build with the same options as the real one. */
export async function bundleShares() {
  const groups = (inputs) => {
    const by = {};
    for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
      const key = input.includes("@create-figma-plugin/ui")
        ? "@create-figma-plugin/ui"
        : input.includes("@create-figma-plugin/utilities")
          ? "@create-figma-plugin/utilities"
          : input.includes("node_modules/preact") || input.includes("preact@")
            ? "preact"
            : input.includes("zod")
              ? "zod"
              : input.includes("packages/core")
                ? "@upscale/core"
                : input.includes("packages/compare-view")
                  ? "@upscale/compare-view"
                  : "plugin's own code";
      by[key] = (by[key] ?? 0) + bytesInOutput;
    }
    return by;
  };
  const main = await build({ ...mainOptions(""), write: false, metafile: true });
  const ui = await build({ ...uiOptions(), metafile: true });
  const outputs = (result, ext) =>
    Object.entries(result.metafile.outputs)
      .filter(([file]) => file.endsWith(ext))
      .reduce((all, [, output]) => Object.assign(all, output.inputs), {});
  return {
    main: groups(outputs(main, ".js")),
    uiScript: groups(outputs(ui, ".js")),
    uiCss: groups(outputs(ui, ".css")),
  };
}

export function printBundleReport(sizes, shares) {
  console.log("| file | raw | gzip -9 |\n| --- | ---: | ---: |");
  for (const row of sizes) console.log(`| \`${row.file}\` | ${kib(row.raw)} | ${kib(row.gzip)} |`);
  for (const [bundle, by] of Object.entries(shares)) {
    const parts = Object.entries(by)
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `${name} ${kib(bytes)}`);
    console.log(`${bundle}: ${parts.join(", ")}`);
  }
}
