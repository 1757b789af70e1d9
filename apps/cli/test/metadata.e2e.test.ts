import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type FakeApis,
  PERSONAL_TAGS,
  type Scenario,
  phonePhoto as sharedPhonePhoto,
  startFakeApis,
} from "@upscale/fake-apis";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli, tempDir, waitFor } from "./helpers.js";

/**
 * What is sent and what is kept, through the built CLI against the fake Ideogram (which, like real vendors, ignores
 * the EXIF orientation): --strip-metadata and --send-metadata, read back by exiftool (an independent reader) from
 * the results and from the uploads the fake recorded, the pixels' orientation by sharp.
 */

const QUICK: Scenario = { ideogram: { generationMs: 100 } };

let fake: FakeApis;
let dir: { path: string; remove: () => Promise<void> };
let state: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  fake = await startFakeApis({ scenario: QUICK });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  dir = await tempDir();
  state = await tempDir();
  fake.setScenario(QUICK);
  await waitFor(() => fake.stats.inflight === 0, 30_000);
  fake.stats.reset();
});
afterEach(async () => {
  expect(fake.stats.keyLeaks).toBe(0);
  await dir.remove();
  await state.remove();
});

const env = () => ({ XDG_STATE_HOME: state.path, IDEOGRAM_API_KEY: fake.keys.ideogram });
const upscale = (args: string[]) => runCli(args, { cwd: dir.path, env: env() });
const ideogram = (args: string[]) =>
  upscale(["--provider", "ideogram", "--model", "topaz-standard-2", "--base-url", fake.ideogramUrl, ...args]);

/** Every tag exiftool reads, as `Group:Tag` (e.g. `GPS:GPSLatitude`, `IFD0:Orientation`), values numeric. */
function exiftool(path: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile("exiftool", ["-json", "-G1", "-n", path], (error, stdout) => {
      if (error !== null && stdout === "") reject(error);
      else resolve((JSON.parse(stdout) as Record<string, unknown>[])[0] ?? {});
    });
  });
}

/** exiftool's reading of the image the fake received for the paid upscale. */
async function uploaded(): Promise<Record<string, unknown>> {
  const uploads = fake.stats.uploads.filter((upload) => upload.endpoint === "upscale-v2");
  expect(uploads).toHaveLength(1);
  const path = join(state.path, "uploaded.jpg");
  await writeFile(path, uploads[0]?.bytes ?? new Uint8Array());
  return exiftool(path);
}

/** The shared phone photo (EXIF Orientation 6, GPS, camera, serial, artist, XMP) written into the run's folder. */
async function phonePhoto(name: string): Promise<string> {
  const path = join(dir.path, name);
  await writeFile(path, await sharedPhonePhoto());
  return path;
}

async function pixels(path: string): Promise<{ width: number; height: number; redCorner: string }> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  const isRed = (x: number, y: number) => {
    const at = (y * info.width + x) * info.channels;
    return (data[at] ?? 0) > 180 && (data[at + 2] ?? 255) < 80;
  };
  const corners: Record<string, [number, number]> = {
    "top-left": [4, 4],
    "top-right": [info.width - 5, 4],
    "bottom-left": [4, info.height - 5],
    "bottom-right": [info.width - 5, info.height - 5],
  };
  const red = Object.entries(corners).filter(([, [x, y]]) => isRed(x, y));
  return { width: info.width, height: info.height, redCorner: red.map(([name]) => name).join(",") };
}

describe("what is sent, what is kept", () => {
  it("offline keeps the photo's EXIF and XMP, upright; --strip-metadata leaves them out and says so", async () => {
    await phonePhoto("photo.jpg");

    const kept = await upscale(["photo.jpg"]);
    expect(kept.code).toBe(0);
    // Orientation 6 turns the stored top-left corner to the top right.
    expect(await pixels(join(dir.path, "photo@2x.jpg"))).toEqual({ width: 80, height: 120, redCorner: "top-right" });
    const tags = await exiftool(join(dir.path, "photo@2x.jpg"));
    expect(tags).toMatchObject({ "IFD0:Orientation": 1, "IFD0:Artist": "Jane Doe", "XMP-dc:Creator": "Jane Doe" });
    expect(tags["GPS:GPSLatitude"]).toBeCloseTo(48.8584, 3);

    const stripped = await upscale(["--strip-metadata", "-o", "stripped.jpg", "photo.jpg"]);
    expect(stripped.code).toBe(0);
    expect(stripped.stderr).toMatch(/photo\.jpg: Left out of the result, as asked \(metadata: strip\): .*GPS position/);
    const strippedTags = await exiftool(join(dir.path, "stripped.jpg"));
    for (const tag of PERSONAL_TAGS) expect(strippedTags).not.toHaveProperty(tag);
    expect(await pixels(join(dir.path, "stripped.jpg"))).toMatchObject({ width: 80, redCorner: "top-right" });
  });

  it("Ideogram is sent the pixels upright without personal metadata; the result is upright and keeps it", async () => {
    await phonePhoto("photo.jpg");

    const run = await ideogram(["photo.jpg"]);

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/photo\.jpg: Not sent to Ideogram: EXIF .*GPS position/);
    const sent = await uploaded();
    for (const tag of PERSONAL_TAGS) expect(sent).not.toHaveProperty(tag);
    expect(sent["IFD0:Orientation"] ?? 1).toBe(1);
    expect([sent["File:ImageWidth"], sent["File:ImageHeight"]]).toEqual([40, 60]);
    // The fake ignores orientation, as vendors do: only pixels sent upright come back upright.
    const result = join(dir.path, "photo@2x.jpg");
    expect(await pixels(result)).toEqual({ width: 80, height: 120, redCorner: "top-right" });
    const tags = await exiftool(result);
    expect(tags).toMatchObject({
      "IFD0:Orientation": 1,
      "IFD0:Artist": "Jane Doe",
      "IFD0:Make": "PhoneMaker",
      "ExifIFD:SerialNumber": "SN-12345",
      "XMP-dc:Creator": "Jane Doe",
    });
    expect(tags["GPS:GPSLatitude"]).toBeCloseTo(48.8584, 3);
  });

  it("--send-metadata sends the EXIF and XMP to Ideogram; --strip-metadata keeps them out of the result", async () => {
    await phonePhoto("photo.jpg");

    const run = await ideogram(["--send-metadata", "--strip-metadata", "photo.jpg"]);

    expect(run.code).toBe(0);
    const sent = await uploaded();
    expect(sent).toMatchObject({ "IFD0:Artist": "Jane Doe", "XMP-dc:Creator": "Jane Doe", "IFD0:Orientation": 1 });
    expect(sent["GPS:GPSLatitude"]).toBeCloseTo(48.8584, 3);
    const result = join(dir.path, "photo@2x.jpg");
    expect(await pixels(result)).toEqual({ width: 80, height: 120, redCorner: "top-right" });
    const tags = await exiftool(result);
    for (const tag of PERSONAL_TAGS) expect(tags).not.toHaveProperty(tag);
    expect(run.stderr).toMatch(/Left out of the result, as asked/);
  });

  it("refuses --send-metadata offline, where nothing is sent", async () => {
    await phonePhoto("photo.jpg");
    const run = await upscale(["--send-metadata", "photo.jpg"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--send-metadata applies only to --provider ideogram (offline, nothing is sent).");
  });
});
