// CLI batch throughput: 50 images through the built CLI (`--provider ideogram`) against the fake Ideogram API,
// 1 s of fake latency per image, 10 in flight (Ideogram's limit per organisation), so the ideal is
// ceil(50 / 10) × 1 s. Two cases: the legacy v1 upscale (one synchronous request, 1 s of added latency) and the v2
// default model (an async generation the fake runs for 1 s, polled, then downloaded).
// Run after `pnpm --filter @upscale/cli build`; prints Markdown tables for BENCHMARKS.md.
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

const CASES = [
  {
    name: "legacy (v1 `POST /upscale`)",
    args: ["--model", "legacy"],
    scenario: { faults: [{ endpoint: "upscale", fault: { kind: "latency", ms: LATENCY_MS } }] },
    submissions: (stats) => stats.count("upscale", "POST"),
  },
  {
    name: "v2 `auto` (async generations)",
    args: [],
    scenario: { ideogram: { generationMs: LATENCY_MS } },
    submissions: (stats) => stats.count("upscale-v2", "POST"),
  },
];

const fake = await startFakeApis();
const results = [];
try {
  for (const benchCase of CASES) {
    const rows = [];
    for (let run = 1; run <= RUNS; run++) rows.push(await measure(benchCase, run));
    results.push({ benchCase, rows });
  }
} finally {
  await fake.close();
}

console.log(
  `${IMAGES} images (64×64 PNG), ${LATENCY_MS} ms of fake latency each, ${IN_FLIGHT} in flight: ideal ${(IDEAL_MS / 1000).toFixed(1)} s (Node ${process.version})`,
);
for (const { benchCase, rows } of results) {
  console.log(`\n### ${benchCase.name}\n`);
  console.log(
    "| run | wall time | ratio to ideal | peak in flight | billed submissions | 429 answers | status polls |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const row of rows) {
    const ratio = (row.wallMs / IDEAL_MS).toFixed(2);
    console.log(
      `| ${row.run} | ${(row.wallMs / 1000).toFixed(2)} s | ${ratio}× | ${row.peak} | ${row.submissions} | ${row.rejected} | ${row.polls} |`,
    );
  }
  const median = [...rows].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(rows.length / 2)];
  console.log(
    `\nMedian: ${(median.wallMs / 1000).toFixed(2)} s = ${(median.wallMs / IDEAL_MS).toFixed(2)}× the ideal (target ≤ 1.3×).`,
  );
}

async function measure(benchCase, run) {
  const dir = await mkdtemp(join(tmpdir(), "upscale-bench-"));
  const state = await mkdtemp(join(tmpdir(), "upscale-bench-state-"));
  try {
    await Promise.all(
      Array.from({ length: IMAGES }, (_, i) =>
        sharp({ create: { width: 64, height: 64, channels: 3, background: { r: i * 5, g: 120, b: 200 } } })
          .png()
          .toFile(join(dir, `img${String(i).padStart(2, "0")}.png`)),
      ),
    );
    fake.setScenario(benchCase.scenario);
    fake.stats.reset();
    const started = performance.now();
    const { code, stdout, stderr } = await runCli(
      ["--provider", "ideogram", "--base-url", fake.ideogramUrl, ...benchCase.args, "--json", dir],
      state,
    );
    const wallMs = performance.now() - started;
    const succeeded = stdout.split("\n").filter((line) => line.includes('"output"')).length;
    if (code !== 0 || succeeded !== IMAGES)
      throw new Error(`run ${run}: exit ${code}, ${succeeded} succeeded\n${stderr}`);
    return {
      run,
      wallMs,
      peak: fake.stats.peakInflight,
      submissions: benchCase.submissions(fake.stats),
      rejected: fake.stats.log.filter((entry) => entry.status === 429).length,
      polls: fake.stats.count("generation", "GET"),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(state, { recursive: true, force: true });
  }
}

function runCli(args, stateHome) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, IDEOGRAM_API_KEY: fake.keys.ideogram, XDG_STATE_HOME: stateHome },
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
