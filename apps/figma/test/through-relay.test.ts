// The plugin as a team's RELAY_URL build would ship it, in front of apps/relay's real Node entry (what `pnpm relay`
// runs) in team mode, in front of the fake vendors: the built main bundle in node:vm with Figma's CORS rules,
// the manifest's allowedDomains as that build writes them (the relay's origin alone), the defaults that build
// gives (relay base URLs, Bearer for Ideogram) and a relay token pasted where the plugin asks for a key.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { createFigmaFake, makeTestImage, type PluginRun, runPluginMain } from "@upscale/figma-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pluginManifest } from "../scripts/manifest.mjs";
import { defaultSettings } from "../src/main/default-settings.js";
import { type BuiltPlugin, loadBuiltPlugin } from "./support/built-plugin.js";
import { nextToUi, runToEnd, sendFromUi } from "./support/plugin-messages.js";

const RELAY_MAIN = fileURLToPath(new URL("../node_modules/@upscale/relay/dist/node-main.js", import.meta.url));
const TOKEN = "designer-token-0123456789abcdef";

let built: BuiltPlugin;
let apis: FakeApis;
let relay: { url: string; process: ChildProcess; output: () => string };

/** `pnpm relay` as a team runs it: its own process, configured by environment, on a free port. */
async function startRelay(fake: FakeApis): Promise<typeof relay> {
  const child = spawn(process.execPath, [RELAY_MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      PORT: "0",
      RELAY_GPTUNNEL_URL: fake.ideogramUrl,
      RELAY_IDEOGRAM_URL: fake.ideogramUrl,
      RELAY_ALLOW_PRIVATE_UPSTREAMS: "1",
      RELAY_ALLOWED_ORIGINS: "null",
      RELAY_TOKENS: TOKEN,
      GPTUNNEL_API_KEY: fake.keys.gptunnel,
      IDEOGRAM_API_KEY: fake.keys.ideogram,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the relay printed no URL:\n${output}`)), 10_000);
    child.stdout?.on("data", () => {
      const match = /Relay listening on (http:\/\/\S+) \(mode: team\)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return { url, process: child, output: () => output };
}

beforeAll(async () => {
  built = await loadBuiltPlugin();
  apis = await startFakeApis({ scenario: { task: { durationMs: 300 } } });
  relay = await startRelay(apis);
});

afterAll(async () => {
  if (relay !== undefined) {
    const exited = new Promise((resolve) => relay.process.once("exit", resolve));
    relay.process.kill("SIGTERM");
    await exited;
  }
  await apis?.close();
});

/** Opens the plugin with the RELAY_URL build's defaults and the designer's relay token as both keys. */
async function openThroughRelay(fake: ReturnType<typeof createFigmaFake>): Promise<PluginRun> {
  const run = await runPluginMain({
    code: built.code,
    html: built.html,
    figma: fake,
    // What `RELAY_URL=<relay> pnpm --filter ./apps/figma build` allows: the relay, and nothing else.
    allowedDomains: pluginManifest({ relayUrl: relay.url }).networkAccess.allowedDomains,
    console: "silent",
  });
  const init = nextToUi(run, "init");
  sendFromUi(run, "ready", {});
  await init;
  const { ideogramBaseUrl, ideogramAuth, gptunnelBaseUrl } = defaultSettings(relay.url);
  const saved = nextToUi(run, "settings");
  sendFromUi(run, "save-settings", { ideogramBaseUrl, ideogramAuth, gptunnelBaseUrl });
  await saved;
  for (const service of ["ideogram", "gptunnel"] as const) {
    const keys = nextToUi(run, "keys");
    sendFromUi(run, "set-key", { service, key: TOKEN });
    await keys;
  }
  return run;
}

describe("the plugin through apps/relay in team mode", () => {
  it("upscales a fill and imagines a grid with a relay token, reaching only the relay", async () => {
    const fake = createFigmaFake({ relaunchCommands: built.relaunchCommands });
    const node = fake.create("RECTANGLE", {
      name: "Photo",
      width: 120,
      height: 90,
      fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: fake.addImage(await makeTestImage(40, 30)) }],
    });
    fake.select([node]);
    const run = await openThroughRelay(fake);

    const upscaled = await runToEnd(run, "upscale", {});
    expect(upscaled.error).toBeUndefined();
    expect(upscaled.summary).toBe("1 done · 1 layer updated");
    const [fill] = fake.fillsOf(node) as ImagePaint[];
    expect(await fake.imageDetails(fill?.imageHash ?? "")).toMatchObject({ width: 80, height: 60 });

    const imagined = await runToEnd(run, "imagine", { prompt: "a lighthouse at dawn" });
    expect(imagined.error).toBeUndefined();
    expect(imagined.summary).toBe("1 done · grid placed");
    expect(fake.nodes().filter((layer) => layer.getPluginData("midjourney-task-id") !== "")).toHaveLength(1);

    // The price of the selection and the GPTunnel balance come through the relay too.
    const quote = nextToUi(run, "quote", (answer) => answer.state === "ready");
    fake.select([]);
    fake.select([node]);
    expect(await quote).toMatchObject({ images: 1, qualifier: "estimate" });
    const balance = nextToUi(run, "balance");
    sendFromUi(run, "balance", {});
    expect(await balance).toMatchObject({ balance: expect.any(Number), creditLimit: expect.any(Number) });

    // The relay sent the team's keys; the plugin only ever held the token, and it reached no vendor.
    expect(apis.stats.count("upscale-v2", "POST")).toBe(1);
    expect(apis.stats.count("quote", "POST")).toBeGreaterThanOrEqual(1);
    expect(apis.stats.count("imagine", "POST")).toBe(1);
    expect(apis.stats.keyLeaks).toBe(0);
    expect(JSON.stringify(run.messagesToUi)).not.toContain(TOKEN);
    expect(relay.output()).not.toContain(TOKEN);
    expect(fake.violations).toEqual([]);
  });
});
