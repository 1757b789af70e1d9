// Offline provider throughput (output megapixels per second, median of several runs) and peak RSS, each case in
// a fresh child process. Run with `pnpm --filter @upscale/local bench`, which builds dist/ first.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";

const CASES = [
  { size: 1024, scale: 2, runs: 5 },
  { size: 1024, scale: 4, runs: 5 },
  { size: 4096, scale: 2, runs: 3 },
  { size: 4096, scale: 4, runs: 3 },
];
const WORKER = new URL("./throughput-worker.mjs", import.meta.url).pathname;
const execFileAsync = promisify(execFile);
const runWorker = (...args) => execFileAsync(process.execPath, ["--expose-gc", WORKER, ...args.map(String)]);

/** Photo-like texture: blurred noise over a diagonal colour gradient, as a PNG. */
async function syntheticPng(size) {
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">` +
      '<defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#1d4e89"/>' +
      '<stop offset="1" stop-color="#f2a541"/></linearGradient></defs>' +
      '<rect width="100%" height="100%" fill="url(#g)"/></svg>',
  );
  const noise = await sharp({
    create: {
      width: size,
      height: size,
      channels: 3,
      background: "#000",
      noise: { type: "gaussian", mean: 128, sigma: 40 },
    },
  })
    .blur(1.5)
    .png()
    .toBuffer();
  return sharp(gradient)
    .composite([{ input: noise, blend: "overlay" }])
    .removeAlpha()
    .png()
    .toBuffer();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const mb = (bytes) => `${Math.round(bytes / 2 ** 20)} MB`;

const dir = await mkdtemp(join(tmpdir(), "local-throughput-"));
try {
  const inputs = new Map();
  for (const size of new Set(CASES.map((c) => c.size))) {
    const file = join(dir, `input-${size}.png`);
    await writeFile(file, await syntheticPng(size));
    inputs.set(size, file);
  }
  // The floor under every figure: a process that loads the provider and upscales nothing.
  const idle = JSON.parse((await runWorker(inputs.get(1024), 2, 0)).stdout);

  const rows = [];
  for (const { size, scale, runs } of CASES) {
    process.stderr.write(`${size}² at ${scale}× (${runs} runs)…\n`);
    const { stdout } = await runWorker(inputs.get(size), scale, runs);
    const result = JSON.parse(stdout);
    const seconds = median(result.seconds);
    const side = size * scale;
    rows.push(
      `| ${size}×${size} | ${scale}× | ${side}×${side} | ${runs} | ${seconds.toFixed(2)} s | ` +
        `${(result.outputPixels / 1e6 / seconds).toFixed(1)} | ${mb(result.peakRssBytes)} | ${mb(result.outputBytes)} |`,
    );
  }

  console.log(
    `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), sharp ${sharp.versions.sharp} ` +
      `/ libvips ${sharp.versions.vips}; PNG in, PNG out; idle process with the provider loaded: ${mb(idle.peakRssBytes)}.\n`,
  );
  console.log("| input | scale | output | runs | median time | output MP/s | peak RSS | output file |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
} finally {
  await rm(dir, { recursive: true, force: true });
}
