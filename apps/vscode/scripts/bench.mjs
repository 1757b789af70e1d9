// Runs the benchmarks in bench/ (bench.ts: sizes, activation, command → file; compare-open.ts: the compare
// view), each bundled by esbuild first (Node 20 runs no TypeScript) with its dependencies external.
// `node scripts/bench.mjs compare-open` runs one of them.
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv[2];
for (const name of ["bench", "compare-open"].filter((name) => only === undefined || name === only)) {
  const outfile = `${root}.package/${name}.mjs`;
  await build({
    entryPoints: [`${root}bench/${name}.ts`],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  await import(outfile);
}
