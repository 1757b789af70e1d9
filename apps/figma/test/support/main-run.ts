import type { FakeApis } from "@upscale/fake-apis";
import { createFigmaFake, type FigmaFake, type PluginRun, runPluginMain } from "@upscale/figma-harness";
import type { BuiltPlugin } from "./built-plugin.js";
import { nextToUi, sendFromUi } from "./plugin-messages.js";

/** A new canvas whose relaunch buttons are the manifest's. */
export function newPluginCanvas(built: BuiltPlugin): FigmaFake {
  return createFigmaFake({ relaunchCommands: built.relaunchCommands });
}

/** Runs the built main bundle as Figma does, with the manifest's network access (and a relaunch command). */
export function startPluginRun(built: BuiltPlugin, fake: FigmaFake, command?: string): Promise<PluginRun> {
  return runPluginMain({
    code: built.code,
    html: built.html,
    figma: fake,
    allowedDomains: built.allowedDomains,
    console: "silent",
    ...(command === undefined ? {} : { command }),
  });
}

/** Opens the plugin as Figma does, pointed at the fake Ideogram with a key (the fake's, unless given). */
export async function openIdeogramPlugin(
  built: BuiltPlugin,
  apis: FakeApis,
  fake: FigmaFake,
  key: string = apis.keys.ideogram,
): Promise<PluginRun> {
  const run = await startPluginRun(built, fake);
  const init = nextToUi(run, "init");
  sendFromUi(run, "ready", {});
  await init;
  const saved = nextToUi(run, "settings");
  sendFromUi(run, "save-settings", { ideogramBaseUrl: apis.ideogramUrl, ideogramAuth: "official" });
  await saved;
  const keys = nextToUi(run, "keys");
  sendFromUi(run, "set-key", { service: "ideogram", key });
  await keys;
  return run;
}

/** Switches the open plugin to Midjourney on the fake GPTunnel, with its key, as a user would in Settings. */
export async function switchToMidjourney(apis: FakeApis, run: PluginRun): Promise<void> {
  const saved = nextToUi(run, "settings");
  sendFromUi(run, "save-settings", { provider: "midjourney", gptunnelBaseUrl: apis.gptunnelUrl });
  await saved;
  const keys = nextToUi(run, "keys");
  sendFromUi(run, "set-key", { service: "gptunnel", key: apis.keys.gptunnel });
  await keys;
}
