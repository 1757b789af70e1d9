// One benchmark case in a fresh process, so its peak RSS is its own: upscale the given image `runs` times and
// print one JSON line. Usage: node throughput-worker.mjs <image.png> <scale> <runs>
import { readFile } from "node:fs/promises";
import { createLocalProvider } from "../dist/index.js";

const [file, scaleArg, runsArg] = process.argv.slice(2);
const scale = Number(scaleArg);
const runs = Number(runsArg);
const bytes = new Uint8Array(await readFile(file));
const provider = createLocalProvider();

const seconds = [];
let result;
for (let run = 0; run < runs; run++) {
  // Free the previous run's buffers first, so the peak is one upscale's, not several.
  globalThis.gc?.();
  const start = performance.now();
  result = await provider.upscale({ bytes }, { scale });
  seconds.push((performance.now() - start) / 1000);
}

console.log(
  JSON.stringify({
    seconds,
    outputPixels: result ? result.width * result.height : 0,
    outputBytes: result ? result.bytes.length : 0,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
