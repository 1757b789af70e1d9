// Compare and Revert in the built main bundle (node:vm, strict Figma fake) against the fake APIs: what each
// upscaled paint remembers (the old image's hash, in plugin data), Revert after other edits and a reopen as one
// undo step, the relaunch button, refusals, and the images Compare is given. The UI is clicked in ui.test.ts.
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { type FigmaFake, makeTestImage, paintChanges } from "@upscale/figma-harness";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ComparePayload } from "../src/shared/messages.js";
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

const solid: SolidPaint = { type: "SOLID", color: { r: 0.2, g: 0.4, b: 0.6 }, opacity: 0.5 };
const tilePaint = (imageHash: string): ImagePaint => ({
  type: "IMAGE",
  scaleMode: "TILE",
  imageHash,
  scalingFactor: 0.5,
  opacity: 0.8,
  filters: { exposure: 0.3, contrast: -0.2, saturation: 0.1, temperature: 0, tint: 0, highlights: 0, shadows: 0 },
});

/** A rectangle with a solid under a TILE image, and a text whose second word is filled with another image. */
async function upscaledCanvas() {
  const fake = newPluginCanvas(built);
  const old = [fake.addImage(await makeTestImage(40, 40)), fake.addImage(await makeTestImage(30, 20))];
  const rect = fake.create("RECTANGLE", {
    name: "Pattern",
    width: 200,
    height: 100,
    fills: [solid, tilePaint(old[0] ?? "")],
  });
  const text = fake.create("TEXT", {
    name: "Title",
    y: 150,
    characters: "Big sale",
    fills: [solid],
    rangeFills: [{ start: 4, end: 8, fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: old[1] ?? "" }] }],
  });
  fake.select([rect, text]);
  const run = await openIdeogramPlugin(built, apis, fake);
  expect((await runToEnd(run, "upscale", {})).summary).toBe("2 done · 2 layers updated");
  return { fake, run, rect, text, old };
}

const imagePaintOf = (fake: FigmaFake, node: ReturnType<FigmaFake["nodes"]>[number]) =>
  fake.imagePaints().find((use) => use.node === node)?.paint as ImagePaint;

describe("Revert in the main thread", () => {
  it("puts the old images back after other edits and a reopen, keeping today's paint properties, in one undo step", async () => {
    const { fake, run, rect, text, old } = await upscaledCanvas();
    const upscaled = imagePaintOf(fake, rect);
    expect(upscaled).toMatchObject({ scaleMode: "TILE", scalingFactor: 0.25 });
    expect(JSON.parse(rect.getPluginData("upscale-history"))).toEqual([
      { from: old[0], to: upscaled.imageHash, ratio: 2, replaced: true },
    ]);
    expect(rect.getRelaunchData()).toHaveProperty("revert");

    // Meanwhile the user edits the upscaled paint, moves the layer and draws something else; then closes the
    // plugin. Later it is opened again on the same document.
    fake.asUser(() => {
      const fills = fake.fillsOf(rect) as Paint[];
      (rect as RectangleNode).fills = [fills[0] as Paint, { ...(fills[1] as ImagePaint), opacity: 0.4, rotation: 90 }];
      rect.x = 300;
      fake.create("ELLIPSE", { name: "Later", fills: [solid] });
    });
    run.close();
    await run.closed;
    const edited = fake.fillsOf(rect) as Paint[];
    const textBefore = fake.imagePaints().find((use) => use.node === text);

    const reopened = await startPluginRun(built, fake);
    const init = nextToUi(reopened, "init");
    sendFromUi(reopened, "ready", {});
    expect((await init).selection.upscaled).toEqual({ name: "Pattern", comparable: false, revertible: 2 });

    const steps = fake.undoSteps;
    const status = await runToEnd(reopened, "revert", {});
    expect(status).toMatchObject({ kind: "revert", summary: "2 layers reverted", error: undefined });
    // Only the hash changed back (and the tile scale, so the pattern keeps its size); opacity and rotation as edited.
    expect(fake.fillsOf(rect)).toEqual([
      edited[0],
      { ...(edited[1] as ImagePaint), imageHash: old[0], scalingFactor: 0.5 },
    ]);
    const textAfter = fake.imagePaints().find((use) => use.node === text);
    expect(textAfter).toMatchObject({ range: textBefore?.range, paint: { ...textBefore?.paint, imageHash: old[1] } });
    expect(rect.getPluginData("upscale-history")).toBe("");
    expect(rect.getRelaunchData()).toEqual({ upscale: expect.any(String) });
    expect(rect.x).toBe(300);

    expect(fake.undoSteps).toBe(steps + 1);
    expect(fake.undo()).toBe(true);
    expect(fake.fillsOf(rect)).toEqual(edited);
    expect(fake.imagePaints().find((use) => use.node === text)).toEqual(textBefore);
    expect(fake.violations).toEqual([]);
  });

  it("reverts from the “Revert upscale” relaunch button, one upscale at a time", async () => {
    const { fake, run, rect, old } = await upscaledCanvas();
    fake.select([rect]);
    const first = imagePaintOf(fake, rect).imageHash;
    expect((await runToEnd(run, "upscale", {})).summary).toBe("1 done · 1 layer updated");
    run.close();
    await run.closed;

    // Upscaled twice: the relaunch button takes back the second upscale, then the first.
    for (const expected of [first, old[0]]) {
      const relaunched = await startPluginRun(built, fake, "revert");
      await relaunched.closed;
      expect(fake.notifications.at(-1)?.message).toBe("Upscale: 1 layer reverted.");
      expect(imagePaintOf(fake, rect).imageHash).toBe(expected);
    }
    expect(imagePaintOf(fake, rect).scalingFactor).toBe(0.5);
    const nothing = await startPluginRun(built, fake, "revert");
    await nothing.closed;
    expect(fake.notifications.at(-1)?.message).toBe(
      "“Pattern” was not upscaled in place by this plugin: nothing to revert.",
    );
  });

  it("refuses, saying so, to revert a layer whose fills were changed by hand, and a copy placed beside", async () => {
    const { fake, run, rect } = await upscaledCanvas();
    const other = fake.addImage(await makeTestImage(12, 12));
    fake.asUser(() => {
      (rect as RectangleNode).fills = [solid, { ...imagePaintOf(fake, rect), imageHash: other }];
    });
    fake.select([rect]);
    const handEdited = fake.fillsOf(rect);
    const steps = fake.undoSteps;
    const refused = await runToEnd(run, "revert", {});
    expect(refused.summary).toBe("Nothing reverted");
    expect(refused.error).toMatchObject({
      next: "none",
      message: "The fills of “Pattern” were changed by hand since the upscale: nothing was reverted.",
    });
    expect(fake.fillsOf(rect)).toEqual(handEdited);
    expect(fake.undoSteps).toBe(steps);
    expect(fake.notifications.at(-1)).toMatchObject({ error: true });

    sendFromUi(run, "save-settings", { placement: "beside" });
    await nextToUi(run, "settings");
    const photo = fake.create("RECTANGLE", { name: "Photo", y: 400, fills: [tilePaint(other)] });
    fake.select([photo]);
    expect((await runToEnd(run, "upscale", {})).summary).toBe("1 done · 1 layer placed beside");
    const copy = fake.nodes().find((node) => node.name === "Photo (upscaled)");
    if (copy === undefined) throw new Error("no copy placed beside");
    fake.select([copy]);
    expect((await runToEnd(run, "revert", {})).error?.message).toBe(
      "“Photo (upscaled)” is a copy placed beside its source: delete it to take the upscale back.",
    );
  });
});

describe("Compare in the main thread", () => {
  it("gives the UI the old and the new image with their sizes, and a larger window, without touching the canvas", async () => {
    const { fake, run, rect, old } = await upscaledCanvas();
    fake.select([rect]);
    const snapshot = fake.snapshotFills();
    const payload = nextToUi(run, "compare");
    sendFromUi(run, "compare", {});
    const { layer, original, result, quadrant } = await payload;
    expect([layer, quadrant]).toEqual(["Pattern", undefined]);
    expect(original).toMatchObject({ mimeType: "image/png", width: 40, height: 40 });
    expect(Buffer.from(original.bytes).equals(Buffer.from(fake.image(old[0] ?? "")?.bytes ?? []))).toBe(true);
    expect(result).toMatchObject({ mimeType: "image/png", width: 80, height: 80 });
    expect(await sharp(result.bytes).metadata()).toMatchObject({ width: 80, height: 80 });
    expect(fake.session.ui.size).toEqual({ width: 720, height: 620 });
    sendFromUi(run, "close-compare", {});
    await expect.poll(() => fake.session.ui.size).toEqual({ width: 340, height: 560 });
    expect(paintChanges(snapshot, fake.snapshotFills())).toEqual([]);
  });

  it("compares a Midjourney upsample with its quadrant of the grid it was placed beside", async () => {
    const fake = newPluginCanvas(built);
    const run = await openIdeogramPlugin(built, apis, fake);
    await switchToMidjourney(apis, run);
    expect((await runToEnd(run, "imagine", { prompt: "a fox" })).summary).toBe("1 done · grid placed");
    expect((await runToEnd(run, "upsample", { index: 2 })).summary).toBe("1 done · image placed");
    const grid = fake.nodes().find((node) => node.getPluginData("midjourney-task-kind") === "imagine");
    const upsample = fake.nodes().find((node) => node.getPluginData("midjourney-task-kind") === "upsample");
    if (grid === undefined || upsample === undefined) throw new Error("no grid or upsample");
    fake.select([upsample]);
    const summary = await nextToUi(run, "selection");
    expect(summary.upscaled).toEqual({ name: upsample.name, comparable: true, revertible: 0 });

    const payload: Promise<ComparePayload> = nextToUi(run, "compare");
    sendFromUi(run, "compare", {});
    const { original, result, quadrant } = await payload;
    const [gridFill] = fake.fillsOf(grid) as ImagePaint[];
    expect(quadrant).toBe(2);
    expect(Buffer.from(original.bytes).equals(Buffer.from(fake.image(gridFill?.imageHash ?? "")?.bytes ?? []))).toBe(
      true,
    );
    expect(result).toMatchObject({ width: 512, height: 512 });
  });
});
