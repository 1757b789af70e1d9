import {
  createIdeogramModelProvider,
  DEFAULT_NAME_TEMPLATE,
  expandNameTemplate,
  type JobSource,
  type JobsSummary,
  type KeptImage,
  type ResultStore,
  resultImageType,
  runUpscaleJobs,
  type UpscaleJobsOptions,
  type UpscaleProvider,
} from "@upscale/core";
import { type FakeApis, startFakeApis, type UpscalerMode } from "@upscale/fake-apis";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalProvider } from "../src/local-provider.js";
import { sharpCodec } from "../src/sharp-codec.js";
import { exiftoolAll, exiftoolStructure } from "./exiftool.js";
import { type Fixture, refusedFixtures, validFixtures } from "./fixture-set.js";
import { gainMapOf } from "./real-world-images.js";

/**
 * Issue 15, "Done when": the fixture set run as one mixed folder through every provider — offline, Ideogram legacy
 * (v1) and Ideogram v2 — with the job pipeline every app uses, the vendors played by the fake APIs over loopback,
 * once ignoring EXIF orientation and once dropping alpha. Metadata, in results and in what the vendor received, is
 * read by exiftool, not by the code under test; pixels by sharp.
 */

let fake: FakeApis;
let valid: Fixture[];
let refused: Awaited<ReturnType<typeof refusedFixtures>>;

beforeAll(async () => {
  fake = await startFakeApis();
  valid = await validFixtures();
  refused = await refusedFixtures();
});
afterAll(() => fake.close());

function ideogram(model: "legacy" | "auto"): UpscaleProvider<object> {
  return createIdeogramModelProvider({
    client: { apiKey: fake.keys.ideogram, baseUrl: fake.ideogramUrl, retry: { baseDelayMs: 50 } },
    model,
  });
}

/** The folder as an app runs it: sharp as the codec, results named `<name>@2x.<ext>` like the CLI's. */
async function runFolder(
  provider: UpscaleProvider<object>,
  fixtures: readonly Fixture[],
  options: Pick<UpscaleJobsOptions<string>, "sendMetadata" | "metadata"> = {},
): Promise<{ summary: JobsSummary<string, JobSource>; kept: Map<string, KeptImage> }> {
  const kept = new Map<string, KeptImage>();
  const store: ResultStore<string> = {
    async reserve({ source }) {
      return {
        keep: async (image) => {
          kept.set(source.name, image);
          return image.fileName;
        },
        release: async () => undefined,
      };
    },
  };
  const sources = fixtures.map(({ name, bytes }) => ({ id: name, name, read: async () => bytes }));
  const summary = await runUpscaleJobs(sources, {
    provider,
    codec: sharpCodec,
    plan: (source, scale) => {
      const mimeType = resultImageType(source.name);
      return { fileName: expandNameTemplate(DEFAULT_NAME_TEMPLATE, source.name, scale, mimeType), mimeType };
    },
    store,
    onEvent: () => undefined,
    ...options,
  });
  return { summary, kept };
}

/** Shown as viewers show it (EXIF orientation applied): its size and the RGBA at a point. */
async function shown(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes).autoOrient().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4)];
  return { width: info.width, height: info.height, at };
}

const isRed = ([r, g, b]: number[]) => (r as number) > 200 && (g as number) < 70 && (b as number) < 70;

/** Tags an upload must not carry: what a person may not want to share, and the index of a gain map left behind. */
const NOT_SENT = /^(IFD0|IFD1|ExifIFD|GPS|IPTC|XMP|MakerNotes|Photoshop|Samsung|MPF)/;

const dpi = (tags: Record<string, unknown>) => [tags["JFIF:XResolution"], tags["IFD0:XResolution"]];

interface Case {
  label: string;
  provider: () => UpscaleProvider<object>;
  /** The fake vendor's behaviour; undefined for the offline provider. */
  mode?: UpscalerMode;
}

const CASES: Case[] = [
  { label: "the offline provider", provider: () => createLocalProvider() },
  {
    label: "Ideogram legacy (v1), ignoring orientation",
    provider: () => ideogram("legacy"),
    mode: { orientation: "ignore" },
  },
  { label: "Ideogram legacy (v1), dropping alpha", provider: () => ideogram("legacy"), mode: { alpha: "drop" } },
  { label: "Ideogram v2, ignoring orientation", provider: () => ideogram("auto"), mode: { orientation: "ignore" } },
  { label: "Ideogram v2, dropping alpha", provider: () => ideogram("auto"), mode: { alpha: "drop" } },
];

interface FolderRun {
  summary: JobsSummary<string, JobSource>;
  kept: Map<string, KeptImage>;
  /** exiftool's reading of each kept result, by input name. */
  tags: Map<string, Record<string, unknown>>;
  /** What the fake vendor received, byte for byte. */
  uploads: Uint8Array[];
}

const runs = new Map<Case, Promise<FolderRun>>();

/** The whole folder (valid and broken files) through one case, once; the describes below read the outcome. */
function folderRun(c: Case): Promise<FolderRun> {
  let run = runs.get(c);
  if (run === undefined) {
    run = (async () => {
      fake.setScenario({ ideogram: { generationMs: 20 }, ...(c.mode && { upscaler: c.mode }) });
      fake.stats.reset();
      const { summary, kept } = await runFolder(c.provider(), [...valid, ...refused]);
      const names = [...kept.keys()];
      const read = exiftoolAll(
        names.map((name) => kept.get(name)?.bytes as Uint8Array),
        "-all",
        "-JPEGQualityEstimate",
      );
      const tags = new Map(names.map((name, index) => [name, read[index] ?? {}]));
      const uploads = fake.stats.uploads.map((upload) => new Uint8Array(upload.bytes));
      return { summary, kept, tags, uploads };
    })();
    runs.set(c, run);
  }
  return run;
}

describe.each(CASES)("a mixed folder through $label", (c) => {
  const { mode } = c;
  const vendor = mode !== undefined;
  let run: FolderRun;
  beforeAll(async () => {
    run = await folderRun(c);
  }, 240_000);

  const image = (name: string) => run.kept.get(name) as KeptImage;
  const tagsOf = (name: string) => run.tags.get(name) as Record<string, unknown>;

  it("accounts for every file: each valid one kept, each broken one refused saying why (finding 1, 9, 10)", () => {
    expect(run.summary.failed.map((failure) => failure.source.name).sort()).toEqual(refused.map((f) => f.name).sort());
    expect([...run.kept.keys()].sort()).toEqual(valid.map((f) => f.name).sort());
    expect(run.summary.skipped).toEqual([]);
    for (const fixture of refused) {
      const failure = run.summary.failed.find((f) => f.source.name === fixture.name);
      expect(failure?.report, fixture.name).toMatchObject({ code: fixture.code, next: expect.any(String) });
      expect(failure?.report.message, fixture.name).toMatch(fixture.says);
    }
  });

  it.each(["phone.jpg", "motion.jpg"])(
    "gives %s back upright, its EXIF kept with Orientation 1 (finding 2, 4)",
    async (name) => {
      const pixels = await shown(image(name).bytes);
      expect([pixels.width, pixels.height]).toEqual([96, 128]);
      expect(isRed(pixels.at(90, 6))).toBe(true);
      expect(isRed(pixels.at(6, 6))).toBe(false);
      expect(tagsOf(name)).toMatchObject({
        "IFD0:Orientation": 1,
        "IFD0:Make": "Phone Maker",
        "ExifIFD:SerialNumber": "SN-123456",
        "GPS:GPSLatitudeRef": "N",
      });
    },
  );

  it("takes a Motion Photo over 10 MB (its video) and says the result keeps the photo only", () => {
    expect(image("motion.jpg").bytes.length).toBeLessThan(1024 * 1024);
    expect(image("motion.jpg").notes).toContain(
      "The input is a Motion Photo; the result keeps the photo, not its video.",
    );
  });

  it("keeps a stock photo's EXIF, XMP, IPTC, GPS and 300 dpi, and its JPEG quality (finding 4, 5, 7)", () => {
    expect(tagsOf("stock.jpg")).toMatchObject({
      "IFD0:Artist": "Jane Doe",
      "IFD0:Copyright": "(c) Stock Inc.",
      "GPS:GPSLatitudeRef": "N",
      "XMP-dc:Rights": "(c) Stock Inc.",
      "IPTC:By-line": "Jane Doe",
      "IPTC:CopyrightNotice": "(c) Stock Inc.",
      "IPTC:Credit": "Stock Inc.",
      "File:JPEGQualityEstimate": 90,
    });
    expect(dpi(tagsOf("stock.jpg"))).toContain(300);
  });

  it("keeps 300 dpi in PNG and JPEG (finding 5)", () => {
    expect(tagsOf("print.png")).toMatchObject({ "PNG-pHYs:PixelsPerUnitX": 11811, "PNG-pHYs:PixelUnits": 1 });
    expect(dpi(tagsOf("print.jpg"))).toContain(300);
  });

  it("keeps lossless WebP lossless and a 4:4:4 JPEG 4:4:4 (finding 7)", () => {
    expect(exiftoolStructure(image("text.webp").bytes)).toContain("RIFF 'VP8L' chunk");
    expect(tagsOf("screenshot.jpg")).toMatchObject({ "File:YCbCrSubSampling": "1 1" });
  });

  it("keeps a logo's transparency, without a dark halo (finding 8)", async () => {
    const logo = image("logo.png");
    const pixels = await shown(logo.bytes);
    expect(pixels.at(2, 2)[3]).toBe(0);
    const centre = pixels.at(40, 40);
    expect(centre[3]).toBe(255);
    expect(isOrange(centre)).toBe(true);
    // The disc's anti-aliased rim: partly transparent pixels keep the logo's colour, not the black it was flattened
    // onto. (A vendor resamples edges its own way, so where its edge and the input's scaled alpha disagree a rim
    // pixel may come out somewhat darker: on average the colour must be the logo's, and never near black.)
    const rim: number[][] = [];
    for (let y = 0; y < pixels.height; y++) {
      for (let x = 0; x < pixels.width; x++) {
        const pixel = pixels.at(x, y);
        if ((pixel[3] as number) > 0 && (pixel[3] as number) < 255) rim.push(pixel);
      }
    }
    expect(rim.length).toBeGreaterThan(0);
    const mean = [0, 1, 2].map((c) => rim.reduce((sum, pixel) => sum + (pixel[c] as number), 0) / rim.length);
    expect(isOrange(mean), String(mean)).toBe(true);
    for (const pixel of rim) expect(pixel[0] as number, String(pixel)).toBeGreaterThan(100);
    if (mode?.alpha === "drop") {
      expect(logo.notes).toContain(
        "The upscaler returned the image without its transparency; the input's transparency was put back.",
      );
    }
  });

  it("keeps an Ultra HDR photo's gain map where it can, and otherwise says the result is SDR (finding 6)", async () => {
    const hdr = image("hdr.jpg");
    if (vendor) {
      expect(hdr.notes).toContain("The input is an HDR photo (it has a gain map); the result is SDR only.");
    } else {
      expect(await gainMapOf(hdr.bytes)).toBeDefined();
      expect(hdr.notes).toEqual([]);
    }
  });

  it("upscales TIFF, AVIF and still GIF — converted for a vendor, saying so — and an @2x asset like any other", async () => {
    for (const name of ["scan.tiff", "photo.avif", "still.gif"]) {
      const { width, height } = await sharp(image(name).bytes).metadata();
      expect([width, height], name).toEqual([96, 64]);
      const sent = image(name).notes.filter((note) => note.startsWith("Sent to Ideogram as"));
      expect(sent, name).toEqual(
        vendor ? [expect.stringMatching(/^Sent to Ideogram as (PNG|JPEG): it does not take (TIFF|AVIF|GIF)\.$/)] : [],
      );
    }
    expect(await sharp(image("icon@2x.png").bytes).metadata()).toMatchObject({ width: 48, height: 48 });
  });
});

describe.each(CASES.filter((c) => c.mode !== undefined))("what $label received", (c) => {
  let run: FolderRun;
  beforeAll(async () => {
    run = await folderRun(c);
  }, 240_000);

  const image = (name: string) => run.kept.get(name) as KeptImage;

  it("got only the valid images, none of the broken ones (finding 10)", () => {
    expect(run.uploads).toHaveLength(valid.length);
  });

  it("sends no GPS position, serial number, names, XMP, IPTC or video (finding 3, exiftool)", () => {
    for (const [index, sent] of exiftoolAll(run.uploads).entries()) {
      expect(
        Object.keys(sent).filter((tag) => NOT_SENT.test(tag)),
        `upload ${index}`,
      ).toEqual([]);
    }
    for (const bytes of run.uploads) {
      for (const secret of ["SN-123456", "Jane Doe", "Stock Inc.", "ftypmp42", "SEFH"]) {
        expect(Buffer.from(bytes).includes(secret), secret).toBe(false);
      }
      expect(bytes.length).toBeLessThan(1024 * 1024);
    }
    expect(image("phone.jpg").notes).toContainEqual(
      expect.stringMatching(/^Not sent to Ideogram: EXIF .*GPS position, camera or lens serial number/),
    );
  });

  it("sends the pixels upright (finding 2)", async () => {
    const portraits = [];
    for (const bytes of run.uploads) {
      const { width, height } = await sharp(bytes).metadata();
      if (width === 48 && height === 64) portraits.push(bytes);
    }
    expect(portraits).toHaveLength(2); // the phone photo and the Motion Photo
    for (const bytes of portraits) {
      const pixels = await shown(bytes);
      expect(isRed(pixels.at(44, 3))).toBe(true);
    }
  });
});

/** The logo's orange (230, 120, 20), give or take. */
function isOrange([r, g, b]: number[]): boolean {
  return Math.abs((r as number) - 230) < 30 && Math.abs((g as number) - 120) < 30 && (b as number) < 60;
}

describe("refused before anything is uploaded", () => {
  it.each(["legacy", "auto"] as const)("Ideogram %s: a folder of only broken files sends nothing", async (model) => {
    fake.setScenario({});
    fake.stats.reset();
    const { summary } = await runFolder(ideogram(model), refused);
    expect(summary.failed).toHaveLength(refused.length);
    expect(fake.stats.uploads).toHaveLength(0);
    expect(fake.stats.log).toEqual([]);
  });
});

describe("the options", () => {
  const phone = () => valid.filter((fixture) => ["phone.jpg", "stock.jpg"].includes(fixture.name));

  it.each([
    ["the offline provider", () => createLocalProvider()],
    ["Ideogram legacy (v1)", () => ideogram("legacy")],
    ["Ideogram v2", () => ideogram("auto")],
  ])('metadata: "strip" leaves personal metadata out of results of %s, and says what', async (_, make) => {
    fake.setScenario({ ideogram: { generationMs: 20 } });
    const { kept } = await runFolder(make(), phone(), { metadata: "strip" });
    const results = [...kept.values()];
    for (const [index, read] of exiftoolAll(results.map((result) => result.bytes)).entries()) {
      expect(
        Object.keys(read).filter((tag) => NOT_SENT.test(tag) && tag !== "IFD0:Orientation" && !/Resolution/.test(tag)),
        String(index),
      ).toEqual([]);
      expect(results[index]?.notes).toContainEqual(
        expect.stringMatching(/^Left out of the result, as asked \(metadata: strip\): .*GPS position/),
      );
    }
  });

  it("sendMetadata sends the vendor the EXIF, XMP and IPTC the user chose to share — never the video", async () => {
    fake.setScenario({});
    fake.stats.reset();
    await runFolder(ideogram("legacy"), phone(), { sendMetadata: true });
    const sent = exiftoolAll(fake.stats.uploads.map((upload) => new Uint8Array(upload.bytes)));
    expect(sent.map((tags) => tags["GPS:GPSLatitudeRef"])).toEqual(["N", "N"]);
    expect(sent.some((tags) => tags["IPTC:By-line"] === "Jane Doe")).toBe(true);
    expect(fake.stats.uploads.some((upload) => upload.bytes.includes("SEFH"))).toBe(false);
  });
});
