import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, onTestFinished, test } from "vitest";
import * as vscode from "vscode";
import { activateInWorkspace, eventually, type Workspace } from "../../test/extension-harness.js";
import { ConfigurationTarget, fake } from "../../test/fake-vscode.js";
import { imageSize, testImage } from "../../test/images.js";
import { startRecordingProxy } from "../../test/recording-proxy.js";

/**
 * Ideogram's current upscale in the extension, against the fake API over loopback: the model and factor from the
 * settings and from "Upscale Image With…", the price asked for before paying (and asked about above the user's
 * limit), generations recorded in globalState and resumed into their file, and the GPTunnel balance.
 */

const LEDGER = "upscale.midjourneyLedger";
let fakeApis: FakeApis;
let ws: Workspace;
let photo: Uint8Array;

beforeAll(async () => {
  photo = await testImage(40, 30, "png");
  fakeApis = await startFakeApis({ scenario: { ideogram: { generationMs: 200 } } });
});
afterAll(() => fakeApis.close());
beforeEach(async () => {
  fakeApis.setScenario({ ideogram: { generationMs: 200 } });
  fakeApis.stats.reset();
  ws = await activateInWorkspace({ "photo.png": photo, "shot.jpg": await testImage(24, 16, "jpeg") });
  fake.setting("upscale.provider", "ideogram");
  fake.setting("upscale.ideogram.baseUrl", fakeApis.ideogramUrl);
  fake.setting("upscale.gptunnel.baseUrl", fakeApis.gptunnelUrl);
  await ws.context.secrets.store("upscale.apiKey.ideogram", fakeApis.keys.ideogram);
});
afterEach(() => ws.cleanup());

const upscaleImage = (...uris: unknown[]) => vscode.commands.executeCommand("upscale.upscaleImage", uris[0], uris);
const upscaleWith = (uri: unknown) => vscode.commands.executeCommand("upscale.upscaleImageWith", uri);
const submissions = () => fakeApis.stats.count("upscale-v2", "POST");
const quotes = () => fakeApis.stats.count("quote", "POST");
const v2Paths = () => fakeApis.stats.log.filter((entry) => entry.endpoint === "upscale-v2").map((entry) => entry.path);
const pickId =
  (id: unknown) =>
  (call: { items: { id: unknown }[] }): unknown =>
    call.items.find((item) => item.id === id);

/** The multipart text fields of a recorded request body, by name. */
function formFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name = "", value = ""] of body.matchAll(/name="([^"]+)"\r\n\r\n([^\r]*)\r\n/g)) fields[name] = value;
  return fields;
}

/** A proxy in front of the fake Ideogram, recording what the extension really sent. */
async function recordIdeogram() {
  const proxy = await startRecordingProxy(fakeApis.ideogramUrl);
  onTestFinished(() => proxy.close());
  fake.setting("upscale.ideogram.baseUrl", proxy.url);
  return proxy;
}

describe("the model and factor from the settings", () => {
  test("reach Ideogram's v2 endpoint; each model is sent only its own fields; price shown, spend reported", async () => {
    const proxy = await recordIdeogram();
    fake.setting("upscale.ideogram.model", "topaz-wonder-3-5");
    fake.setting("upscale.ideogram.scale", 4);
    fake.setting("upscale.ideogram.strength", "high");
    fake.setting("upscale.ideogram.resolution", "4K");
    fake.setting("upscale.ideogram.prompt", "a lighthouse");
    await upscaleImage(ws.uri("photo.png"));

    expect(await imageSize(await ws.read("photo@4x.png"))).toEqual({ width: 160, height: 120, format: "png" });
    expect(v2Paths()).toEqual(["/v2/image/upscale/topaz-wonder-3-5"]);
    expect([quotes(), submissions(), fakeApis.stats.billed.length]).toEqual([1, 1, 1]);
    // The quote, then the async submission: the same fields, Wonder 3.5's own only (no prompt, no tier).
    const [quoted, submitted] = proxy.bodies.filter((body) => body.includes('name="image"')).map(formFields);
    expect(quoted).toEqual({ upscale_factor: "x4", enhancement_strength: "high" });
    expect(submitted).toEqual({ upscale_factor: "x4", enhancement_strength: "high", async: "true" });
    // Under upscale.confirmAboveUsd (default $1): no question, the price beside the progress, the spend after.
    expect(fake.dialogs.filter((call) => call.options?.modal)).toEqual([]);
    expect(fake.progress.map((p) => p.title)).toContain("Upscaling photo.png with Topaz Wonder 3.5 ×4 for $0.016");
    expect(fake.messages("info").map((m) => m.text)).toEqual([
      "Upscale: photo.png upscaled for $0.016 with Topaz Wonder 3.5 ×4.",
    ]);
    expect(fake.logLines.join("\n")).toMatch(/photo\.png \[ideogram\] → .*photo@4x\.png 40×30 → 160×120 .*task /);
    expect(ws.context.globalState.get(LEDGER)).toEqual([]);
  });

  test("Nano Banana Pro gets its tier and no factor; Topaz Bloom 2 gets the prompt", async () => {
    const proxy = await recordIdeogram();
    fake.setting("upscale.ideogram.model", "nano-banana-pro");
    fake.setting("upscale.ideogram.scale", 4);
    fake.setting("upscale.ideogram.resolution", "1K");
    await upscaleImage(ws.uri("photo.png"));
    // 4:3 at about 1024² pixels; named by the nominal factor, as the core plans it.
    expect(await imageSize(await ws.read("photo@2x.png"))).toMatchObject({ width: 1184, height: 880 });
    fake.setting("upscale.ideogram.model", "topaz-bloom-2");
    fake.setting("upscale.ideogram.scale", 2);
    fake.setting("upscale.ideogram.prompt", "a lighthouse");
    await upscaleImage(ws.uri("shot.jpg"));
    expect(await imageSize(await ws.read("shot@2x.jpg"))).toEqual({ width: 48, height: 32, format: "jpeg" });

    const sent = proxy.bodies.filter((body) => body.includes('name="async"')).map(formFields);
    expect(sent).toEqual([
      { resolution_tier: "1K", async: "true" },
      { upscale_factor: "x2", prompt: "a lighthouse", async: "true" },
    ]);
    expect(v2Paths()).toEqual(["/v2/image/upscale/nano-banana-pro", "/v2/image/upscale/topaz-bloom-2"]);
  });

  test("a factor the model does not offer is refused before anything is sent, with Open Settings", async () => {
    fake.setting("upscale.ideogram.model", "topaz-wonder-4");
    fake.setting("upscale.ideogram.scale", 8);
    await upscaleImage(ws.uri("photo.png"));
    const [error] = fake.messages("error");
    expect(error?.text).toMatch(/Topaz Wonder 4 upscales ×2 or ×4 only, not ×8/);
    expect(error?.buttons).toContain("Open Settings");
    expect([quotes(), submissions()]).toEqual([0, 0]);
  });
});

describe("Upscale Image With…", () => {
  test("picks the model, then a factor that model offers, for this run only", async () => {
    fake.script(pickId("ideogram"), pickId("topaz-wonder-4"), pickId(4));
    await upscaleWith(ws.uri("photo.png"));
    const [, models, scales] = fake.messages("quickPick");
    expect(models?.text).toBe("Ideogram model");
    expect(models?.items).toContainEqual(
      expect.objectContaining({ id: "legacy", label: "Ideogram legacy upscale", description: "v1 /upscale, 2×" }),
    );
    expect(models?.items).toContainEqual(
      expect.objectContaining({ id: "topaz-standard-2", label: "Topaz Standard V2" }),
    );
    // Wonder 4 has no ×8.
    expect(scales?.items?.map((item) => (item as { label: string }).label)).toEqual(["2×", "4×"]);
    expect(await imageSize(await ws.read("photo@4x.png"))).toMatchObject({ width: 160, height: 120 });
    expect(v2Paths()).toEqual(["/v2/image/upscale/topaz-wonder-4"]);
    expect(fake.messages("info").at(-1)?.text).toBe("Upscale: photo.png upscaled for $0.02 with Topaz Wonder 4 ×4.");
    // The settings are as they were: the next plain Upscale Image uses Auto ×2.
    expect(fake.settingIn("upscale.ideogram.model", ConfigurationTarget.Global)).toBeUndefined();
    await upscaleImage(ws.uri("shot.jpg"));
    expect(v2Paths().at(-1)).toBe("/v2/image/upscale/auto");
  });

  test("asks what each model takes: Nano Banana Pro its resolution (no factor), Bloom 2 a prompt", async () => {
    const proxy = await recordIdeogram();
    fake.setting("upscale.ideogram.prompt", "from the settings");
    fake.script(pickId("ideogram"), pickId("nano-banana-pro"), pickId("4K"));
    await upscaleWith(ws.uri("photo.png"));
    fake.script(pickId("ideogram"), pickId("topaz-bloom-2"), pickId(8), "a red fox");
    await upscaleWith(ws.uri("shot.jpg"));

    const asked = fake.dialogs.filter((call) => call.kind !== "info").map((call) => `${call.kind}:${call.text}`);
    expect(asked).toEqual([
      "quickPick:Upscale with…",
      "quickPick:Ideogram model",
      "quickPick:Nano Banana Pro: resolution",
      "quickPick:Upscale with…",
      "quickPick:Ideogram model",
      "quickPick:Scale",
      "inputBox:Topaz Bloom 2: prompt (optional)",
    ]);
    // The prompt box starts at the setting.
    expect(fake.messages("inputBox")[0]?.options).toMatchObject({ value: "from the settings" });
    const sent = proxy.bodies.filter((body) => body.includes('name="async"')).map(formFields);
    expect(sent).toEqual([
      { resolution_tier: "4K", async: "true" },
      { upscale_factor: "x8", prompt: "a red fox", async: "true" },
    ]);
    expect(await imageSize(await ws.read("shot@8x.jpg"))).toMatchObject({ width: 192, height: 128 });
  });
});

describe("the price, before paying", () => {
  test("above upscale.confirmAboveUsd: asked in a modal with the quote; Cancel sends no billed request", async () => {
    fake.setting("upscale.confirmAboveUsd", 0);
    fake.setting("upscale.ideogram.model", "topaz-standard-2");
    fake.setting("upscale.ideogram.scale", 4);
    fake.script(undefined);
    await upscaleImage(ws.uri("photo.png"), ws.uri("shot.jpg"));
    const [question] = fake.dialogs;
    // Each output is under a megapixel: billed at the one-megapixel minimum, $0.01 with Standard V2.
    expect(question).toMatchObject({
      kind: "info",
      text: "Upscale 2 images with Topaz Standard V2 ×4 for $0.02?",
      buttons: ["Upscale"],
      options: { modal: true },
    });
    expect([quotes(), submissions()]).toEqual([2, 0]);
    expect(fakeApis.stats.billed).toEqual([]);
    expect(await ws.files()).toEqual(["photo.png", "shot.jpg"]);
    expect(fake.statusMessages).toEqual(["Upscale cancelled: nothing was sent."]);

    fake.script("Upscale");
    await upscaleImage(ws.uri("photo.png"), ws.uri("shot.jpg"));
    expect(await ws.files()).toEqual(["photo.png", "photo@4x.png", "shot.jpg", "shot@4x.jpg"]);
    expect([quotes(), submissions(), fakeApis.stats.billed.length]).toEqual([4, 2, 2]);
    expect(fake.messages("info").at(-1)?.text).toBe("Upscale: 2 images upscaled for $0.02 with Topaz Standard V2 ×4.");
  });

  test("one image, an estimate: the question says 1 image and the most it can cost", async () => {
    fake.setting("upscale.confirmAboveUsd", 0.02);
    fake.script(undefined);
    await upscaleImage(ws.uri("photo.png"));
    // Auto is quoted as Standard V2, with the dearest capped model as its upper bound.
    expect(fake.dialogs[0]?.text).toBe("Upscale 1 image with Ideogram Auto ×2 for about $0.01 (at most $0.03)?");
    expect(submissions()).toBe(0);
  });

  test("a quote that fails runs nothing and offers Retry; Retry asks again and upscales", async () => {
    fakeApis.setScenario({
      ideogram: { generationMs: 200 },
      faults: [{ endpoint: "quote", fault: { kind: "status", status: 500 } }],
    });
    fake.script((call: { buttons: string[] }) => {
      expect(call.buttons).toEqual(["Retry"]);
      fakeApis.setScenario({ ideogram: { generationMs: 200 } });
      return "Retry";
    });
    await upscaleImage(ws.uri("photo.png"));
    expect(fake.messages("error")[0]?.text).toMatch(/^Upscale: /);
    expect(await imageSize(await ws.read("photo@2x.png"))).toMatchObject({ width: 80, height: 60 });
    expect(submissions()).toBe(1);
  });
});

describe("paid generations survive a reload", () => {
  test("recorded with their file while they run; after a reload Resume Task… finishes one, billed once", async () => {
    fakeApis.setScenario({ ideogram: { generationMs: 1500 } });
    const running = upscaleImage(ws.uri("shot.jpg"));
    // What a window reload at this moment would find in globalState.
    const recorded = await eventually(() => {
      const entries = ws.context.globalState.get<Record<string, unknown>[]>(LEDGER);
      return entries?.length === 1 ? entries : undefined;
    });
    expect(recorded[0]).toMatchObject({
      vendor: "ideogram",
      kind: "upscale",
      label: "shot.jpg",
      target: ws.uri("shot@2x.jpg").toString(),
    });
    await running;
    expect(ws.context.globalState.get(LEDGER)).toEqual([]);

    // The window died there instead: nothing written, the entry left, a new activation over the same globalState.
    await rm(join(ws.dir, "shot@2x.jpg"));
    ws.context.storedState.set(LEDGER, recorded);
    ws.reload();
    fake.dialogs = [];
    fake.script((call: { items: unknown[] }) => call.items[0]);
    await vscode.commands.executeCommand("upscale.midjourney.resume");
    const [list] = fake.messages("quickPick");
    expect(list?.text).toBe("Resume which paid task?");
    expect(list?.items).toEqual([
      expect.objectContaining({
        label: "shot.jpg → shot@2x.jpg",
        description: recorded[0]?.taskId,
        detail: expect.stringMatching(/^Ideogram upscale, submitted /),
      }),
    ]);
    // Converted back to the type its name promises.
    expect(await imageSize(await ws.read("shot@2x.jpg"))).toEqual({ width: 48, height: 32, format: "jpeg" });
    expect(fake.messages("info").at(-1)?.text).toBe(
      `Upscale: shot@2x.jpg saved; nothing more was charged (Ideogram generation ${recorded[0]?.taskId}, $0.01 ` +
        "when it was submitted).",
    );
    expect(ws.context.globalState.get(LEDGER)).toEqual([]);
    expect([submissions(), fakeApis.stats.billed.length]).toEqual([1, 1]);
  });

  test("a resumed file that exists by now: the question comes again; Cancel keeps the generation to resume", async () => {
    fakeApis.setScenario({ ideogram: { generationMs: 1500 } });
    const running = upscaleImage(ws.uri("photo.png"));
    const recorded = await eventually(() => ws.context.globalState.get<unknown[]>(LEDGER)?.slice());
    await running;
    ws.context.storedState.set(LEDGER, recorded);
    ws.reload();
    fake.dialogs = [];
    fake.script((call: { items: unknown[] }) => call.items[0], undefined);
    await vscode.commands.executeCommand("upscale.midjourney.resume");
    expect(fake.messages("warning")[0]?.text).toBe("photo@2x.png already exists. Replace it?");
    expect(ws.context.globalState.get(LEDGER)).toEqual(recorded);
    expect(fakeApis.stats.count("generation", "GET")).toBeGreaterThan(0);
    expect(submissions()).toBe(1);
  });
});

describe("Show Balance", () => {
  test("GPTunnel's balance and credit limit, and that Ideogram has no balance API", async () => {
    fakeApis.setScenario({ account: { balance: -51.54397, creditLimit: 15000 } });
    await ws.context.secrets.store("upscale.apiKey.gptunnel", fakeApis.keys.gptunnel);
    await vscode.commands.executeCommand("upscale.showBalance");
    expect(fake.messages("info").map((m) => m.text)).toEqual([
      "Upscale: GPTunnel balance: -51.54 ₽, credit limit 15000.00 ₽ (14948.46 ₽ left to spend). Ideogram has no " +
        "balance API: its price is shown before each run, and what a run spent after it.",
    ]);
    expect(fakeApis.stats.count("balance", "GET")).toBe(1);
  });

  test("without a GPTunnel key: Set API Key, and nothing sent", async () => {
    await vscode.commands.executeCommand("upscale.showBalance");
    const [error] = fake.messages("error");
    expect(error?.text).toMatch(/^GPTunnel balance: .*Upscale: Set API Key…/);
    expect(error?.buttons).toContain("Set API Key");
    expect(fakeApis.stats.count("balance")).toBe(0);
  });
});
