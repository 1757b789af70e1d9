import { describe, expect, it } from "vitest";
import { HISTORY_KEY, latestUpscales, readHistory, writeHistory } from "./upscale-history.js";

function node(data: Record<string, string> = {}) {
  return {
    data,
    getPluginData: (key: string) => data[key] ?? "",
    setPluginData: (key: string, value: string) => {
      if (value === "") delete data[key];
      else data[key] = value;
    },
  };
}

describe("upscale history in plugin data", () => {
  it("writes and reads entries, and clears the key when none are left", () => {
    const layer = node();
    const entries = [{ from: "a", to: "b", ratio: 2, replaced: true }];
    writeHistory(layer, entries);
    expect(readHistory(layer)).toEqual(entries);
    writeHistory(layer, []);
    expect(layer.data).toEqual({});
  });

  it("reads nothing from what it did not write", () => {
    expect(readHistory(node({ [HISTORY_KEY]: "not json" }))).toEqual([]);
    expect(readHistory(node({ [HISTORY_KEY]: '[{"from":"a"}]' }))).toEqual([]);
    expect(readHistory(node())).toEqual([]);
  });

  it("finds each image's latest upscale", () => {
    const first = { from: "a", to: "b", ratio: 2, replaced: true };
    const again = { from: "b", to: "c", ratio: 2, replaced: true };
    const other = { from: "x", to: "y", ratio: 4, replaced: true };
    expect(latestUpscales([first, other, again])).toEqual([other, again]);
  });
});
