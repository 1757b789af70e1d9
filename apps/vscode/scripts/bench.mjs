// Runs bench/bench.ts: bundled by esbuild first (Node 20 runs no TypeScript), with its dependencies external.
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const outfile = `${root}.package/bench.mjs`;
await build({
  entryPoints: [`${root}bench/bench.ts`],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
await import(outfile);
