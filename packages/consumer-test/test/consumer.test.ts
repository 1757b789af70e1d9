import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { launchChromium, runPluginMain } from "@upscale/figma-harness";
import { build } from "esbuild";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { binOf, README_QUICK_STARTS } from "./consumer-project.js";

const run = promisify(execFile);
const { dir } = inject("consumer");
const tsc = binOf("typescript", "tsc");

/** The photo.png the global setup made: 64×48. Ideogram (the fake) doubles it; the offline provider triples it. */
const INPUT = { width: 64, height: 48 };
const DOUBLED = { width: 128, height: 96 };

/** What fixtures/consumer/browser-main.ts puts on the page. */
interface BrowserConsumer {
  consumer(
    fake: { baseUrl: string; apiKey: string },
    bytes: number[],
  ): Promise<{ summary: unknown; decoded: { width: number; height: number }; bytes: number[] }>;
}

let fake: FakeApis;

beforeAll(async () => {
  fake = await startFakeApis();
});

afterAll(async () => {
  await fake.close();
});

/** Runs a program in the consumer project, against the fake; its last line of output is JSON. */
async function runInProject(command: string, args: string[]): Promise<{ summary: unknown; stderr: string }> {
  const env = {
    ...process.env,
    IDEOGRAM_URL: fake.ideogramUrl,
    IDEOGRAM_KEY: fake.keys.ideogram,
    INPUT: join(dir, "photo.png"),
    OUT_DIR: join(dir, "out"),
  };
  const { stdout, stderr } = await run(command, args, { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });
  return { summary: JSON.parse(stdout.trim().split("\n").at(-1) ?? ""), stderr };
}

/** What every consumer sees, wherever it runs. */
const sharedOutcome = {
  ideogram: { ...DOUBLED, mimeType: "image/png", provider: "ideogram", seed: expect.any(Number) },
  refused: { code: "AUTH", isUpscaleError: true, isApiError: true },
  cancelled: { code: "ABORTED", isUpscaleError: true },
  sameClasses: true,
};

/** A Node consumer's summary, and its images read back with sharp. */
async function expectNodeConsumer(via: string, summary: unknown): Promise<void> {
  expect(summary).toMatchObject({
    via,
    ...sharedOutcome,
    kit: { ...DOUBLED, mimeType: "image/png", provider: "kit-example" },
    offline: { width: INPUT.width * 3, height: INPUT.height * 3, mimeType: "image/webp" },
    fitted: { width: 100, height: 75, mimeType: "image/jpeg" },
  });
  const images = [
    ["ideogram.png", "png", DOUBLED.width, DOUBLED.height],
    ["kit.png", "png", DOUBLED.width, DOUBLED.height],
    ["offline.webp", "webp", INPUT.width * 3, INPUT.height * 3],
    ["fitted.jpg", "jpeg", 100, 75],
  ] as const;
  for (const [file, format, width, height] of images)
    await expectImage(join("out", via, file), format, { width, height });
  expect(fake.stats.keyLeaks).toBe(0);
}

/** Reads an image the consumer wrote with sharp: decoded in full (a truncated file fails), of this format and size. */
async function expectImage(file: string, format: string, size: { width: number; height: number }): Promise<void> {
  const { info } = await sharp(join(dir, file)).toBuffer({ resolveWithObject: true });
  expect({ file, format: info.format, width: info.width, height: info.height }).toEqual({ file, format, ...size });
}

describe("the packed packages, installed from their tarballs into a project outside the workspace", () => {
  it("run from Node ESM: import", async () => {
    const { summary } = await runInProject(process.execPath, ["esm.mjs"]);
    await expectNodeConsumer("esm", summary);
  });

  it("run from CommonJS: require, the same module instances as import", async () => {
    const { summary } = await runInProject(process.execPath, ["cjs.cjs"]);
    await expectNodeConsumer("require", summary);
    expect(summary).toMatchObject({ requireIsImport: true });
  });

  it.each(["node16", "bundler"])(
    "type-check under strict with moduleResolution %s, and the compiled program runs",
    async (resolution) => {
      await run(process.execPath, [tsc, "-p", `tsconfig.${resolution}.json`], { cwd: dir });
      const { summary } = await runInProject(process.execPath, [`out/${resolution}/ts-main.mjs`, resolution]);
      await expectNodeConsumer(resolution, summary);
    },
  );

  it("type-check a browser consumer (lib dom, no Node types) under strict with moduleResolution bundler", async () => {
    await run(process.execPath, [tsc, "-p", "tsconfig.browser.json"], { cwd: dir });
  });

  it("run in Chromium as an esbuild browser bundle", async () => {
    const bundle = await build({
      absWorkingDir: dir,
      entryPoints: ["browser-main.ts"],
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "es2020",
      write: false,
      logLevel: "silent",
    });
    const script = bundle.outputFiles[0]?.text ?? "";
    // The page comes from a loopback server of its own, a third origin beside the API's and the images'.
    const server = createServer((request, response) => {
      const isScript = request.url === "/consumer.js";
      response.writeHead(200, { "content-type": isScript ? "text/javascript" : "text/html" });
      response.end(isScript ? script : '<!doctype html><script src="/consumer.js"></script>');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const bytes = Array.from(await readFile(join(dir, "photo.png")));
      const outcome = await page.evaluate(
        ([baseUrl, apiKey, input]) => (window as unknown as BrowserConsumer).consumer({ baseUrl, apiKey }, input),
        [fake.ideogramUrl, fake.keys.ideogram, bytes] as const,
      );
      expect(errors).toEqual([]);
      expect(outcome.summary).toMatchObject({
        ...sharedOutcome,
        kit: { ...DOUBLED, mimeType: "image/png", provider: "kit-example" },
      });
      expect(outcome.decoded).toEqual(DOUBLED);
      const { info } = await sharp(Uint8Array.from(outcome.bytes)).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([DOUBLED.width, DOUBLED.height]);
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("run on Figma's main thread: an es2017 bundle with only Figma's globals and fetch", async () => {
    const bundle = await build({
      absWorkingDir: dir,
      entryPoints: ["figma-main.js"],
      bundle: true,
      format: "iife",
      target: "es2017",
      platform: "neutral",
      mainFields: ["module", "main"],
      write: false,
      logLevel: "silent",
    });
    const plugin = await runPluginMain({
      code: bundle.outputFiles[0]?.text ?? "",
      console: "silent",
      allowedDomains: [fake.ideogramUrl, fake.imagesUrl],
    });
    plugin.sendFromUi({
      baseUrl: fake.ideogramUrl,
      apiKey: fake.keys.ideogram,
      bytes: new Uint8Array(await readFile(join(dir, "photo.png"))),
    });
    const answer = (await plugin.waitForMessageToUi(
      (message) => ["upscaled", "failed"].includes((message as { type: string }).type),
      30_000,
    )) as { type: string; summary: unknown; size: unknown; bytes: Uint8Array };
    expect(answer).toMatchObject({ type: "upscaled", size: DOUBLED });
    expect(answer.summary).toMatchObject({
      ...sharedOutcome,
      kit: { ...DOUBLED, mimeType: "image/png", provider: "kit-example" },
    });
    const { info } = await sharp(answer.bytes).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([DOUBLED.width, DOUBLED.height]);
    expect(plugin.fake.violations).toEqual([]);
  });
});

describe("the README quick starts, run as written in the consumer project", () => {
  it("@upscale/core: an Ideogram upscale run as a job against the fake APIs", async () => {
    const { stdout } = await run(process.execPath, [README_QUICK_STARTS["@upscale/core"]], { cwd: dir });
    expect(stdout).toBe("photo@2x.png: 128×96\n");
    await expectImage("photo@2x.png", "png", DOUBLED);
  });

  it("@upscale/local: offline 3× to WebP, and a paid result converted to JPEG with sharpCodec", async () => {
    const { stderr } = await run(process.execPath, [README_QUICK_STARTS["@upscale/local"]], { cwd: dir });
    expect(stderr).toBe("");
    await expectImage("photo@3x.webp", "webp", { width: INPUT.width * 3, height: INPUT.height * 3 });
    await expectImage("photo@2x.jpg", "jpeg", DOUBLED);
  });
});
