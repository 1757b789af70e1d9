import { unwatchFile, watchFile } from "node:fs";
import { readFile } from "node:fs/promises";
import { createFigmaFake } from "../fake/create-figma-fake.js";
import { readManifestSettings } from "../manifest-settings.js";
import type { FigmaTheme } from "./figma-theme.js";
import { type Harness, startHarness } from "./harness-server.js";

export interface DevHarnessOptions {
  /** The plugin's manifest.json: main, ui, networkAccess and relaunchButtons are taken from it. */
  manifestPath: string;
  port?: number;
  theme?: FigmaTheme;
  /** Re-run the plugin when the built files change (default true), keeping the canvas. */
  watch?: boolean;
  /** Print what happens (default: console.log). */
  log?: (line: string) => void;
}

/**
 * `pnpm dev` for a plugin: the harness page with the demo canvas, running the built files the manifest names,
 * with its networkAccess and relaunch commands enforced; rebuilt files re-run the plugin on the same canvas.
 */
export async function startDevHarness(options: DevHarnessOptions): Promise<Harness> {
  const log = options.log ?? ((line: string) => console.log(line));
  const settings = await readManifestSettings(options.manifestPath);
  const read = async () => {
    const uiFiles: Record<string, string> = {};
    for (const [name, path] of Object.entries(settings.uiPaths)) uiFiles[name] = await readFile(path, "utf8");
    return { mainCode: await readFile(settings.mainPath, "utf8"), uiHtml: uiFiles.html ?? "", uiFiles };
  };
  const files = await read();
  const fake = createFigmaFake({
    relaunchCommands: settings.relaunchCommands,
    editorType: settings.editorType,
    violations: "record",
  });
  const harness = await startHarness({
    ...files,
    figma: fake,
    demoCanvas: true,
    ...(options.theme ? { theme: options.theme } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    run: settings.allowedDomains ? { allowedDomains: settings.allowedDomains } : {},
  });
  log(`figma-harness: ${harness.url} (canvas on the left, the plugin on the right)`);
  if (options.watch === false) return harness;

  let timer: NodeJS.Timeout | undefined;
  // Polling by path, not fs.watch: a build that deletes and rewrites dist/ would end a watch on the old inode.
  const paths = [settings.mainPath, ...Object.values(settings.uiPaths)];
  const changed = () => {
    clearTimeout(timer);
    // Builds write several files; re-run once they are all written.
    timer = setTimeout(async () => {
      try {
        await harness.restart(await read());
        log("figma-harness: rebuilt files loaded, plugin re-run");
      } catch (error) {
        log(`figma-harness: could not re-run: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, 200);
  };
  for (const path of paths) watchFile(path, { interval: 300 }, changed);

  return {
    ...harness,
    get run() {
      return harness.run;
    },
    get session() {
      return harness.session;
    },
    async close() {
      clearTimeout(timer);
      for (const path of paths) unwatchFile(path, changed);
      await harness.close();
    },
  };
}
