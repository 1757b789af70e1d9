// CLI batch throughput: 50 images through the built CLI (`--provider ideogram`) against the fake Ideogram API
// with 1 s of latency per upscale. The ideal is ceil(50 / 10) × 1 s: Ideogram allows 10 requests in flight.
// Run after `pnpm --filter @upscale/cli build`; prints a Markdown table for BENCHMARKS.md.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeApis } from "@upscale/fake-apis";
import sharp from "sharp";

const IMAGES = 50;
const IN_FLIGHT = 10;
const LATENCY_MS = 1000;
const RUNS = 3;
const CLI = new URL("../dist/cli.js", import.meta.url).pathname;
const IDEAL_MS = Math.ceil(IMAGES / IN_FLIGHT) * LATENCY_MS;

const fake = await startFakeApis({
  scenario: { faults: [{ endpoint: "upscale", fault: { kind: "latency", ms: LATENCY_MS } }] },
});
const rows = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const dir = await mkdtemp(join(tmpdir(), "upscale-bench-"));
    try {
      await Promise.all(
        Array.from({ length: IMAGES }, (_, i) =>
          sharp({ create: { width: 64, height: 64, channels: 3, background: { r: i * 5, g: 120, b: 200 } } })
            .png()
            .toFile(join(dir, `img${String(i).padStart(2, "0")}.png`)),
        ),
      );
      fake.stats.reset();
      const started = performance.now();
      const { code, stdout, stderr } = await runCli([
        "--provider",
        "ideogram",
        "--base-url",
        fake.ideogramUrl,
        "--json",
        dir,
      ]);
      const wallMs = performance.now() - started;
      const succeeded = stdout.split("\n").filter((line) => line.includes('"output"')).length;
      if (code !== 0 || succeeded !== IMAGES)
        throw new Error(`run ${run}: exit ${code}, ${succeeded} succeeded\n${stderr}`);
      rows.push({ run, wallMs, peak: fake.stats.peakInflight, requests: fake.stats.count("upscale", "POST") });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
} finally {
  await fake.close();
}

const median = [...rows].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(rows.length / 2)];
console.log(
  `${IMAGES} images, ${LATENCY_MS} ms per upscale, ideal ${(IDEAL_MS / 1000).toFixed(1)} s (Node ${process.version})\n`,
);
console.log("| run | wall time | ratio to ideal | peak in flight | upscale requests |");
console.log("|---|---|---|---|---|");
for (const row of rows) {
  const ratio = (row.wallMs / IDEAL_MS).toFixed(2);
  console.log(`| ${row.run} | ${(row.wallMs / 1000).toFixed(2)} s | ${ratio}× | ${row.peak} | ${row.requests} |`);
}
console.log(
  `\nMedian: ${(median.wallMs / 1000).toFixed(2)} s = ${(median.wallMs / IDEAL_MS).toFixed(2)}× the ideal (target ≤ 1.3×).`,
);

function runCli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, IDEOGRAM_API_KEY: fake.keys.ideogram },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
