// `pnpm --filter ./apps/figma dev`: the plugin in a browser without Figma. Builds it, starts the fake vendor APIs
// on fixed loopback ports, serves the figma-harness page (demo canvas on the left, the plugin's UI on the right)
// and points the plugin at the fake through its own UI messages, as a user would in Settings. Source changes
// rebuild the plugin, and the harness re-runs it on the same canvas.
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import path from "node:path";
import { startFakeApis } from "@upscale/fake-apis";
import { startDevHarness } from "@upscale/figma-harness";
import { root } from "./bundle-options.mjs";

const PAGE_PORT = Number(process.env.PORT ?? 5174);

function build() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "scripts/build.mjs")], { stdio: "inherit" });
    child.on("exit", (code) => resolve(code === 0));
  });
}

if (!(await build())) process.exit(1);
const apis = await startFakeApis({ port: 8787, imagesPort: 8788, scenario: { task: { durationMs: 3000 } } });
const harness = await startDevHarness({ manifestPath: path.join(root, "manifest.json"), port: PAGE_PORT });

/** What a user would enter in Settings to use the fake: sent as the UI sends it. */
function configure() {
  const send = (name, payload) => harness.run?.sendFromUi([name, payload]);
  send("save-settings", {
    ideogramBaseUrl: apis.ideogramUrl,
    ideogramAuth: "official",
    gptunnelBaseUrl: apis.gptunnelUrl,
  });
  send("set-key", { service: "ideogram", key: apis.keys.ideogram });
  send("set-key", { service: "gptunnel", key: apis.keys.gptunnel });
}
configure();

console.log(
  `fake APIs: Ideogram ${apis.ideogramUrl} (key ${apis.keys.ideogram}), GPTunnel ${apis.gptunnelUrl} (key ${apis.keys.gptunnel})`,
);
console.log(`open ${harness.url} — select layers on the canvas, then click Upscale. Ctrl-C stops.`);

let pending;
const watcher = watch(path.join(root, "src"), { recursive: true }, () => {
  clearTimeout(pending);
  pending = setTimeout(() => {
    build().then((ok) => console.log(ok ? "rebuilt" : "build failed: fix it and save again"));
  }, 300);
});

process.once("SIGINT", async () => {
  watcher.close();
  clearTimeout(pending);
  await harness.close();
  await apis.close();
  process.exit(0);
});
