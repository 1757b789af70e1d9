// Builds exactly what manifest.json names: dist/main.js (Figma's main thread) and dist/ui.html (the UI iframe,
// one self-contained file), then writes manifest.json. `RELAY_URL=https://relay.example` makes the relay the
// default base URL of both vendors and the only domain in networkAccess.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { mainOptions, root, uiHtml, uiOptions } from "./bundle-options.mjs";
import { pluginManifest, relayOrigin } from "./manifest.mjs";

const relayUrl = (process.env.RELAY_URL ?? "").replace(/\/+$/, "");
relayOrigin(relayUrl); // refuses a malformed RELAY_URL before anything is built

await rm(path.join(root, "dist"), { recursive: true, force: true });
await mkdir(path.join(root, "dist"), { recursive: true });
const [, ui] = await Promise.all([build(mainOptions(relayUrl)), build(uiOptions())]);
await writeFile(path.join(root, "dist/ui.html"), uiHtml(ui.outputFiles));

// Rewritten only when its content changes, so a default build leaves the committed (Biome-formatted) file alone.
const manifestPath = path.join(root, "manifest.json");
const manifest = JSON.stringify(pluginManifest({ relayUrl }), null, 2);
const current = await readFile(manifestPath, "utf8").then(
  (text) => JSON.stringify(JSON.parse(text), null, 2),
  () => undefined,
);
if (current !== manifest) await writeFile(manifestPath, `${manifest}\n`);
