/**
 * What is sent and what is kept, in real VS Code (code-server 4.100.3 in Chromium, the built .vsix) against the
 * fake Ideogram, which ignores the EXIF orientation as vendors do: a portrait phone photo goes up upright without
 * its GPS position or names and comes back upright with its EXIF; a multi-selection says which files it left out
 * and why. The result is read by sharp (pixels) and exiftool (metadata), independently of the code that wrote it.
 * Screenshots go to test/screenshots/images-as-sent/.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { APP_ROOT } from "../app-root.js";
import { exifTags, PERSONAL_TAGS, phonePhoto, redCorners, testImage } from "../images.js";
import { type CodeServer, startCodeServer } from "./code-server.js";
import { pollUntil } from "./poll.js";
import { SCREENSHOTS, Workbench } from "./workbench.js";

const manifest = JSON.parse(await readFile(join(APP_ROOT, "package.json"), "utf8"));
const VSIX = join(APP_ROOT, `${manifest.name}-${manifest.version}.vsix`);

let fake: FakeApis;
let server: CodeServer;
let wb: Workbench;
const inputs: Record<string, Uint8Array> = {};

const inWorkspace = (name: string) => join(server.workspace, name);

async function waitForFile(name: string): Promise<Uint8Array> {
  await pollUntil(`${name} to be written`, 60_000, () =>
    stat(inWorkspace(name)).then(
      () => true,
      () => false,
    ),
  );
  return new Uint8Array(await readFile(inWorkspace(name)));
}

beforeAll(async () => {
  const vsixInfo = await stat(VSIX).catch(() => undefined);
  if (vsixInfo === undefined) throw new Error(`${VSIX} is missing: run \`pnpm --filter ./apps/vscode package\``);
  fake = await startFakeApis({ scenario: { ideogram: { generationMs: 300 } } });
  inputs["phone.jpg"] = await phonePhoto();
  inputs["logo.png"] = await testImage(120, 90, "png", 5);
  inputs["notes.txt"] = new TextEncoder().encode("not a picture");
  // A HEIC file's header (ISO-BMFF ftyp, brand heic): known by its content.
  inputs["holiday.heic"] = new Uint8Array(
    Buffer.from("\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x10meta\0\0\0\0\0\0\0\0", "latin1"),
  );
  server = await startCodeServer({
    vsix: VSIX,
    files: inputs,
    settings: {
      "upscale.ideogram.baseUrl": fake.ideogramUrl,
      // Moved to SecretStorage at activation, as a key left in settings always is.
      "upscale.ideogram.apiKey": fake.keys.ideogram,
    },
  });
  wb = await Workbench.open(server.url, server.workspace, join(SCREENSHOTS, "images-as-sent"));
  await wb.waitForExplorerRow("phone.jpg");
  await pollUntil("the key to be moved to secret storage", 30_000, async () =>
    (await server.extensionLog()).includes("Moved the API key from upscale.ideogram.apiKey"),
  );
  // Written once the extension is running: it logs every change of its settings, so the test knows it has them.
  await server.writeWorkspaceSettings({ "upscale.provider": "ideogram", "upscale.ideogram.model": "topaz-standard-2" });
  await pollUntil("the extension to see the Ideogram settings", 30_000, async () =>
    (await server.extensionLog())
      .split("\n")
      .some((line) => line.includes("Settings now:") && /provider=ideogram.*ideogramModel=topaz-standard-2/.test(line)),
  );
  // The image preview runs in a web-worker extension host that starts late: open one image before the tests.
  await wb.openImage("logo.png");
}, 180_000);

beforeEach(async () => {
  await wb.reset();
  fake.stats.reset();
});

afterEach(async (context) => {
  if (context.task.result?.state !== "fail") return;
  await wb?.screenshot(`FAILED-${context.task.name.slice(0, 40)}`);
  const log = (await server?.extensionLog()) ?? "";
  console.error(`Extension log, last lines:\n${log.split("\n").slice(-15).join("\n")}`);
});

afterAll(async () => {
  await wb?.close();
  await server?.stop();
  await fake?.close();
});

describe("images come back as sent, in real VS Code", { timeout: 180_000 }, () => {
  test("a portrait phone photo (EXIF Orientation 6) through Ideogram: sent upright without GPS, kept upright with its EXIF", async () => {
    await wb.explorerContextMenu(["phone.jpg"], "Upscale Image");
    const result = await waitForFile("phone@2x.jpg");

    // Stored 60×40 on its side, shown 40×60: the result's own pixels are 80×120, the red corner top right.
    expect(await redCorners(result)).toEqual({ width: 80, height: 120, red: ["top-right"] });
    const tags = await exifTags(result);
    expect(tags).toMatchObject({
      "IFD0:Orientation": 1,
      "IFD0:Artist": "Jane Doe",
      "IFD0:Make": "PhoneMaker",
      "ExifIFD:SerialNumber": "SN-12345",
      "XMP-dc:Creator": "Jane Doe",
    });
    expect(tags["GPS:GPSLatitude"]).toBeCloseTo(48.8584, 3);

    // What the fake Ideogram received, for the price and for the upscale: upright pixels, nothing personal.
    expect(fake.stats.uploads.map((upload) => upload.endpoint)).toEqual(["quote", "upscale-v2"]);
    for (const upload of fake.stats.uploads) {
      const sent = await exifTags(new Uint8Array(upload.bytes));
      for (const tag of PERSONAL_TAGS) expect(sent, `${upload.endpoint} upload`).not.toHaveProperty(tag);
    }
    const [, upscaled] = fake.stats.uploads;
    expect(await redCorners(new Uint8Array(upscaled?.bytes ?? []))).toEqual({
      width: 40,
      height: 60,
      red: ["top-right"],
    });

    const notice = await wb.notification(/phone@2x\.jpg: Not sent to Ideogram: EXIF/);
    await wb.settled(notice);
    await wb.expandNotification(notice);
    expect(await notice.textContent()).toMatch(/GPS position/);
    await pollUntil("phone@2x.jpg in the active tab", 20_000, () =>
      wb.page.locator(".tabs-container .tab.active", { hasText: "phone@2x.jpg" }).count(),
    );
    // VS Code's own preview shows it upright (80×120) beside the original.
    await wb.previewShows("phone@2x.jpg", 80, 120);
    await wb.screenshot("phone-photo-upright-and-notice");
    expect(Buffer.compare(await readFile(inWorkspace("phone.jpg")), inputs["phone.jpg"] ?? new Uint8Array())).toBe(0);
    expect(fake.stats.keyLeaks).toBe(0);
  });

  test("a multi-selection says which files it did not upscale, and why", async () => {
    await wb.explorerContextMenu(["notes.txt", "holiday.heic", "logo.png"], "Upscale Image");
    await waitForFile("logo@2x.png");
    const notice = await wb.notification(/2 of 3 selected files not upscaled/);
    await wb.settled(notice);
    await wb.expandNotification(notice);
    await wb.screenshot("multi-selection-not-upscaled");
    expect((await notice.textContent())?.replace(/\s+/g, " ")).toContain(
      "notes.txt: not an image. holiday.heic: HEIC images are not upscaled by Ideogram: convert it to JPEG first.",
    );
    expect(fake.stats.uploads.map((upload) => upload.endpoint)).toEqual(["quote", "upscale-v2"]);
    const log = await server.extensionLog();
    expect(log).toContain(`${inWorkspace("holiday.heic")}: not upscaled: HEIC images are not upscaled by Ideogram`);
  });
});
