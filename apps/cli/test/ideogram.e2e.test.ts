import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { imageSize, jsonLines, listFiles, makeImage, runCli, spawnCli, tempDir, waitFor } from "./helpers.js";

let fake: FakeApis;
let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  fake = await startFakeApis();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  dir = await tempDir();
  fake.setScenario({});
  fake.stats.reset();
});
afterEach(async () => {
  await dir.remove();
});

/** Ideogram's v1 upscale (`--model legacy`), as before v2; the v2 models are in ideogram-v2.e2e.test.ts. */
const ideogram = (args: string[], key = fake.keys.ideogram) =>
  runCli(["--provider", "ideogram", "--model", "legacy", "--base-url", fake.ideogramUrl, ...args], {
    cwd: dir.path,
    env: { IDEOGRAM_API_KEY: key },
  });

async function makeImages(names: string[]): Promise<void> {
  for (const name of names) {
    const format = name.endsWith(".jpg") ? "jpeg" : name.endsWith(".webp") ? "webp" : "png";
    await makeImage(join(dir.path, name), 40, 30, format);
  }
}

describe("upscale --provider ideogram --model legacy", () => {
  it("upscales a folder through the official API: 2× results, untouched originals, JSON lines", async () => {
    await makeImages(["shots/a.png", "shots/b.jpg", "shots/c.webp"]);
    const originals = await Promise.all(["a.png", "b.jpg", "c.webp"].map((n) => readFile(join(dir.path, "shots", n))));

    const run = await ideogram(["--json", "--prompt", "crisp", "--seed", "7", "shots"]);

    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toEqual({
        input: expect.stringMatching(/^shots\/[abc]\.\w+$/),
        output: expect.stringMatching(/^shots\/[abc]@2x\.\w+$/),
        provider: "ideogram",
        width: 80,
        height: 60,
        ms: expect.any(Number),
      });
      expect(await imageSize(join(dir.path, line.output as string))).toMatchObject({ width: 80, height: 60 });
    }
    for (const [i, name] of ["a.png", "b.jpg", "c.webp"].entries()) {
      expect(await readFile(join(dir.path, "shots", name))).toEqual(originals[i]);
    }
    const outputs = lines.map((line) => (line.output as string).slice("shots/".length));
    expect(await listFiles(join(dir.path, "shots"))).toEqual(["a.png", "b.jpg", "c.webp", ...outputs].sort());
    expect(fake.stats.count("upscale", "POST")).toBe(3);
    expect(fake.stats.keyLeaks).toBe(0);
  });

  it("names results before paying: photo.jpg and photo.png both get their own result, in their own format", async () => {
    await makeImages(["photo.jpg", "photo.png"]);
    const run = await ideogram(["--json", "photo.jpg", "photo.png"]);

    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ input: "photo.jpg", output: "photo@2x.jpg", width: 80, height: 60 }),
        expect.objectContaining({ input: "photo.png", output: "photo@2x.png", width: 80, height: 60 }),
      ]),
    );
    expect(await imageSize(join(dir.path, "photo@2x.jpg"))).toEqual({ width: 80, height: 60, format: "jpeg" });
    expect(await imageSize(join(dir.path, "photo@2x.png"))).toEqual({ width: 80, height: 60, format: "png" });
    expect(await listFiles(dir.path)).toEqual(["photo.jpg", "photo.png", "photo@2x.jpg", "photo@2x.png"]);
    expect(fake.stats.count("upscale", "POST")).toBe(2);
  });

  it("refuses a taken result name before paying for it", async () => {
    await makeImages(["photo.jpg", "photo@2x.jpg"]);
    const run = await ideogram(["--json", "photo.jpg"]);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      { input: "photo.jpg", error: { code: "OUTPUT_EXISTS", message: expect.stringContaining("photo@2x.jpg") } },
    ]);
    expect(fake.stats.count("upscale", "POST")).toBe(0);
  });

  it("checks the result can be written before paying: a folder in the way, a file in the path", async () => {
    await makeImages(["a.png", "b.png"]);
    await mkdir(join(dir.path, "a@2x.png"));
    await writeFile(join(dir.path, "blocker"), "a file, not a folder");
    const run = await ideogram(["--json", "--overwrite", "a.png"]);
    expect(jsonLines(run.stdout)).toEqual([
      { input: "a.png", error: { code: "IO", message: expect.stringContaining("is a folder") } },
    ]);
    const blocked = await ideogram(["--json", "b.png", "-o", "blocker/sub/"]);
    expect(jsonLines(blocked.stdout)).toEqual([
      { input: "b.png", error: { code: "IO", message: expect.stringContaining("Cannot write") } },
    ]);
    expect(blocked.code).toBe(1);
    expect(fake.stats.count("upscale", "POST")).toBe(0);
  });

  it("a paid result whose download failed shows its link, with Ideogram's remedies only", async () => {
    await makeImages(["a.png"]);
    fake.setScenario({ faults: [{ endpoint: "image", fault: { kind: "status", status: 410 } }] });
    const json = await ideogram(["--json", "--seed", "42", "a.png"]);
    expect(json.code).toBe(1);
    const [line] = jsonLines(json.stdout);
    const error = line?.error as { code: string; message: string; resultUrl: string };
    // The core's report says it, as in every app: charged, the link is short-lived, the seed repeats it.
    expect(error).toEqual({
      code: "NOT_FOUND",
      message: expect.stringMatching(
        /^Ideogram upscaled the image and charged for it, but the result was not downloaded: .*HTTP 410.* The result link shown with this error is short-lived: download it now, or upscale again \(with seed 42 for the same result\), which is charged again\.$/,
      ),
      resultUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/ephemeral\/.+\.png\?exp=.+&sig=/),
    });
    const human = await ideogram(["a.png"]);
    expect(human.stderr).toMatch(
      /^✗ a\.png: Ideogram upscaled .*\n {2}result link: http:\/\/127\.0\.0\.1:\d+\/ephemeral\//,
    );
    expect(human.stderr).not.toContain("task");
    expect(await listFiles(dir.path)).toEqual(["a.png"]);
  });

  it("runs the same local checks as offline before uploading: a cut-short or animated image is never sent", async () => {
    await makeImages(["whole.png"]);
    const whole = await readFile(join(dir.path, "whole.png"));
    await writeFile(join(dir.path, "cut.png"), whole.subarray(0, whole.length - 20));
    const raw = Buffer.from(Array.from({ length: 8 * 6 * 3 * 4 }, (_, i) => (i * 37) % 256));
    await sharp(raw, { raw: { width: 8, height: 18, channels: 4, pageHeight: 6 } })
      .webp({ loop: 0, delay: [100, 100, 100] })
      .toFile(join(dir.path, "moving.webp"));
    const run = await ideogram(["--json", "--concurrency", "1", "cut.png", "moving.webp"]);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      { input: "cut.png", error: { code: "UNSUPPORTED_IMAGE", message: expect.stringContaining("cut short") } },
      { input: "moving.webp", error: { code: "UNSUPPORTED_IMAGE", message: expect.stringContaining("animated") } },
    ]);
    expect(fake.stats.count("upscale", "POST")).toBe(0);
  });

  it("reaches a relay with Bearer auth", async () => {
    await makeImages(["a.png"]);
    const run = await runCli(
      [
        ...["--provider", "ideogram", "--model", "legacy", "--auth", "bearer"],
        ...["--base-url", fake.ideogramRelayUrl, "-o", "big.png", "a.png"],
      ],
      { cwd: dir.path, env: { IDEOGRAM_API_KEY: fake.keys.ideogram } },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^a\.png → big\.png \(80×60, /);
    expect(await imageSize(join(dir.path, "big.png"))).toMatchObject({ width: 80, height: 60 });
  });

  it("without a key, exits 2 saying where to put it, and sends nothing", async () => {
    await makeImages(["a.png"]);
    const run = await ideogram(["a.png"], "");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("upscale: No API key: set IDEOGRAM_API_KEY (or pass --api-key).\n");
    expect(fake.stats.log).toEqual([]);
  });

  it("with a bad key, fails with AUTH and never prints the key", async () => {
    await makeImages(["a.png"]);
    const badKey = "sk-wrong-0123456789abcdef";
    const run = await ideogram(["--json", "a.png"], badKey);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      { input: "a.png", error: { code: "AUTH", message: expect.stringContaining("IDEOGRAM_API_KEY") } },
    ]);
    expect(run.stdout + run.stderr).not.toContain(badKey);
    expect(await listFiles(dir.path)).toEqual(["a.png"]);
  });

  it("out of credit: INSUFFICIENT_BALANCE, not retried", async () => {
    await makeImages(["a.png"]);
    fake.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "status", status: 402 } }] });
    const run = await ideogram(["a.png"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^✗ a\.png: .*Add credit to your Ideogram API account/m);
    expect(fake.stats.count("upscale", "POST")).toBe(1);
    expect(await listFiles(dir.path)).toEqual(["a.png"]);
  });

  it("rides out a 429 storm by honouring Retry-After", async () => {
    await makeImages(["a.png", "b.png"]);
    fake.setScenario({
      faults: [
        { endpoint: "upscale", on: { requests: [1, 2, 3, 4] }, fault: { kind: "status", status: 429, retryAfter: 1 } },
      ],
    });
    const run = await ideogram(["--json", "a.png", "b.png"]);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).map((line) => line.output)).toEqual(expect.arrayContaining(["a@2x.png", "b@2x.png"]));
    expect(fake.stats.count("upscale", "POST")).toBe(6);
  });

  it("reports RATE_LIMITED when the storm outlasts --deadline, leaving no files", async () => {
    await makeImages(["a.png"]);
    fake.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "status", status: 429, retryAfter: 1 } }] });
    const started = Date.now();
    const run = await ideogram(["--json", "--deadline", "2.5", "a.png"]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(fake.stats.count("upscale", "POST")).toBeGreaterThanOrEqual(3);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      { input: "a.png", error: { code: "RATE_LIMITED", message: expect.any(String) } },
    ]);
    expect(await listFiles(dir.path)).toEqual(["a.png"]);
  });

  it("an unsafe image fails alone; the rest of the batch is still done", async () => {
    await makeImages(["a.png", "b.png"]);
    fake.setScenario({
      faults: [{ endpoint: "upscale", on: { requests: [1] }, fault: { kind: "unsafe", mode: "flag" } }],
    });
    const run = await ideogram(["--json", "--concurrency", "1", "a.png", "b.png"]);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      { input: "a.png", error: { code: "UNSAFE_CONTENT", message: expect.stringContaining("safety") } },
      expect.objectContaining({ input: "b.png", output: "b@2x.png" }),
    ]);
    expect(run.stderr).toContain("1 of 2 done, 1 failed");
    expect(await listFiles(dir.path)).toEqual(["a.png", "b.png", "b@2x.png"]);
  });

  it("keeps at most 10 requests in flight, Ideogram's limit, so none is refused", async () => {
    const names = Array.from({ length: 14 }, (_, i) => `img${i}.png`);
    await makeImages(names);
    fake.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "latency", ms: 300 } }] });
    const run = await ideogram(["--json", ...names]);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toHaveLength(14);
    expect(fake.stats.peakInflight).toBeLessThanOrEqual(10);
    expect(fake.stats.peakInflight).toBeGreaterThan(1);
    expect(fake.stats.count("upscale", "POST")).toBe(14);
    // Ten uploads in flight once put 20-odd abort listeners on one signal: MaxListenersExceededWarning.
    expect(run.stderr).not.toContain("Warning");
    expect(run.stderr).toMatch(/^14 of 14 done in /);
  });

  const spawnIdeogram = (args: string[]) =>
    spawnCli(["--provider", "ideogram", "--model", "legacy", "--base-url", fake.ideogramUrl, ...args], {
      cwd: dir.path,
      env: { IDEOGRAM_API_KEY: fake.keys.ideogram },
    });

  it("Ctrl-C lets the billed upscales already sent finish and be saved; the rest are not started", async () => {
    await makeImages(["a.png", "b.png", "c.png"]);
    fake.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "latency", ms: 1500 } }] });
    const cli = spawnIdeogram(["--json", "--concurrency", "2", "a.png", "b.png", "c.png"]);
    await waitFor(() => fake.stats.inflight === 2);
    cli.child.kill("SIGINT");
    const run = await cli.done;

    expect(run.code).toBe(130);
    expect(run.stderr).toContain("Letting 2 billed requests already sent finish and be saved");
    const lines = jsonLines(run.stdout).sort((x, y) => String(x.input).localeCompare(String(y.input)));
    expect(lines).toEqual([
      expect.objectContaining({ input: "a.png", output: "a@2x.png" }),
      expect.objectContaining({ input: "b.png", output: "b@2x.png" }),
      { input: "c.png", error: { code: "ABORTED", message: expect.stringContaining("Not started") } },
    ]);
    expect(run.stderr).toContain("2 of 3 done, 1 not started");
    expect(await listFiles(dir.path)).toEqual(["a.png", "a@2x.png", "b.png", "b@2x.png", "c.png"]);
    expect(fake.stats.count("upscale", "POST")).toBe(2);
  });

  it("a second Ctrl-C quits at once, warning in one line that a billed request may be lost", async () => {
    await makeImages(["a.png"]);
    fake.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "latency", ms: 30_000 } }] });
    const cli = spawnIdeogram(["a.png"]);
    await waitFor(() => fake.stats.inflight === 1);
    cli.child.kill("SIGINT");
    await cli.waitForStderr(/Stopping/);
    const quitAt = Date.now();
    cli.child.kill("SIGINT");
    const run = await cli.done;

    expect(run.code).toBe(130);
    expect(Date.now() - quitAt).toBeLessThan(5000);
    expect(run.stderr.trimEnd().split("\n").at(-1)).toBe(
      "Quit: a billed request was still in flight; its result (and charge) may be lost.",
    );
    expect(await listFiles(dir.path)).toEqual(["a.png"]);
  });

  it("refuses flags of other providers and of the v2 models before sending anything", async () => {
    await makeImages(["a.png"]);
    const run = await ideogram(["--format", "webp", "a.png"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "upscale: --format applies only to --provider local (remote providers choose the format).\n",
    );
    const scale = await ideogram(["--scale", "4", "a.png"]);
    expect(scale.stderr).toBe(
      "upscale: --model legacy upscales ×2 only: choose a v2 model (e.g. --model auto) for --scale 4.\n",
    );
    expect(fake.stats.log).toEqual([]);
  });
});
