import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildFixturePlugin } from "../../test/fixtures/build-fixture-plugin.js";
import { readManifestSettings } from "../manifest-settings.js";
import type { CanvasView } from "./canvas-snapshot.js";
import { startDevHarness } from "./dev-harness.js";
import type { Harness } from "./harness-server.js";
import type { HostState } from "./host-page-script.js";

let directory: string | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
  harness = undefined;
});

async function writePlugin() {
  directory = await mkdtemp(join(tmpdir(), "figma-harness-"));
  const built = await buildFixturePlugin();
  await writeFile(join(directory, "main.js"), built.mainCode);
  await writeFile(join(directory, "ui.html"), built.uiHtml);
  const manifest = {
    name: "Fixture",
    main: "main.js",
    ui: "ui.html",
    editorType: ["figma"],
    networkAccess: { allowedDomains: ["https://api.example.com"], devAllowedDomains: ["http://127.0.0.1:*"] },
    relaunchButtons: [{ command: "again", name: "Again" }],
  };
  await writeFile(join(directory, "manifest.json"), JSON.stringify(manifest));
  return { directory, built };
}

describe("the dev harness", () => {
  it("reads main, ui, networkAccess and relaunchButtons from manifest.json", async () => {
    const { directory } = await writePlugin();
    expect(await readManifestSettings(join(directory, "manifest.json"))).toEqual({
      allowedDomains: ["https://api.example.com", "http://127.0.0.1:*"],
      relaunchCommands: ["again"],
      editorType: "figma",
      mainPath: join(directory, "main.js"),
      uiPaths: { html: join(directory, "ui.html") },
    });
  });

  it("serves the demo canvas and the built plugin, and re-runs it when the build changes", async () => {
    const { directory, built } = await writePlugin();
    const lines: string[] = [];
    harness = await startDevHarness({
      manifestPath: join(directory, "manifest.json"),
      log: (line) => lines.push(line),
    });
    expect(lines[0]).toContain(harness.url);
    const state = (await (await fetch(new URL("state", harness.url))).json()) as HostState;
    expect(state.ui.html).toContain("Fixture plugin");
    const canvas = (await (await fetch(new URL("canvas", harness.url))).json()) as CanvasView;
    expect(canvas.nodes.map((node) => node.name)).toContain("Pattern (TILE)");
    const image = await fetch(
      new URL(canvas.nodes[1]?.fills[0]?.kind === "image" ? String(canvas.nodes[1].fills[0].url) : "", harness.url),
    );
    expect(image.headers.get("content-type")).toBe("image/png");

    await writeFile(join(directory, "main.js"), `${built.mainCode}\nfigma.notify("rebuilt");`);
    await expect.poll(() => harness?.session, { timeout: 5000 }).toBe(2);
    await expect
      .poll(() => harness?.fake.notifications.map((notification) => notification.message))
      .toContain("rebuilt");
  });
});
