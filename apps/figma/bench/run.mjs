// `pnpm --filter ./apps/figma bench` (after a build): bundle sizes, click → fill replaced for a 1024² image, and
// peak memory for a 2048² → 4096² round trip. Figures go into BENCHMARKS.md by hand; nothing here asserts.
import { bundleShares, bundleSizes, printBundleReport } from "./bundle-size.mjs";
import { measureRoundTrip } from "./round-trip.mjs";

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (value) => `${value.toFixed(0)} ms`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

printBundleReport(await bundleSizes(), await bundleShares());

const small = await measureRoundTrip({ side: 1024, runs: 7 });
console.log(
  `\nclick → fill replaced, 1024² → 2048² PNG, no latency: median ${ms(median(small.times))}, ` +
    `min ${ms(Math.min(...small.times))}, max ${ms(Math.max(...small.times))} over ${small.times.length} runs`,
);

const large = await measureRoundTrip({ side: 2048, runs: 3 });
console.log(
  `2048² → 4096² PNG round trip: median ${ms(median(large.times))}; peak RSS of this process (vm main thread + ` +
    `harness) ${mib(large.peakNode)} (+${mib(large.peakNode - large.baseNode)} over idle), of Chromium's ` +
    `processes (UI, summed) ${mib(large.peakBrowser)} (+${mib(large.peakBrowser - large.baseBrowser)})`,
);

// Over 4096: the result crosses to the UI, whose canvas fits it to 4096², and back (the harness bridge is JSON
// over HTTP/SSE; Figma's is a structured clone, so this is an upper bound for the bridge).
const fitted = await measureRoundTrip({ side: 2100, runs: 3 });
console.log(
  `2100² → 4200² → fitted to 4096² in the UI canvas: median ${ms(median(fitted.times))}; peak RSS of this ` +
    `process ${mib(fitted.peakNode)} (+${mib(fitted.peakNode - fitted.baseNode)}), of Chromium's processes ` +
    `${mib(fitted.peakBrowser)} (+${mib(fitted.peakBrowser - fitted.baseBrowser)})`,
);
