// Bundles the CLI into one executable file, dist/cli.js. Dependencies stay external (sharp has native code;
// the workspace packages are resolved from node_modules at run time).
import { chmod, rm } from "node:fs/promises";
import { build } from "esbuild";

const outfile = new URL("../dist/cli.js", import.meta.url).pathname;

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: [new URL("../src/main.ts", import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  banner: { js: "#!/usr/bin/env node" },
  sourcemap: true,
  logLevel: "warning",
});
await chmod(outfile, 0o755);
