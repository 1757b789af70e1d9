import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { IDEOGRAM_LEGACY_MODEL, IDEOGRAM_MODELS, imageTypeOfName } from "@upscale/core";
import {
  ENHANCEMENT_STRENGTHS,
  IDEOGRAM_V2_DEFAULT_FACTOR,
  IDEOGRAM_V2_DEFAULT_MODEL,
  IDEOGRAM_V2_FACTORS,
  IDEOGRAM_V2_MODELS,
  RESOLUTION_TIERS,
} from "@upscale/core/vendor-facts";
import { DEFAULT_LOCAL_SCALE, LOCAL_SCALES } from "@upscale/local";
import { expect, test } from "vitest";
import { APP_ROOT } from "../test/app-root.js";
import { PICKER_EXTENSIONS } from "./image-targets.js";
import { DEFAULT_CONFIRM_ABOVE_USD } from "./settings.js";

/** package.json is static: these checks keep what it declares equal to the packages that define it. */
const manifest = JSON.parse(await readFile(join(APP_ROOT, "package.json"), "utf8"));

// Every image-like extension a user may have, known to the core or not.
const CANDIDATES = ["png", "jpg", "jpeg", "jpe", "jfif", "webp", "gif", "bmp", "tif", "tiff", "avif", "heic", "svg"];
const coreReads = (extension: string) => imageTypeOfName(`photo.${extension}`) !== undefined;

test("upscale.scale offers the offline provider's scales, its default first", () => {
  const scale = manifest.contributes.configuration.properties["upscale.scale"];
  expect(scale.enum).toEqual([...LOCAL_SCALES]);
  expect(scale.default).toBe(DEFAULT_LOCAL_SCALE);
});

test("the explorer's Upscale items and the file picker take exactly the names the core reads as images", () => {
  const expected = CANDIDATES.filter(coreReads);
  expect(expected).toContain("jpe");
  expect([...PICKER_EXTENSIONS].sort()).toEqual([...expected].sort());
  const items = manifest.contributes.menus["explorer/context"].filter((item: { command: string }) =>
    ["upscale.upscaleImage", "upscale.upscaleImageWith"].includes(item.command),
  );
  expect(items).toHaveLength(2);
  for (const item of items) {
    const pattern = /resourceExtname =~ \/(.+)\/i/.exec(item.when)?.[1] ?? "";
    const regex = new RegExp(pattern, "i");
    for (const extension of CANDIDATES) {
      expect(regex.test(`.${extension}`), `.${extension}`).toBe(coreReads(extension));
      expect(regex.test(`.${extension.toUpperCase()}`), `.${extension.toUpperCase()}`).toBe(coreReads(extension));
    }
  }
});

test("Ideogram's settings offer the core's models, factors, strengths and tiers, each model described", () => {
  const properties = manifest.contributes.configuration.properties;
  const model = properties["upscale.ideogram.model"];
  expect(model.enum).toEqual([...IDEOGRAM_MODELS]);
  expect(model.default).toBe(IDEOGRAM_V2_DEFAULT_MODEL);
  model.enum.forEach((id: (typeof IDEOGRAM_MODELS)[number], i: number) => {
    const label = id === IDEOGRAM_LEGACY_MODEL ? "Legacy" : IDEOGRAM_V2_MODELS[id].label;
    expect(model.enumDescriptions[i]).toMatch(new RegExp(`^${label}[ :]`));
  });
  expect(properties["upscale.ideogram.scale"]).toMatchObject({
    enum: [...IDEOGRAM_V2_FACTORS],
    default: IDEOGRAM_V2_DEFAULT_FACTOR,
  });
  expect(properties["upscale.ideogram.strength"].enum).toEqual([...ENHANCEMENT_STRENGTHS]);
  expect(properties["upscale.ideogram.resolution"].enum).toEqual([...RESOLUTION_TIERS]);
  // A workspace must not raise the user's spending limit.
  expect(properties["upscale.confirmAboveUsd"]).toMatchObject({
    default: DEFAULT_CONFIRM_ABOVE_USD,
    minimum: 0,
    scope: "application",
  });
});

test("what is sent and kept: nothing more is sent unless the user (never a workspace) says so; results keep", () => {
  const properties = manifest.contributes.configuration.properties;
  expect(properties["upscale.sendMetadata"]).toMatchObject({ type: "boolean", default: false, scope: "application" });
  expect(properties["upscale.metadata"]).toMatchObject({ enum: ["keep", "strip"], default: "keep" });
});
