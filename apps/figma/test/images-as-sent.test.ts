// Issue 15 in the built plugin: a fill whose image has EXIF orientation is upscaled upright, and its bytes go up
// without metadata. The UI in real Chromium (whose canvas turns the photo upright), the main bundle in node:vm on
// the strict Figma fake, the fake Ideogram on loopback ignoring orientation as vendors do. What Ideogram received
// and what was placed are read by exiftool and sharp, not by the code under test. Screenshots: test/screenshots/.
import { exifTags, type FakeApis, PERSONAL_TAGS, phonePhoto, redCorners, startFakeApis } from "@upscale/fake-apis";
import { createFigmaFake, launchChromium } from "@upscale/figma-harness";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltPlugin, loadBuiltPlugin } from "./support/built-plugin.js";
import { enterSettings, openPluginPage, runFromButton } from "./support/plugin-page.js";

let built: BuiltPlugin;
let apis: FakeApis;
let browser: Browser;

beforeAll(async () => {
  built = await loadBuiltPlugin();
  apis = await startFakeApis({ scenario: { ideogram: { generationMs: 200 } } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await apis?.close();
});

describe("a photo fill with EXIF orientation", () => {
  it("goes up upright without its metadata and is placed upright; the run's line says what was not sent", async () => {
    const fake = createFigmaFake({ relaunchCommands: built.relaunchCommands });
    const photo = await phonePhoto();
    const node = fake.create("RECTANGLE", {
      name: "Phone photo",
      width: 80,
      height: 120,
      fills: [{ type: "IMAGE", scaleMode: "FILL", imageHash: fake.addImage(photo) }],
    });
    const plugin = await openPluginPage(built, fake, browser);
    try {
      const { page, frame } = plugin;
      await enterSettings(frame, apis.ideogramUrl, apis.keys.ideogram);
      apis.stats.reset();
      await page.locator(`.node[data-id="${node.id}"]`).click();
      expect(await runFromButton(frame, /^Upscale/)).toBe("1 done · 1 layer updated");

      // What the fake Ideogram received — the free price and the paid upscale: no EXIF, GPS, names or XMP.
      const uploads = apis.stats.uploads;
      expect(uploads.map((upload) => upload.endpoint)).toContain("upscale-v2");
      for (const upload of uploads) {
        const sent = await exifTags(new Uint8Array(upload.bytes));
        for (const tag of PERSONAL_TAGS) expect(sent, `${upload.endpoint} upload`).not.toHaveProperty(tag);
        expect(sent["IFD0:Orientation"] ?? 1, `${upload.endpoint} upload`).toBe(1);
      }
      // The paid upload's pixels are upright: stored 60×40 on their side, sent 40×60, red corner top right.
      const paid = uploads.find((upload) => upload.endpoint === "upscale-v2");
      expect(await redCorners(new Uint8Array(paid?.bytes ?? []))).toEqual({
        width: 40,
        height: 60,
        red: ["top-right"],
      });

      // Placed upright (the fake ignores orientation: only pixels sent upright come back so), tagged upright.
      const [fill] = fake.fillsOf(node) as ImagePaint[];
      const placed = fake.image(fill?.imageHash ?? "")?.bytes ?? new Uint8Array();
      expect(await redCorners(placed)).toEqual({ width: 80, height: 120, red: ["top-right"] });
      expect((await exifTags(placed))["IFD0:Orientation"] ?? 1).toBe(1);

      await frame.getByText(/Not sent to Ideogram: EXIF .*GPS position/).waitFor();
      await plugin.screenshot("orientation-upright-not-sent");
      expect(fake.violations).toEqual([]);
    } finally {
      await plugin.dispose();
    }
  });
});
