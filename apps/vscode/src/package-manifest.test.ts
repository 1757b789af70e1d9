import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { imageTypeOfName } from "@upscale/core";
import { DEFAULT_LOCAL_SCALE, LOCAL_SCALES } from "@upscale/local";
import { expect, test } from "vitest";
import { APP_ROOT } from "../test/app-root.js";
import { PICKER_EXTENSIONS } from "./image-targets.js";

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
