import { describe, expect, it } from "vitest";
import { planRevert } from "./revert-upscale.js";
import { HISTORY_KEY, type HistoryEntry } from "./upscale-history.js";

const tile = (imageHash: string, scalingFactor: number): Paint =>
  ({ type: "IMAGE", scaleMode: "TILE", imageHash, scalingFactor, opacity: 0.4 }) as ImagePaint;
const solid = { type: "SOLID", color: { r: 1, g: 0, b: 0 } } as SolidPaint;

function layer(fills: Paint[], history: HistoryEntry[]) {
  const data: Record<string, string> = { [HISTORY_KEY]: JSON.stringify(history) };
  return { id: "1:2", name: "Photo", type: "RECTANGLE", fills, getPluginData: (key: string) => data[key] ?? "" };
}

const always = () => true;

describe("planRevert", () => {
  it("puts the old hash back, the tile at its old scale, every other property as it is now", () => {
    const plan = planRevert(
      layer([solid, tile("new", 0.25)], [{ from: "old", to: "new", ratio: 2, replaced: true }]),
      always,
    );
    expect(plan).toEqual({ ok: true, slots: [{ range: undefined, fills: [solid, tile("old", 0.5)] }], history: [] });
  });

  it("takes back only the latest of two upscales of one image", () => {
    const history = [
      { from: "a", to: "b", ratio: 2, replaced: true },
      { from: "b", to: "c", ratio: 2, replaced: true },
    ];
    const plan = planRevert(layer([tile("c", 0.125)], history), always);
    expect(plan).toMatchObject({ ok: true, slots: [{ fills: [tile("b", 0.25)] }], history: [history[0]] });
  });

  it("refuses when the upscaled image was replaced by hand, for a copy placed beside, and a lost image", () => {
    const replaced = [{ from: "old", to: "new", ratio: 2, replaced: true }];
    expect(planRevert(layer([tile("other", 1)], replaced), always)).toEqual({
      ok: false,
      reason: "The fills of “Photo” were changed by hand since the upscale: nothing was reverted.",
    });
    expect(planRevert(layer([tile("new", 1)], [{ ...replaced[0], replaced: false } as HistoryEntry]), always)).toEqual({
      ok: false,
      reason: "“Photo” is a copy placed beside its source: delete it to take the upscale back.",
    });
    expect(planRevert(layer([tile("new", 1)], replaced), () => false)).toMatchObject({
      ok: false,
      reason: "Figma no longer has the image “Photo” had before the upscale: nothing was reverted.",
    });
    expect(planRevert(layer([tile("new", 1)], []), always)).toMatchObject({ ok: false });
  });
});
