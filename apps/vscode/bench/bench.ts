/**
 * BENCHMARKS.md figures for the extension: bundle and .vsix sizes, activation time in code-server, and the time
 * from the command to the file written for a 1024² PNG with the offline provider, sharp's WebAssembly build
 * (the universal .vsix) against the native linux-x64 one. Run by `pnpm --filter ./apps/vscode bench`.
 */
import { readFileSync, statSync } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { APP_ROOT } from "../test/app-root.js";
import { startCodeServer } from "../test/e2e/code-server.js";
import { pollUntil } from "../test/e2e/poll.js";
import { Workbench } from "../test/e2e/workbench.js";
import { testImage } from "../test/images.js";
import { packageVsix } from "./package-vsix.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** VmHWM (peak) or VmRSS (now) of the extension host, whose pid code-server prints when it launches it. */
function hostMemory(serverOutput: string, field: "VmHWM" | "VmRSS"): string {
  const pid = /<(\d+)> Launched Extension Host Process/.exec(serverOutput)?.[1];
  if (pid === undefined) return "?";
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return kb === undefined ? "?" : `${Math.round(Number(kb) / 1024)} MB`;
}

const universal = packageVsix();
const native = packageVsix("linux-x64");
const bundle = readFileSync(join(APP_ROOT, "dist/extension.js"));
console.log("| artefact | size |\n| --- | ---: |");
console.log(`| dist/extension.js (minified) | ${kib(bundle.length)} (gzip ${kib(gzipSync(bundle).length)}) |`);
console.log(`| .vsix universal (sharp wasm32) | ${mb(statSync(universal).size)} |`);
console.log(`| .vsix linux-x64 (sharp native) | ${mb(statSync(native).size)} |`);

const big = await testImage(1024, 1024, "png");
console.log(
  "\n| build | activation (load + activate) | first command → file | later runs (median) | in-extension job (median) | extension host RSS idle → peak |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const [label, vsix] of [
  ["wasm32 (universal)", universal],
  ["native linux-x64", native],
] as const) {
  const server = await startCodeServer({
    vsix,
    files: { "big.png": big },
    settings: { "upscale.overwrite": "always", "upscale.openResult": false },
  });
  try {
    const wb = await Workbench.open(server.url, server.workspace);
    const activation = await pollUntil("the activation line", 60_000, async () => {
      const match = /bundle loaded in ([\d.]+) ms, activate\(\) took ([\d.]+) ms/.exec(await server.extensionLog());
      return match ? Number(match[1]) + Number(match[2]) : undefined;
    });
    const idle = hostMemory(server.output(), "VmRSS");
    const output = join(server.workspace, "big@2x.png");
    const walls: number[] = [];
    const jobLines = async () => [...(await server.extensionLog()).matchAll(/big\.png \[local\] → .* (\d+) ms/g)];
    for (let run = 0; run < RUNS; run++) {
      await rm(output, { force: true });
      const clicked = await wb.explorerContextMenu(["big.png"], "Upscale Image");
      await pollUntil(
        "big@2x.png",
        60_000,
        () =>
          stat(output).then(
            () => true,
            () => false,
          ),
        5,
      );
      walls.push(performance.now() - clicked);
      // The job ends after the rename (VS Code reads the new file's stat): deleting it sooner fails the job.
      await pollUntil("the job's log line", 30_000, async () => (await jobLines()).length === run + 1);
    }
    const log = await server.extensionLog();
    if (/failed/.test(log)) throw new Error(`a job failed:\n${log}`);
    const jobs = (await jobLines()).map((m) => Number(m[1]));
    const [first = Number.NaN, ...rest] = walls;
    console.log(
      `| ${label} | ${activation.toFixed(1)} ms | ${first.toFixed(0)} ms | ${median(rest).toFixed(0)} ms | ` +
        `${median(jobs.slice(1)).toFixed(0)} ms | ${idle} → ${hostMemory(server.output(), "VmHWM")} |`,
    );
    await wb.close();
  } finally {
    await server.stop();
  }
}
