// What the core costs a browser app: a tiny entry re-exporting what our apps import from the main entry — the job
// pipeline, the Ideogram model provider, quotes and resumes, the failure report, the ledger, the Midjourney client
// and its jobs — bundled from the build with esbuild (minified, platform browser, target es2017 as for Figma,
// tree-shaken), raw and gzipped; once more at es2022, for what the es2017 target costs.
// Run after `pnpm --filter @upscale/core build`: `node packages/core/bench/bundle-size.mjs`. Prints markdown.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const IMPORTS = [
  "runUpscaleJobs",
  "createIdeogramModelProvider",
  "createIdeogramV2Client",
  "quoteBatch",
  "resumeIdeogramJob",
  "failureReport",
  "createTaskLedger",
  "createMidjourneyClient",
  "runMidjourneyJob",
  "runMidjourneyJobs",
];
const ENTRY = `export { ${IMPORTS.join(", ")} } from "../dist/index.js";\n`;

async function bundle({ external = [], target = "es2017" } = {}) {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "js" },
    bundle: true,
    minify: true,
    treeShaking: true,
    platform: "browser",
    format: "esm",
    target,
    external,
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  return { raw: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs };
}

const full = await bundle();
const withoutZod = await bundle({ external: ["zod"] });
const es2022 = await bundle({ target: "es2022" });
const zodInOutput = Object.entries(full.inputs)
  .filter(([path]) => path.includes("node_modules/zod/") || path.includes("/zod@"))
  .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
const coreFiles = Object.entries(full.inputs)
  .filter(([path]) => path.includes("dist/"))
  .map(([path, input]) => ({ file: path.slice(path.lastIndexOf("dist/") + 5), bytes: input.bytesInOutput }))
  .sort((a, b) => b.bytes - a.bytes);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const share = (part, whole) => `${((100 * part) / whole).toFixed(0)} %`;

console.log(
  `Entry: ${IMPORTS.map((name) => `\`${name}\``).join(", ")}; esbuild, minified, platform browser, ESM, ` +
    "target es2017, tree-shaken; gzip level 9.\n",
);
console.log("| bundle | raw | gzipped |");
console.log("|---|---:|---:|");
console.log(`| whole (core + zod) | ${kb(full.raw)} | ${kb(full.gzip)} |`);
console.log(`| zod left external (core alone) | ${kb(withoutZod.raw)} | ${kb(withoutZod.gzip)} |`);
console.log(
  `| zod's share (difference) | ${kb(full.raw - withoutZod.raw)} (${share(full.raw - withoutZod.raw, full.raw)}) | ` +
    `${kb(full.gzip - withoutZod.gzip)} (${share(full.gzip - withoutZod.gzip, full.gzip)}) |`,
);
console.log(`\nzod modules in the bundle, by esbuild's metafile: ${kb(zodInOutput)} of minified code.`);
console.log(
  `The same at es2022: ${kb(es2022.raw)} raw, ${kb(es2022.gzip)} gzipped — es2017 costs ` +
    `${kb(full.raw - es2022.raw)} raw, ${kb(full.gzip - es2022.gzip)} gzipped.`,
);
console.log("\nLargest core modules in the bundle (minified bytes):\n");
console.log("| module | bytes |");
console.log("|---|---:|");
for (const { file, bytes } of coreFiles.slice(0, 8)) console.log(`| ${file} | ${bytes} |`);
