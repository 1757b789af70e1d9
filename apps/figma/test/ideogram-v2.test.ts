// Ideogram's v2 upscale in the built main bundle (node:vm, strict Figma fake) against the fake APIs: the model and
// its own fields, the free price of the selection, a paid generation resumed after the plugin was closed, and the
// GPTunnel balance. The UI for the same is clicked through in ui.test.ts.
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { type FigmaFake, makeTestImage, type PluginRun } from "@upscale/figma-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PluginSettings, PriceQuote } from "../src/shared/messages.js";
import { type BuiltPlugin, loadBuiltPlugin } from "./support/built-plugin.js";
import { newPluginCanvas, openIdeogramPlugin, startPluginRun, switchToMidjourney } from "./support/main-run.js";
import { nextToUi, runToEnd, sendFromUi } from "./support/plugin-messages.js";

let built: BuiltPlugin;
let apis: FakeApis;

beforeAll(async () => {
  built = await loadBuiltPlugin();
  apis = await startFakeApis({ scenario: { task: { durationMs: 300 } } });
});

afterAll(async () => {
  await apis?.close();
});

const imageFill = (imageHash: string): ImagePaint => ({ type: "IMAGE", scaleMode: "FILL", imageHash });

async function photo(fake: FigmaFake, name: string, width: number, height: number, x = 0) {
  const fills = [imageFill(fake.addImage(await makeTestImage(width, height)))];
  return fake.create("RECTANGLE", { name, x, width: width / 4, height: height / 4, fills });
}

/** Saves settings and waits for the price that follows (not a pending one). */
async function priceAfter(run: PluginRun, settings: Partial<PluginSettings>): Promise<PriceQuote> {
  const quote = nextToUi(run, "quote", (answer) => answer.state !== "pending");
  sendFromUi(run, "save-settings", settings);
  return quote;
}

const quotes = () => apis.stats.count("quote", "POST");
const submissions = () => apis.stats.count("upscale-v2", "POST");

describe("Ideogram v2 in the main thread", () => {
  it("prices the selection for free, again when the selection or the options change, without paying", async () => {
    const fake = newPluginCanvas(built);
    const wide = await photo(fake, "Wide", 600, 400);
    const square = await photo(fake, "Square", 300, 300, 200);
    fake.select([wide]);
    const run = await openIdeogramPlugin(built, apis, fake);
    const [quoted, submitted, billed] = [quotes(), submissions(), apis.stats.billed.length];

    // Auto (the default) ×2: 1200×800 is billed as the fake's 1 MP minimum; Ideogram picks the model, so at
    // most the dearest capped one.
    const auto = await priceAfter(run, { ideogramModel: "auto", factor: 2 });
    expect(auto).toEqual({
      state: "ready",
      usdMicros: 10_000,
      upperBoundUsdMicros: 30_000,
      qualifier: "estimate",
      images: 1,
      unpriced: 0,
    });
    // Topaz Standard V2 ×4: 2400×1600 = 3.84 MP at 10 000 µ$ per MP, exactly.
    expect(await priceAfter(run, { ideogramModel: "topaz-standard-2", factor: 4 })).toMatchObject({
      usdMicros: 38_400,
      upperBoundUsdMicros: 38_400,
      qualifier: "exact",
    });

    // Selecting another layer as well re-prices both: 3.84 MP + 1.44 MP.
    const both = nextToUi(run, "quote", (answer) => answer.state === "ready");
    fake.select([wide, square]);
    expect(await both).toMatchObject({ usdMicros: 52_800, images: 2 });

    // The same question again is answered from memory: nothing is uploaded for it.
    const asked = quotes();
    const again = nextToUi(run, "quote", (answer) => answer.state === "ready");
    fake.select([wide]);
    expect(await again).toMatchObject({ usdMicros: 38_400 });
    expect(quotes()).toBe(asked);

    // A factor the model does not offer, and the legacy model, have no price — and say why.
    expect(await priceAfter(run, { ideogramModel: "topaz-wonder-4", factor: 8 })).toEqual({
      state: "unavailable",
      message: "Invalid Ideogram upscale request: Topaz Wonder 4 upscales ×2 or ×4 only, not ×8.",
    });
    expect(await priceAfter(run, { ideogramModel: "legacy" })).toEqual({
      state: "unavailable",
      message: "The legacy upscale gives no price before it runs.",
    });

    expect(quotes() - quoted).toBeGreaterThanOrEqual(3);
    expect(submissions()).toBe(submitted);
    expect(apis.stats.billed.length).toBe(billed);
    expect(fake.violations).toEqual([]);
  });

  it("sends each model its own fields, and the legacy model to v1 /upscale", async () => {
    const fake = newPluginCanvas(built);
    const run = await openIdeogramPlugin(built, apis, fake);
    const cases: Array<{ settings: Partial<PluginSettings>; model: string }> = [
      { settings: { ideogramModel: "topaz-wonder-3-5", strength: "high", factor: 2 }, model: "topaz-wonder-3-5" },
      { settings: { ideogramModel: "topaz-bloom-2", prompt: "a red barn", factor: 2 }, model: "topaz-bloom-2" },
      { settings: { ideogramModel: "nano-banana-pro", resolution: "1K" }, model: "nano-banana-pro" },
    ];
    for (const [index, { settings, model }] of cases.entries()) {
      const node = await photo(fake, model, 600, 400, index * 200);
      fake.select([node]);
      sendFromUi(run, "save-settings", settings);
      await nextToUi(run, "settings");
      const status = await runToEnd(run, "upscale", {});
      expect({ model, summary: status.summary, error: status.error }).toEqual({
        model,
        summary: "1 done · 1 layer updated",
        error: undefined,
      });
      expect(apis.stats.billed.at(-1)?.model).toBe(model);
      if (model === "nano-banana-pro") {
        // Regenerated at the 1K tier: about a megapixel at the input's 3:2, whatever factor is set.
        const [fill] = fake.fillsOf(node) as ImagePaint[];
        const { width, height } = await fake.imageDetails(fill?.imageHash ?? "");
        expect(width * height).toBeGreaterThan(900_000);
        expect(width * height).toBeLessThan(1_150_000);
        expect(width / height).toBeCloseTo(1.5, 1);
      }
    }

    const legacy = await photo(fake, "Legacy", 64, 48, 800);
    fake.select([legacy]);
    sendFromUi(run, "save-settings", { ideogramModel: "legacy" });
    await nextToUi(run, "settings");
    const v1 = apis.stats.count("upscale", "POST");
    expect((await runToEnd(run, "upscale", {})).summary).toBe("1 done · 1 layer updated");
    expect(apis.stats.count("upscale", "POST") - v1).toBe(1);
  });

  it("resumes a paid generation after the plugin was closed mid-way: one billed submission, the layer updated", async () => {
    const fake = newPluginCanvas(built);
    const node = await photo(fake, "Photo", 64, 48);
    fake.select([node]);
    const [before] = fake.fillsOf(node) as ImagePaint[];
    const run = await openIdeogramPlugin(built, apis, fake);
    const submitted = submissions();
    let generation = "";
    apis.setScenario({ ideogram: { generationMs: 2500 } });
    try {
      sendFromUi(run, "upscale", {});
      // The generation is in the ledger (clientStorage) the moment it exists: then the user closes the plugin.
      const ledger = () =>
        (fake.storage()["upscale-midjourney-ledger"] ?? []) as Array<{ taskId: string; vendor?: string }>;
      await expect
        .poll(() => ledger().filter((entry) => entry.vendor === "ideogram"), { timeout: 20_000 })
        .toHaveLength(1);
      generation = ledger()[0]?.taskId ?? "";
      run.close();
      await run.closed;
      expect(fake.fillsOf(node)).toEqual([before]);

      const reopened = await startPluginRun(built, fake);
      const init = nextToUi(reopened, "init");
      const resumed = nextToUi(reopened, "status", (status) => !status.running, 30_000);
      sendFromUi(reopened, "ready", {});
      expect((await init).resuming).toEqual({ midjourney: 0, ideogram: 1 });
      const status = await resumed;
      expect(status.summary).toBe("1 done · 1 layer updated");
      expect(status.items[0]?.label).toBe("Resume Photo");
    } finally {
      apis.setScenario({ task: { durationMs: 300 } });
    }
    const [after] = fake.fillsOf(node) as ImagePaint[];
    expect(after).toEqual({ ...before, imageHash: after?.imageHash });
    expect(await fake.imageDetails(after?.imageHash ?? "")).toMatchObject({ width: 128, height: 96 });
    expect(submissions() - submitted).toBe(1);
    expect(apis.stats.billed.filter((entry) => entry.generationId === generation)).toHaveLength(1);
    expect(fake.storage()["upscale-midjourney-ledger"]).toEqual([]);
    expect(fake.storage()["upscale-pending-images"]).toEqual({});
    expect(fake.violations).toEqual([]);
  });

  it("keeps a downloaded generation in the ledger until the run writes the canvas: a close in between loses nothing", async () => {
    const fake = newPluginCanvas(built);
    const first = await photo(fake, "First", 64, 48);
    const second = await photo(fake, "Second", 48, 64, 100);
    fake.select([first, second]);
    const before = [fake.fillsOf(first), fake.fillsOf(second)];
    const run = await openIdeogramPlugin(built, apis, fake);
    const submitted = submissions();
    const ledger = () =>
      ((fake.storage()["upscale-midjourney-ledger"] ?? []) as Array<{ vendor?: string }>).filter(
        (entry) => entry.vendor === "ideogram",
      );
    // The second result's download is held back, so the run cannot write the canvas yet.
    apis.setScenario({
      ideogram: { generationMs: 200 },
      faults: [{ endpoint: "image", on: { requests: [2] }, fault: { kind: "latency", ms: 4000 } }],
    });
    try {
      const oneKept = nextToUi(run, "status", (status) => status.items.some((item) => item.state === "done"), 20_000);
      sendFromUi(run, "upscale", {});
      await oneKept;
      // One result is downloaded and kept for the canvas, which is not written yet: both stay to resume.
      expect(ledger()).toHaveLength(2);
      run.close();
      await run.closed;
      expect([fake.fillsOf(first), fake.fillsOf(second)]).toEqual(before);
      apis.setScenario({ task: { durationMs: 300 } });

      const reopened = await startPluginRun(built, fake);
      sendFromUi(reopened, "ready", {});
      await expect.poll(() => ledger(), { timeout: 30_000 }).toEqual([]);
      await expect.poll(() => [fake.fillsOf(first), fake.fillsOf(second)], { timeout: 10_000 }).not.toEqual(before);
    } finally {
      apis.setScenario({ task: { durationMs: 300 } });
    }
    expect((fake.fillsOf(first) as ImagePaint[])[0]?.imageHash).not.toBe((before[0] as ImagePaint[])[0]?.imageHash);
    expect((fake.fillsOf(second) as ImagePaint[])[0]?.imageHash).not.toBe((before[1] as ImagePaint[])[0]?.imageHash);
    expect(submissions() - submitted).toBe(2);
    expect(fake.violations).toEqual([]);
  });

  it("reads the GPTunnel balance, negative down to the credit limit, and says when it cannot", async () => {
    const fake = newPluginCanvas(built);
    const run = await openIdeogramPlugin(built, apis, fake);
    await switchToMidjourney(apis, run);
    apis.setScenario({ task: { durationMs: 300 }, account: { balance: -51.54397, creditLimit: 15000 } });
    try {
      const balance = nextToUi(run, "balance");
      sendFromUi(run, "balance", {});
      expect(await balance).toEqual({ balance: -51.54397, creditLimit: 15000 });

      sendFromUi(run, "set-key", { service: "gptunnel", key: "not-the-key-987654" });
      await nextToUi(run, "keys");
      const refused = nextToUi(run, "balance");
      sendFromUi(run, "balance", {});
      const answer = await refused;
      expect("error" in answer && answer.error).toContain("open Settings in the plugin and enter the key");
      expect(JSON.stringify(answer)).not.toContain("not-the-key-987654");
    } finally {
      apis.setScenario({ task: { durationMs: 300 } });
    }
  });
});
