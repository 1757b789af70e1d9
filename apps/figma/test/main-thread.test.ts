// The built main bundle in node:vm with only Figma's globals, on the strict PluginAPI fake, driven by the
// messages the UI sends, against the fake vendor APIs on loopback. The UI itself is tested in ui.test.ts.
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import {
  FILL_BEARING_TYPES,
  type FigmaFake,
  makeSolidPng,
  makeTestImage,
  type PluginRun,
} from "@upscale/figma-harness";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunStatus } from "../src/shared/messages.js";
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

const newCanvas = (): FigmaFake => newPluginCanvas(built);
const startRun = (fake: FigmaFake, command?: string): Promise<PluginRun> => startPluginRun(built, fake, command);
const openPlugin = (fake: FigmaFake, key?: string): Promise<PluginRun> => openIdeogramPlugin(built, apis, fake, key);
const useMidjourney = (run: PluginRun): Promise<void> => switchToMidjourney(apis, run);

const cropPaint = (imageHash: string): ImagePaint => ({
  type: "IMAGE",
  scaleMode: "CROP",
  imageHash,
  imageTransform: [
    [0.5, 0, 0.25],
    [0, 0.5, 0.1],
  ],
  rotation: 90,
  opacity: 0.7,
  blendMode: "MULTIPLY",
  visible: true,
  filters: { exposure: 0.3, contrast: -0.2, saturation: 0.1, temperature: 0, tint: 0, highlights: 0, shadows: 0 },
});
const imageFill = (imageHash: string): ImagePaint => ({ type: "IMAGE", scaleMode: "FILL", imageHash });
const solid: SolidPaint = { type: "SOLID", color: { r: 0.2, g: 0.4, b: 0.6 }, opacity: 0.5 };

describe("the plugin's main thread", () => {
  it("swaps only imageHash, keeps every other paint and the node's size, as one undo step", async () => {
    const fake = newCanvas();
    const hash = fake.addImage(await makeTestImage(64, 48));
    const node = fake.create("ELLIPSE", { name: "Photo", width: 200, height: 150, fills: [solid, cropPaint(hash)] });
    fake.select([node]);
    const run = await openPlugin(fake);
    const before = fake.fillsOf(node);
    const undoSteps = fake.undoSteps;

    const status = await runToEnd(run, "upscale", {});

    expect(status.error).toBeUndefined();
    expect(status.summary).toBe("1 done · 1 layer updated");
    const after = fake.fillsOf(node);
    if (after === "mixed" || before === "mixed") throw new Error("fills became mixed");
    const newHash = (after[1] as ImagePaint).imageHash ?? "";
    expect(after).toEqual([before[0], { ...before[1], imageHash: newHash }]);
    expect(await fake.imageDetails(newHash)).toMatchObject({ width: 128, height: 96 });
    expect([node.width, node.height]).toEqual([200, 150]);
    expect(fake.undoSteps).toBe(undoSteps + 1);
    expect(fake.undo()).toBe(true);
    expect(fake.fillsOf(node)).toEqual(before);
    expect(fake.violations).toEqual([]);
  });

  it("upscales an image shared by several nodes once, and divides a TILE paint's scalingFactor", async () => {
    const fake = newCanvas();
    const hash = fake.addImage(await makeTestImage(40, 40));
    const tile: ImagePaint = { type: "IMAGE", scaleMode: "TILE", imageHash: hash, scalingFactor: 0.5 };
    const a = fake.create("RECTANGLE", { name: "A", fills: [tile] });
    const b = fake.create("FRAME", { name: "B", fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: hash }] });
    const c = fake.create("TEXT", {
      name: "C",
      characters: "Hi",
      fills: [{ type: "IMAGE", scaleMode: "FIT", imageHash: hash }],
    });
    fake.select([a, b, c]);
    const [tileBefore] = fake.fillsOf(a) as ImagePaint[];
    const run = await openPlugin(fake);
    const sent = apis.stats.count("upscale-v2", "POST");

    const status = await runToEnd(run, "upscale", {});

    expect(status.error).toBeUndefined();
    expect(apis.stats.count("upscale-v2", "POST") - sent).toBe(1);
    const hashes = [a, b, c].map((node) => {
      const fills = fake.fillsOf(node);
      if (fills === "mixed") throw new Error("mixed");
      return (fills[0] as ImagePaint).imageHash;
    });
    expect(new Set(hashes).size).toBe(1);
    expect(hashes[0]).not.toBe(hash);
    const [tiled] = fake.fillsOf(a) as ImagePaint[];
    expect(tiled).toEqual({ ...tileBefore, imageHash: hashes[0], scalingFactor: 0.25 });
  });

  it("upscales the image fills of every fill-bearing node type, selected together", async () => {
    const fake = newCanvas();
    const hash = fake.addImage(await makeTestImage(24, 24));
    const types = FILL_BEARING_TYPES;
    const nodes = types.map((type, index) =>
      fake.create(type, {
        name: type,
        x: index * 60,
        width: 50,
        height: 50,
        ...(type === "TEXT" ? { characters: "Aa" } : {}),
        fills: [solid, cropPaint(hash)],
      }),
    );
    fake.select(nodes);
    const before = nodes.map((node) => fake.fillsOf(node) as Paint[]);
    const run = await openPlugin(fake);
    const sent = apis.stats.count("upscale-v2", "POST");

    const status = await runToEnd(run, "upscale", {});

    expect(status.error).toBeUndefined();
    expect(status.summary).toBe(`1 done · ${types.length} layers updated`);
    expect(apis.stats.count("upscale-v2", "POST") - sent).toBe(1);
    const after = nodes.map((node) => fake.fillsOf(node) as Paint[]);
    const newHash = ((after[0] ?? [])[1] as ImagePaint).imageHash;
    expect(newHash).not.toBe(hash);
    after.forEach((fills, index) => {
      expect({ type: types[index], fills }).toEqual({
        type: types[index],
        fills: [before[index]?.[0], { ...before[index]?.[1], imageHash: newHash }],
      });
    });
    expect(fake.violations).toEqual([]);
  });

  it("upscales an image that fills only some characters of a text, range by range", async () => {
    const fake = newCanvas();
    const hash = fake.addImage(await makeTestImage(48, 16));
    const title = fake.create("TEXT", {
      name: "Title",
      characters: "Sunset hills",
      rangeFills: [
        { start: 0, end: 7, fills: [solid] },
        { start: 7, end: 12, fills: [cropPaint(hash)] },
      ],
    });
    fake.select([title]);
    const run = await openPlugin(fake);
    const before = fake.imagePaints().find((use) => use.node === title);

    const status = await runToEnd(run, "upscale", {});

    expect(status.summary).toBe("1 done · 1 layer updated");
    expect(fake.fillsOf(title)).toBe("mixed");
    const after = fake.imagePaints().find((use) => use.node === title);
    expect(after?.range).toEqual({ start: 7, end: 12 });
    expect(after?.paint).toEqual({ ...before?.paint, imageHash: after?.paint.imageHash });
    expect(await fake.imageDetails(after?.paint.imageHash ?? "")).toMatchObject({ width: 96, height: 32 });
    expect(fake.violations).toEqual([]);
  });

  it("skips a node deleted and a node whose fill changed while upscaling, whatever is selected", async () => {
    const fake = newCanvas();
    const bytes = await makeTestImage(32, 32);
    const gone = fake.create("RECTANGLE", {
      name: "Gone",
      fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: fake.addImage(bytes) }],
    });
    const edited = fake.create("RECTANGLE", {
      name: "Edited",
      fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: fake.addImage(await makeTestImage(30, 30)) }],
    });
    const other = fake.create("RECTANGLE", { name: "Other", fills: [solid] });
    fake.select([gone, edited]);
    const otherFills = fake.fillsOf(other);
    const run = await openPlugin(fake);
    apis.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "latency", ms: 400 } }] });
    try {
      const finished = runToEnd(run, "upscale", {});
      await nextToUi(run, "status", (status) => status.items.some((item) => item.state === "running"));
      gone.remove();
      edited.fills = [solid];
      fake.select([other]);
      const status = await finished;
      expect(status.error?.message).toContain("“Gone” was deleted");
      expect(status.error?.message).toContain("“Edited”'s fills changed");
      expect(fake.fillsOf(edited)).toEqual(otherFills);
      expect(fake.fillsOf(other)).toEqual(otherFills);
    } finally {
      apis.setScenario({});
    }
  });

  it("refuses before paying when the result could not be larger than the canvas' image", async () => {
    const fake = newCanvas();
    const hash = fake.addImage(await makeSolidPng(4096, 1024));
    const node = fake.create("RECTANGLE", {
      name: "Huge",
      fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: hash }],
    });
    fake.select([node]);
    const run = await openPlugin(fake);
    const sent = () => apis.stats.count("upscale-v2", "POST") + apis.stats.count("quote", "POST");
    const before = sent();

    const status = await runToEnd(run, "upscale", {});

    expect(status.items[0]).toMatchObject({ state: "skipped" });
    expect(status.items[0]?.detail).toContain("Nothing was sent");
    // Not even for a price: an image a run would skip is not quoted either.
    expect(sent()).toBe(before);
  });

  it("says what to do with a rejected key, and never shows the key", async () => {
    const fake = newCanvas();
    const node = fake.create("RECTANGLE", {
      name: "P",
      fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: fake.addImage(await makeTestImage(16, 16)) }],
    });
    fake.select([node]);
    const run = await openPlugin(fake, "wrong-key-0123456789");

    const status = await runToEnd(run, "upscale", {});

    expect(status.error?.next).toBe("set-key");
    expect(status.error?.message).toContain("open Settings in the plugin and enter the key");
    expect(JSON.stringify(run.messagesToUi)).not.toContain("wrong-key-0123456789");
    expect(fake.notifications.every((note) => note.message.length <= 100)).toBe(true);
  });

  it("explains an empty selection and an image Figma has no data for", async () => {
    const fake = newCanvas();
    const run = await openPlugin(fake);
    const empty = await runToEnd(run, "upscale", {});
    expect(empty.error?.message).toBe("Nothing is selected: select layers with image fills.");

    const hash = fake.addImage(await makeTestImage(16, 16));
    const node = fake.create("RECTANGLE", {
      name: "Lost",
      fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: hash }],
    });
    fake.forgetImage(hash);
    fake.select([node]);
    const lost = await runToEnd(run, "upscale", {});
    expect(lost.items[0]?.state).toBe("failed");
    expect(lost.error?.message).toContain("Figma has no data for this image");
  });

  it("places the result beside the source as a new layer, leaving the source as it was", async () => {
    const fake = newCanvas();
    const hash = fake.addImage(await makeTestImage(40, 30));
    const frame = fake.create("FRAME", { name: "Card", x: 100, y: 50, width: 300, height: 200, fills: [solid] });
    const photo = fake.create("RECTANGLE", {
      name: "Photo",
      parent: frame,
      x: 10,
      y: 10,
      width: 80,
      height: 60,
      fills: [solid, cropPaint(hash)],
    });
    const title = fake.create("TEXT", {
      name: "Title",
      parent: frame,
      x: 10,
      y: 120,
      characters: "Hello",
      rangeFills: [
        { start: 0, end: 2, fills: [solid] },
        { start: 2, end: 5, fills: [cropPaint(hash)] },
      ],
    });
    fake.select([frame]);
    const run = await openPlugin(fake);
    const saved = nextToUi(run, "settings");
    sendFromUi(run, "save-settings", { placement: "beside", includeChildren: true });
    await saved;
    const before = fake.fillsOf(photo);

    const status = await runToEnd(run, "upscale", {});

    expect(status.summary).toBe("1 done · 2 layers placed beside");
    expect(fake.fillsOf(photo)).toEqual(before);
    const copy = fake.nodes().find((node) => node.name === "Photo (upscaled)");
    if (copy === undefined || before === "mixed") throw new Error("no copy placed");
    expect(copy.parent?.type).toBe("PAGE");
    // Right of the photo would cover its frame: the copy goes right of the frame instead.
    expect([copy.x, copy.y, copy.width, copy.height]).toEqual([100 + 300 + 40, 60, 80, 60]);
    const copied = fake.fillsOf(copy) as Paint[];
    expect(copied).toEqual([before[0], { ...before[1], imageHash: (copied[1] as ImagePaint).imageHash }]);
    expect(copy.getRelaunchData()).toEqual({ upscale: expect.any(String) });
    // Text is cloned, so its glyphs and per-character fills stay; only the image range gets the new image.
    const textCopy = fake.nodes().find((node) => node.name === "Title (upscaled)");
    expect(textCopy?.type).toBe("TEXT");
    const ranges = fake.imagePaints().filter((use) => use.node === textCopy);
    expect(ranges.map((use) => use.range)).toEqual([{ start: 2, end: 5 }]);
    expect(ranges[0]?.paint.imageHash).toBe((copied[1] as ImagePaint).imageHash);
    expect(fake.imagePaints().find((use) => use.node === title)?.paint.imageHash).toBe(hash);
  });

  it("resumes a paid task left by an earlier session once its missing key is set, without submitting again", async () => {
    const answer = await fetch(`${apis.gptunnelUrl}/imagine`, {
      method: "POST",
      headers: { authorization: apis.keys.gptunnel, "content-type": "application/json" },
      body: JSON.stringify({ prompt: "a fox" }),
    });
    const task = (await answer.json()) as { id: string };
    const fake = newCanvas();
    await fake.figma.clientStorage.setAsync("upscale-settings", { gptunnelBaseUrl: apis.gptunnelUrl });
    // Beside the paid task, entries no ledger wrote (another version's, a hand edit) are dropped, not resumed.
    await fake.figma.clientStorage.setAsync("upscale-midjourney-ledger", [
      { taskId: "not-a-task-id", kind: "imagine", createdAt: Date.now() },
      { taskId: task.id, kind: "imagine", createdAt: Date.now(), label: "a fox" },
      "junk",
    ]);
    const submitted = apis.stats.count("imagine", "POST");
    const run = await startRun(fake);
    const init = nextToUi(run, "init");
    const failed = nextToUi(run, "status", (status) => !status.running);
    sendFromUi(run, "ready", {});
    expect((await init).resuming).toEqual({ midjourney: 1, ideogram: 0 });
    // The client could not even be made (no key): still a Midjourney run, not an upscale.
    expect(await failed).toMatchObject({ kind: "midjourney", error: { next: "set-key" } });

    const resumed = nextToUi(run, "status", (status) => !status.running);
    sendFromUi(run, "set-key", { service: "gptunnel", key: apis.keys.gptunnel });
    expect((await resumed).summary).toBe("1 done · grid placed");
    expect(fake.nodes().map((node) => node.getPluginData("midjourney-task-id"))).toEqual([task.id]);
    expect(apis.stats.count("imagine", "POST")).toBe(submitted);
    expect(fake.storage()["upscale-midjourney-ledger"]).toEqual([]);
  });

  it("puts an upsample beside its grid even when the user has moved to another page meanwhile", async () => {
    const fake = newCanvas();
    const run = await openPlugin(fake);
    await useMidjourney(run);
    expect((await runToEnd(run, "imagine", { prompt: "a fox" })).summary).toBe("1 done · grid placed");
    const grid = fake.nodes().find((node) => node.getPluginData("midjourney-task-kind") === "imagine");
    if (grid === undefined) throw new Error("no grid");
    fake.select([grid]);

    const finished = runToEnd(run, "upsample", { index: 2 });
    await nextToUi(run, "status", (status) => status.items.some((item) => item.state === "running"));
    const elsewhere = fake.asUser(() => fake.figma.createPage());
    await fake.asUser(() => fake.figma.setCurrentPageAsync(elsewhere));
    const status = await finished;

    expect(status.error).toBeUndefined();
    expect(status.summary).toBe("1 done · image placed");
    const upsample = fake.nodes().find((node) => node.getPluginData("midjourney-task-kind") === "upsample");
    expect(upsample?.parent).toBe(grid.parent);
    expect(fake.figma.currentPage).toBe(elsewhere);

    // Fetched by its id, a task is placed as what GPTunnel says it is: an upsample, not a grid to upsample.
    const taskId = upsample?.getPluginData("midjourney-task-id") ?? "";
    expect((await runToEnd(run, "fetch-task", { taskId })).summary).toBe("1 done · image placed");
    const fetched = fake.nodes().filter((node) => node.getPluginData("midjourney-task-id") === taskId);
    expect(fetched.map((node) => node.getPluginData("midjourney-task-kind"))).toEqual(["upsample", "upsample"]);
    expect(fake.violations).toEqual([]);
  });

  it("offers to resume, not to submit again, a paid task whose status reads failed", async () => {
    const fake = newCanvas();
    const run = await openPlugin(fake);
    await useMidjourney(run);
    const paid = apis.stats.count("imagine", "POST");
    apis.setScenario({ faults: [{ endpoint: "result", fault: { kind: "status", status: 503 } }] });
    try {
      const failed = await runToEnd(run, "imagine", { prompt: "a fox" });
      expect(failed.error?.next).toBe("resume");
      expect(fake.nodes()).toHaveLength(0);
    } finally {
      apis.setScenario({ task: { durationMs: 300 } });
    }
    expect((await runToEnd(run, "resume", {})).summary).toBe("1 done · grid placed");
    expect(apis.stats.count("imagine", "POST") - paid).toBe(1);
    expect(fake.nodes().filter((node) => node.getPluginData("midjourney-task-id") !== "")).toHaveLength(1);
  });

  it("offers no Retry when an upscale may have been charged: the connection reset after Ideogram took it", async () => {
    const fake = newCanvas();
    const node = fake.create("RECTANGLE", {
      name: "Photo",
      fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: fake.addImage(await makeTestImage(24, 24)) }],
    });
    fake.select([node]);
    const before = fake.fillsOf(node);
    const run = await openPlugin(fake);
    const sent = apis.stats.count("upscale-v2", "POST");
    apis.setScenario({ faults: [{ endpoint: "upscale-v2", fault: { kind: "reset" } }] });
    try {
      const status = await runToEnd(run, "upscale", {});
      expect(status.error).toMatchObject({ next: "none", charged: "maybe", retryCharges: false });
      expect(status.error?.message).toContain("may have reached Ideogram and been charged");
      expect(status.items[0]).toMatchObject({ state: "failed" });
      expect(apis.stats.count("upscale-v2", "POST") - sent).toBe(1);
      expect(fake.fillsOf(node)).toEqual(before);
    } finally {
      apis.setScenario({ task: { durationMs: 300 } });
    }
  });

  it("carries the link of a generation paid for but not downloaded, opens only that link, and resumes it free", async () => {
    const fake = newCanvas();
    const node = fake.create("RECTANGLE", {
      name: "Photo",
      fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: fake.addImage(await makeTestImage(32, 24)) }],
    });
    fake.select([node]);
    const run = await openPlugin(fake);
    const submitted = apis.stats.count("upscale-v2", "POST");
    apis.setScenario({ faults: [{ endpoint: "image", fault: { kind: "status", status: 503 } }] });
    let status: RunStatus;
    try {
      status = await runToEnd(run, "upscale", {});
    } finally {
      apis.setScenario({ task: { durationMs: 300 } });
    }
    const link = status.error?.resultUrl ?? "";
    expect(status.error).toMatchObject({ next: "resume", charged: "yes", taskId: expect.any(String) });
    expect(status.items[0]).toMatchObject({ state: "failed", resultUrl: link });
    // The link is the paid result itself: fetched now, it is the image at 2×.
    const image = await fetch(link);
    expect(image.status).toBe(200);
    expect(await sharp(new Uint8Array(await image.arrayBuffer())).metadata()).toMatchObject({ width: 64, height: 48 });

    sendFromUi(run, "open-link", { url: `${link}&other` });
    sendFromUi(run, "open-link", { url: link });
    await expect.poll(() => fake.openedUrls).toEqual([link]);

    // "Resume (free)": the same generation is read again and written to the layer; nothing is submitted.
    const resumed = await runToEnd(run, "resume", {});
    expect(resumed.summary).toBe("1 done · 1 layer updated");
    const [fill] = fake.fillsOf(node) as ImagePaint[];
    expect(await fake.imageDetails(fill?.imageHash ?? "")).toMatchObject({ width: 64, height: 48 });
    expect(apis.stats.count("upscale-v2", "POST") - submitted).toBe(1);
    const generation = status.error?.taskId;
    expect(apis.stats.billed.filter((entry) => entry.generationId === generation)).toHaveLength(1);
    expect(fake.storage()["upscale-midjourney-ledger"]).toEqual([]);
    expect(fake.storage()["upscale-pending-images"]).toEqual({});
  });

  it("retries only the image that failed, not the one already upscaled", async () => {
    const fake = newCanvas();
    const images = [fake.addImage(await makeSolidPng(40, 40)), fake.addImage(await makeSolidPng(50, 50))];
    const nodes = images.map((imageHash, index) =>
      fake.create("RECTANGLE", { name: `Photo ${index + 1}`, x: index * 100, fills: [imageFill(imageHash)] }),
    );
    fake.select(nodes);
    const run = await openPlugin(fake);
    const sent = apis.stats.count("upscale-v2", "POST");
    // The first upscale request is refused for a long while (nothing processed, nothing charged): that image
    // fails, the other is done.
    const fault = { kind: "status", status: 429, retryAfter: 120 } as const;
    apis.setScenario({ faults: [{ endpoint: "upscale-v2", on: { requests: [1] }, fault }] });
    let failed: RunStatus;
    try {
      failed = await runToEnd(run, "upscale", {});
    } finally {
      apis.setScenario({ task: { durationMs: 300 } });
    }
    expect(failed.summary).toBe("1 done, 1 failed · 1 layer updated");
    expect(failed.error).toMatchObject({ next: "retry", retryCharges: true });
    expect(apis.stats.count("upscale-v2", "POST") - sent).toBe(2);

    const retried = await runToEnd(run, "retry", {});
    expect(retried.summary).toBe("1 done · 1 layer updated");
    expect(apis.stats.count("upscale-v2", "POST") - sent).toBe(3);
    const widths = await Promise.all(
      nodes.map(
        async (node) => (await fake.imageDetails((fake.fillsOf(node) as ImagePaint[])[0]?.imageHash ?? "")).width,
      ),
    );
    expect(widths).toEqual([80, 100]);
  });

  it("reports a Midjourney failure thrown before its flow as a Midjourney run, with Open settings", async () => {
    const fake = newCanvas();
    const run = await openPlugin(fake);
    await useMidjourney(run);
    const saved = nextToUi(run, "settings");
    sendFromUi(run, "save-settings", { gptunnelBaseUrl: "not an address" });
    await saved;

    const status = await runToEnd(run, "imagine", { prompt: "a fox" });

    expect(status).toMatchObject({ kind: "midjourney", running: false, error: { next: "fix-settings" } });
    expect(status.error?.message).toContain("base URL");
    expect(fake.notifications.at(-1)?.error).toBe(true);
  });

  it("offers to resume, for free, a paid Midjourney task cancelled while it ran", async () => {
    const fake = newCanvas();
    const run = await openPlugin(fake);
    await useMidjourney(run);
    const paid = apis.stats.count("imagine", "POST");
    apis.setScenario({ task: { durationMs: 3000 } });
    try {
      const finished = runToEnd(run, "imagine", { prompt: "a slow fox" });
      await nextToUi(run, "status", (status) => status.items.some((item) => /^task /.test(item.detail ?? "")));
      sendFromUi(run, "cancel", {});
      const cancelled = await finished;
      expect(cancelled.summary).toBe("0 done, 1 cancelled");
      expect(cancelled.error).toMatchObject({ next: "resume", taskId: expect.stringMatching(/^[0-9a-f]{24}$/) });
      expect(fake.nodes()).toHaveLength(0);

      expect((await runToEnd(run, "resume", {})).summary).toBe("1 done · grid placed");
      expect(apis.stats.count("imagine", "POST") - paid).toBe(1);
      expect(fake.nodes().map((node) => node.getPluginData("midjourney-task-id"))).toEqual([cancelled.error?.taskId]);
    } finally {
      apis.setScenario({ task: { durationMs: 300 } });
    }
  });

  it("clears a stored key, and a relaunch button opens the plugin on its command", async () => {
    const fake = newCanvas();
    const run = await openPlugin(fake);
    expect(fake.storage()).toHaveProperty("upscale-key-ideogram", apis.keys.ideogram);
    const cleared = nextToUi(run, "keys");
    sendFromUi(run, "clear-key", { service: "ideogram" });
    expect((await cleared).ideogram).toEqual({ set: false, masked: "" });
    expect(fake.storage()).not.toHaveProperty("upscale-key-ideogram");

    const relaunched = await startRun(fake, "upsample");
    const init = nextToUi(relaunched, "init");
    sendFromUi(relaunched, "ready", {});
    expect((await init).command).toBe("upsample");
  });
});
