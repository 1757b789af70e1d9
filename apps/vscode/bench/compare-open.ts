/**
 * BENCHMARKS.md figures for Compare with Original in code-server: for 2048² → 4096² pairs (PNG and JPEG) and a
 * 4096² → 8192² one (JPEG), photo-like, the result made by the extension's own offline upscale: the time from the click on
 * "Compare with Original" in the explorer menu to both images decoded and laid out in the webview, split by the
 * extension's own log line, and the time to compute the Difference view. Before each opening both files are
 * touched, so the webview's resource cache cannot answer from an earlier one. Single clicks in the explorer only
 * select (`workbench.list.openMode: doubleClick`): otherwise VS Code's image preview would decode the same file
 * at the same time. Run by `pnpm --filter ./apps/vscode bench` (after bench.ts), or alone with
 * `node scripts/bench.mjs compare-open`; BENCH_RUNS (default 5), BENCH_COMPARE_PAIRS (default
 * png:2048,jpeg:2048,jpeg:4096: format and the original's side).
 */
import { stat, utimes } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { startCodeServer } from "../test/e2e/code-server.js";
import { compareShown, compareWebview } from "../test/e2e/compare-webview.js";
import { pollUntil } from "../test/e2e/poll.js";
import { Workbench } from "../test/e2e/workbench.js";
import { packageVsix } from "./package-vsix.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PAIRS = (process.env.BENCH_COMPARE_PAIRS ?? "png:2048,jpeg:2048,jpeg:4096").split(",").map((pair) => {
  const [format, side] = pair.split(":");
  return { format: format === "jpeg" ? ("jpeg" as const) : ("png" as const), side: Number(side) };
});

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const range = (values: number[]) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Smooth colour waves with grain, so the PNG compresses about as a photo does (not a flat test pattern). */
async function photoLike(side: number, format: "png" | "jpeg"): Promise<Uint8Array> {
  const pixels = Buffer.alloc(side * side * 3);
  let seed = 7;
  const grain = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed / 0x7fffffff - 0.5) * 10;
  };
  for (let y = 0, i = 0; y < side; y++) {
    for (let x = 0; x < side; x++, i += 3) {
      const u = (x / side) * 12;
      const v = (y / side) * 9;
      pixels[i] = 128 + 90 * Math.sin(u) * Math.cos(v * 0.7) + grain();
      pixels[i + 1] = 120 + 80 * Math.sin(u * 0.5 + v) + grain();
      pixels[i + 2] = 110 + 70 * Math.cos(u * 0.3 - v * 1.3) + grain();
    }
  }
  return new Uint8Array(
    await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
      .toFormat(format, format === "jpeg" ? { quality: 92 } : {})
      .toBuffer(),
  );
}

const vsix = packageVsix();
console.log(
  `Load average before: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(", ")} (${RUNS} runs per pair)\n`,
);
console.log(
  "| pair | files | click → shown (median, range) | command → webview ready | webview ready → shown | Difference computed (median, range) | VS Code's image preview of the result alone |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const { format, side } of PAIRS) {
  const ext = format === "jpeg" ? "jpg" : "png";
  const [original, result] = [`photo.${ext}`, `photo@2x.${ext}`];
  const server = await startCodeServer({
    vsix,
    files: { [original]: await photoLike(side, format) },
    settings: { "upscale.overwrite": "always", "upscale.openResult": false, "workbench.list.openMode": "doubleClick" },
  });
  try {
    const wb = await Workbench.open(server.url, server.workspace);
    await wb.openImage(original);
    await wb.explorerContextMenu([original], "Upscale Image");
    await pollUntil(result, 300_000, () =>
      stat(join(server.workspace, result)).then(
        () => true,
        () => false,
      ),
    );
    await pollUntil("the upscale's log line", 60_000, async () =>
      (await server.extensionLog()).includes(`${result} ${side}×${side} → `),
    );
    const sizes = await Promise.all([original, result].map((name) => stat(join(server.workspace, name))));
    const walls: number[] = [];
    const differences: number[] = [];
    const stuck = new Set<number>();
    const view = compareWebview(wb.page);
    for (let run = 0; run < RUNS; run++) {
      await wb.reset();
      const now = new Date();
      for (const name of [original, result]) await utimes(join(server.workspace, name), now, now);
      const clicked = await wb.explorerContextMenu([result], "Compare with Original");
      const { reloaded } = await compareShown(wb, `the compare view of ${result}`, undefined, 60_000);
      // A webview code-server left blank (see compareShown) times code-server, not the compare view.
      if (reloaded) stuck.add(run);
      else walls.push(performance.now() - clicked);
      await view.getByRole("tab", { name: "Difference", exact: true }).click();
      const asked = performance.now();
      await view.locator('.cv-root[data-difference="ready"]').waitFor({ timeout: 120_000 });
      differences.push(performance.now() - asked);
    }
    // The baseline: VS Code's own image preview (also a webview) opening the result, until it shows its size.
    const previews: number[] = [];
    const size = wb.page.locator(".statusbar-item", { hasText: new RegExp(`^\\s*${side * 2}x${side * 2}\\s*$`) });
    for (let run = 0; run < RUNS; run++) {
      await wb.reset();
      const now = new Date();
      await utimes(join(server.workspace, result), now, now);
      const asked = performance.now();
      await wb.explorerRow(result).dblclick();
      const shown = await pollUntil("the preview's size", 30_000, async () => (await size.count()) > 0, 20).then(
        () => true,
        () => false,
      );
      if (shown) previews.push(performance.now() - asked);
    }
    // The extension's own account of each opening (compare-panel.ts): the command, the webview ready, shown.
    const accounts = [
      ...(await server.extensionLog()).matchAll(/shown (\d+) ms after the command; webview ready at (\d+) ms/g),
    ]
      .map((m) => ({ shown: Number(m[1]), ready: Number(m[2]) }))
      .filter((_, run) => !stuck.has(run));
    const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;
    console.log(
      `| ${side}² → ${side * 2}² ${format.toUpperCase()} | ${mb(sizes[0]?.size ?? 0)} + ${mb(sizes[1]?.size ?? 0)} | ` +
        `${ms(walls)} (${range(walls)}) | ${ms(accounts.map((a) => a.ready))} | ` +
        `${ms(accounts.map((a) => a.shown - a.ready))} | ${ms(differences)} (${range(differences)}) | ` +
        `${ms(previews)} (${range(previews)}${previews.length < RUNS ? `, ${RUNS - previews.length} blank` : ""}) |`,
    );
    if (stuck.size > 0)
      console.log(`(${stuck.size} of ${RUNS} webviews stayed blank until "Developer: Reload Webviews": not timed)`);
    if (process.env.BENCH_VERBOSE) {
      const lines = (await server.extensionLog()).split("\n");
      console.log(lines.filter((line) => line.includes("Compare:")).join("\n"));
    }
    await wb.close();
  } finally {
    await server.stop();
  }
}
console.log(
  `\nLoad average after: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(", ")}`,
);
