import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, onTestFinished, test } from "vitest";
import * as vscode from "vscode";
import { activateInWorkspace, type Workspace } from "../../test/extension-harness.js";
import { fake, TabInputCustom } from "../../test/fake-vscode.js";
import { imageSize, testImage } from "../../test/images.js";
import { startRecordingProxy } from "../../test/recording-proxy.js";

let ws: Workspace;
let photo: Uint8Array;
let fakeApis: FakeApis;

beforeAll(async () => {
  photo = await testImage(40, 30, "png");
  fakeApis = await startFakeApis();
});
afterAll(() => fakeApis.close());
afterEach(() => ws.cleanup());

const run = (...args: unknown[]) => vscode.commands.executeCommand("upscale.upscaleImage", ...args);

describe("Upscale Image, offline", () => {
  test("writes photo@2x.png beside the clicked file, 2×, opens it beside, leaves the original alone", async () => {
    ws = await activateInWorkspace({ "photo.png": photo });
    await run(ws.uri("photo.png"), [ws.uri("photo.png")]);
    expect(await imageSize(await ws.read("photo@2x.png"))).toEqual({ width: 80, height: 60, format: "png" });
    expect(Buffer.compare(await ws.read("photo.png"), photo)).toBe(0);
    expect(await ws.files()).toEqual(["photo.png", "photo@2x.png"]);
    const opened = fake.executed.find((call) => call.command === "vscode.open");
    expect(String(opened?.args[0])).toMatch(/photo@2x\.png$/);
    expect(opened?.args[1]).toEqual({ viewColumn: vscode.ViewColumn.Beside });
    expect(fake.progress.map((p) => p.title)).toEqual(["Upscaling photo.png"]);
    expect(fake.logLines.join("\n")).toMatch(/photo\.png \[local\] → .*photo@2x\.png 40×30 → 80×60/);
  });

  test("a multi-selection: every selected image, n/total progress, no file opened", async () => {
    const notes = new TextEncoder().encode("not an image");
    ws = await activateInWorkspace({ "a.png": photo, "b.jpg": await testImage(20, 10, "jpeg"), "notes.txt": notes });
    await run(ws.uri("a.png"), [ws.uri("a.png"), ws.uri("b.jpg"), ws.uri("notes.txt")]);
    expect(await imageSize(await ws.read("b@2x.jpg"))).toEqual({ width: 40, height: 20, format: "jpeg" });
    expect(await ws.files()).toEqual(["a.png", "a@2x.png", "b.jpg", "b@2x.jpg", "notes.txt"]);
    const [progress] = fake.progress;
    expect(progress?.title).toBe("Upscaling 2 images");
    expect(progress?.reports.map((r) => r.message)).toEqual(["1/2", "2/2"]);
    expect(progress?.reports.reduce((sum, r) => sum + (r.increment ?? 0), 0)).toBe(100);
    expect(fake.messages("info").map((m) => m.text)).toEqual(["Upscale: 2 images upscaled."]);
    expect(fake.messages("warning").map((m) => m.text)).toEqual([
      "Upscale: 1 of 3 selected files not upscaled. notes.txt: not an image.",
    ]);
    expect(fake.executed.some((call) => call.command === "vscode.open")).toBe(false);
  });

  test("a .jpe file is a JPEG too (the core's list of names): upscaled as photo@2x.jpe", async () => {
    ws = await activateInWorkspace({ "photo.jpe": await testImage(20, 10, "jpeg") });
    await run(ws.uri("photo.jpe"), [ws.uri("photo.jpe")]);
    expect(await imageSize(await ws.read("photo@2x.jpe"))).toEqual({ width: 40, height: 20, format: "jpeg" });
  });

  test("from the palette: the image in the active preview tab (a custom editor, no text editor)", async () => {
    ws = await activateInWorkspace({ "shown.png": photo });
    fake.activeTabInput = new TabInputCustom(ws.uri("shown.png"), "imagePreview.previewEditor");
    await run();
    expect(await ws.files()).toEqual(["shown.png", "shown@2x.png"]);
  });

  test("from the palette with no image open: a file picker allowing several", async () => {
    ws = await activateInWorkspace({ "x.png": photo, "y.png": photo });
    fake.script([ws.uri("x.png"), ws.uri("y.png")]);
    await run();
    const [picker] = fake.messages("openDialog");
    expect(picker?.options).toMatchObject({
      canSelectMany: true,
      filters: { Images: ["png", "jpg", "jpeg", "jpe", "webp"] },
    });
    expect(await ws.files()).toEqual(["x.png", "x@2x.png", "y.png", "y@2x.png"]);
  });

  test("upscale.scale and upscale.outputName name the result", async () => {
    ws = await activateInWorkspace({ "icon.png": photo });
    fake.setting("upscale.scale", 3);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: upscale.outputName's own placeholder syntax
    fake.setting("upscale.outputName", "big/${name}-x${scale}.${ext}");
    await run(ws.uri("icon.png"));
    expect(await imageSize(await ws.read("big/icon-x3.png"))).toMatchObject({ width: 120, height: 90 });
  });

  test("an existing output: Cancel writes nothing, Keep Both numbers the name, Replace replaces", async () => {
    const old = await testImage(2, 2, "png");
    ws = await activateInWorkspace({ "photo.png": photo, "photo@2x.png": old });
    fake.script(undefined);
    await run(ws.uri("photo.png"));
    const [question] = fake.messages("warning");
    expect(question).toMatchObject({
      text: "photo@2x.png already exists. Replace it?",
      // Keep Both first: the button Enter presses.
      buttons: ["Keep Both", "Replace"],
    });
    expect(question?.options).toMatchObject({ modal: true });
    expect(fake.progress).toEqual([]);
    expect(await ws.files()).toEqual(["photo.png", "photo@2x.png"]);

    fake.script("Keep Both");
    await run(ws.uri("photo.png"));
    expect(await ws.files()).toEqual(["photo.png", "photo@2x (2).png", "photo@2x.png"]);
    expect(Buffer.compare(await ws.read("photo@2x.png"), old)).toBe(0);

    fake.script("Replace");
    await run(ws.uri("photo.png"));
    expect(await imageSize(await ws.read("photo@2x.png"))).toMatchObject({ width: 80, height: 60 });
    expect(await ws.files()).toEqual(["photo.png", "photo@2x (2).png", "photo@2x.png"]);
  });

  test("upscale.overwrite never keeps both without asking; always replaces without asking", async () => {
    const old = await testImage(2, 2, "png");
    ws = await activateInWorkspace({ "photo.png": photo, "photo@2x.png": old });
    fake.setting("upscale.overwrite", "never");
    await run(ws.uri("photo.png"));
    expect(await ws.files()).toEqual(["photo.png", "photo@2x (2).png", "photo@2x.png"]);
    fake.setting("upscale.overwrite", "always");
    await run(ws.uri("photo.png"));
    expect(await imageSize(await ws.read("photo@2x.png"))).toMatchObject({ width: 80 });
    expect(fake.messages("warning")).toEqual([]);
  });

  test("an output name equal to the original is refused, never written over it", async () => {
    ws = await activateInWorkspace({ "photo.png": photo });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: upscale.outputName's own placeholder syntax
    fake.setting("upscale.outputName", "${name}.${ext}");
    fake.setting("upscale.overwrite", "always");
    await run(ws.uri("photo.png"));
    expect(fake.messages("error")[0]?.text).toMatch(/original's own \(photo\.png\): change upscale\.outputName/);
    expect(Buffer.compare(await ws.read("photo.png"), photo)).toBe(0);
  });

  test("Cancel in the progress notification: nothing is written", async () => {
    ws = await activateInWorkspace({ "a.png": photo, "b.png": photo });
    fake.onProgress = (record) => record.cancel();
    await run(ws.uri("a.png"), [ws.uri("a.png"), ws.uri("b.png")]);
    expect(await ws.files()).toEqual(["a.png", "b.png"]);
    expect(fake.statusMessages).toEqual(["Upscale cancelled: 0 of 2 written."]);
    expect(fake.messages("error")).toEqual([]);
  });

  test("a file that is not an image: alone it fails with its own message; among others it is listed", async () => {
    ws = await activateInWorkspace({ "good.png": photo, "bad.png": new TextEncoder().encode("not an image") });
    await run(ws.uri("bad.png"), [ws.uri("bad.png")]);
    expect(fake.messages("error")[0]?.text).toMatch(/^Upscale of bad\.png failed: .*not a PNG, JPEG, WebP/);
    expect(fake.logLines.join("\n")).toMatch(/bad\.png \[local\].*failed UNSUPPORTED_IMAGE/);

    fake.dialogs = [];
    await run(ws.uri("good.png"), [ws.uri("good.png"), ws.uri("bad.png")]);
    expect(await ws.files()).toEqual(["bad.png", "good.png", "good@2x.png"]);
    expect(fake.messages("error")).toEqual([]);
    expect(fake.messages("warning")[0]?.text).toBe(
      "Upscale: 1 of 2 selected files not upscaled. bad.png: not an image.",
    );
  });
});

describe("Upscale Image with Ideogram's legacy upscale (v1 /upscale, against the fake API)", () => {
  const useIdeogram = () => {
    fake.setting("upscale.provider", "ideogram");
    fake.setting("upscale.ideogram.model", "legacy");
    fake.setting("upscale.ideogram.baseUrl", fakeApis.ideogramUrl);
  };

  test("no key: an error with Set API Key and no request; the button asks for the key, then upscales", async () => {
    ws = await activateInWorkspace({ "photo.png": photo });
    useIdeogram();
    const before = fakeApis.stats.count("upscale", "POST");
    fake.script("Set API Key", fakeApis.keys.ideogram);
    await run(ws.uri("photo.png"));
    const [error] = fake.messages("error");
    expect(error?.text).toMatch(/Ideogram API key.*run "Upscale: Set API Key…"/);
    expect(error?.buttons).toContain("Set API Key");
    expect(fake.messages("inputBox")[0]).toMatchObject({ text: "Ideogram API key", options: { password: true } });
    expect(ws.context.storedSecrets.get("upscale.apiKey.ideogram")).toBe(fakeApis.keys.ideogram);
    // One request: the one made after the key was set, not one without it.
    expect(fakeApis.stats.count("upscale", "POST")).toBe(before + 1);
    expect(await ws.files()).toEqual(["photo.png", "photo@2x.png"]);
  });

  test("a refused key: an error with Set API Key, the key in no message or log line, no file", async () => {
    ws = await activateInWorkspace({ "photo.png": photo });
    useIdeogram();
    await ws.context.secrets.store("upscale.apiKey.ideogram", "wrong-key-0123456789");
    await run(ws.uri("photo.png"));
    const [error] = fake.messages("error");
    expect(error?.text).toMatch(/^Upscale of photo\.png failed: /);
    expect(error?.buttons).toEqual(["Set API Key", "Open Settings"]);
    expect(JSON.stringify(fake.dialogs) + fake.logLines.join("\n")).not.toContain("wrong-key-0123456789");
    expect(fake.logLines.join("\n")).toMatch(/failed AUTH/);
    expect(await ws.files()).toEqual(["photo.png"]);
  });

  test("a good key: 2× PNG beside, the original byte-identical; a JPEG stays a JPEG", async () => {
    const jpeg = await testImage(24, 16, "jpeg");
    ws = await activateInWorkspace({ "photo.png": photo, "shot.jpg": jpeg });
    useIdeogram();
    await ws.context.secrets.store("upscale.apiKey.ideogram", fakeApis.keys.ideogram);
    await run(ws.uri("photo.png"), [ws.uri("photo.png"), ws.uri("shot.jpg")]);
    expect(await imageSize(await ws.read("photo@2x.png"))).toEqual({ width: 80, height: 60, format: "png" });
    expect(await imageSize(await ws.read("shot@2x.jpg"))).toEqual({ width: 48, height: 32, format: "jpeg" });
    expect(Buffer.compare(await ws.read("photo.png"), photo)).toBe(0);
    expect(Buffer.compare(await ws.read("shot.jpg"), jpeg)).toBe(0);
    expect(fakeApis.stats.keyLeaks).toBe(0);
  });

  test("a rate limit offers Retry, and Retry runs the same files again; a billed 5xx offers none", async () => {
    ws = await activateInWorkspace({ "photo.png": photo });
    useIdeogram();
    await ws.context.secrets.store("upscale.apiKey.ideogram", fakeApis.keys.ideogram);
    fakeApis.setScenario({
      faults: [{ endpoint: "upscale", on: { requests: [1] }, fault: { kind: "status", status: 400 } }],
    });
    await run(ws.uri("photo.png"));
    expect(fake.messages("error")[0]?.buttons).toEqual(["Open Settings"]);

    // A 503 to a billed upload may come after Ideogram did (and billed) the work: never offered again blindly.
    fakeApis.setScenario({
      faults: [{ endpoint: "upscale", on: { requests: [1] }, fault: { kind: "status", status: 503 } }],
    });
    await run(ws.uri("photo.png"));
    expect(fake.messages("error")[1]?.buttons).toEqual([]);

    fakeApis.setScenario({
      // A wait longer than the core's rate-limit budget: turned away before any work, so Retry is offered.
      faults: [{ endpoint: "upscale", on: { requests: [1] }, fault: { kind: "status", status: 429, retryAfter: 120 } }],
    });
    fake.script(async (call: { buttons: string[] }) => {
      expect(call.buttons).toEqual(["Retry"]);
      fakeApis.setScenario({});
      return "Retry";
    });
    await run(ws.uri("photo.png"));
    expect(await imageSize(await ws.read("photo@2x.png"))).toMatchObject({ width: 80, height: 60 });
  });

  test("a connection reset after a charged upload went out, or on its paid result: no Retry, sent once", async () => {
    ws = await activateInWorkspace({ "photo.png": photo });
    useIdeogram();
    await ws.context.secrets.store("upscale.apiKey.ideogram", fakeApis.keys.ideogram);
    for (const endpoint of ["upscale", "image"] as const) {
      fakeApis.setScenario({ faults: [{ endpoint, fault: { kind: "reset" } }] });
      fakeApis.stats.reset();
      fake.dialogs = [];
      await run(ws.uri("photo.png"));
      const [error] = fake.messages("error");
      expect(error?.text).toMatch(
        endpoint === "upscale"
          ? /may have reached Ideogram and been charged, so it was not sent again/
          : /Ideogram upscaled the image and charged for it, but the result was not downloaded/,
      );
      expect(error?.buttons?.filter((button) => button === "Retry")).toEqual([]);
      expect(fakeApis.stats.count("upscale", "POST")).toBe(1);
      expect(await ws.files()).toEqual(["photo.png"]);
    }
    fakeApis.setScenario({});
  });

  test("a paid upscale whose download failed: no Retry; its link logged, Open Link opens it, Copy Link copies it", async () => {
    ws = await activateInWorkspace({ "photo.png": photo });
    useIdeogram();
    await ws.context.secrets.store("upscale.apiKey.ideogram", fakeApis.keys.ideogram);
    fakeApis.setScenario({ faults: [{ endpoint: "image", fault: { kind: "status", status: 503 } }] });
    fakeApis.stats.reset();
    fake.script("Open Link");
    await run(ws.uri("photo.png"));
    const [error] = fake.messages("error");
    expect(error?.text).toMatch(/^Upscale of photo\.png failed: Ideogram upscaled the image and charged for it/);
    // A Retry would pay a second time for a result already paid for.
    expect(error?.buttons).toEqual(["Open Link", "Copy Link"]);
    const log = fake.logLines.join("\n");
    const link = /the paid result's link: (\S+)/.exec(log)?.[1] ?? "";
    expect(link.startsWith(`${fakeApis.imagesUrl}/ephemeral/`)).toBe(true);
    expect(log).not.toContain(fakeApis.keys.ideogram);
    expect(fake.openedExternally).toEqual([link]);
    expect(fakeApis.stats.count("upscale", "POST")).toBe(1);
    // The link really is the paid result: once the image host answers again, it is the 2× image.
    fakeApis.setScenario({});
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(await imageSize(new Uint8Array(await response.arrayBuffer()))).toMatchObject({ width: 80, height: 60 });

    fakeApis.setScenario({ faults: [{ endpoint: "image", fault: { kind: "status", status: 503 } }] });
    fake.script("Copy Link");
    await run(ws.uri("photo.png"));
    const second = /the paid result's link: (\S+)/.exec(fake.logLines.slice(-1).join(""))?.[1];
    expect(second).toBeDefined();
    expect(fake.clipboard).toBe(second);
    fakeApis.setScenario({});
  });

  test("a paid result that cannot be converted to the promised type is kept in its own (PNG), and the user told", async () => {
    // 16 400 px wide after 2×: more than WebP can hold, so converting Ideogram's PNG to WebP fails.
    const wide = new Uint8Array(
      await sharp({ create: { width: 8200, height: 4, channels: 3, background: "#336699" } })
        .webp()
        .toBuffer(),
    );
    ws = await activateInWorkspace({ "wide.webp": wide });
    useIdeogram();
    await ws.context.secrets.store("upscale.apiKey.ideogram", fakeApis.keys.ideogram);
    fakeApis.stats.reset();
    await run(ws.uri("wide.webp"));
    expect(await ws.files()).toEqual(["wide.webp", "wide@2x.png"]);
    expect(await imageSize(await ws.read("wide@2x.png"))).toEqual({ width: 16400, height: 8, format: "png" });
    expect(Buffer.compare(await ws.read("wide.webp"), wide)).toBe(0);
    expect(fake.messages("error")).toEqual([]);
    expect(fake.messages("warning")[0]?.text).toMatch(
      /^Upscale: wide@2x\.png: Kept as PNG: converting it to WebP failed/,
    );
    expect(fake.logLines.join("\n")).toMatch(/wide@2x\.png 8200×4 → 16400×8 .*Kept as PNG/);
    expect(String(fake.executed.find((call) => call.command === "vscode.open")?.args[0])).toMatch(/wide@2x\.png$/);
    expect(fakeApis.stats.count("upscale", "POST")).toBe(1);
  });

  test("Cancel while a paid upscale is out: it is let finish and its result kept (it was paid for)", async () => {
    ws = await activateInWorkspace({ "photo.png": photo });
    useIdeogram();
    await ws.context.secrets.store("upscale.apiKey.ideogram", fakeApis.keys.ideogram);
    fakeApis.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "latency", ms: 500 } }] });
    fake.onProgress = (record) => record.cancel();
    await run(ws.uri("photo.png"));
    expect(await imageSize(await ws.read("photo@2x.png"))).toMatchObject({ width: 80, height: 60 });
    expect(fake.progress[0]?.reports.map((r) => r.message)).toContain(
      "Cancelled: waiting for 1 paid request(s) to finish, to keep what they cost.",
    );
    expect(fake.messages("error")).toEqual([]);
    fakeApis.setScenario({});
  });

  test("Upscale Image With… picks Ideogram, its legacy model and its options for this run only", async () => {
    ws = await activateInWorkspace({ "photo.png": photo });
    const proxy = await startRecordingProxy(fakeApis.ideogramUrl);
    onTestFinished(() => proxy.close());
    fake.setting("upscale.ideogram.baseUrl", proxy.url);
    await ws.context.secrets.store("upscale.apiKey.ideogram", fakeApis.keys.ideogram);
    const seen: string[] = [];
    fakeApis.stats.reset();
    fake.script(
      (call: { items: { label: string; id: string }[] }) => call.items.find((i) => i.id === "ideogram"),
      (call: { items: { label: string; id: string }[] }) => call.items.find((i) => i.id === "legacy"),
      "a red fox",
      "80",
      "",
    );
    await vscode.commands.executeCommand("upscale.upscaleImageWith", ws.uri("photo.png"));
    for (const call of fake.dialogs) seen.push(`${call.kind}:${call.text}`);
    expect(seen).toEqual([
      "quickPick:Upscale with…",
      "quickPick:Ideogram model",
      "inputBox:Ideogram: prompt (optional)",
      "inputBox:Ideogram: resemblance (optional)",
      "inputBox:Ideogram: detail (optional)",
    ]);
    expect(await imageSize(await ws.read("photo@2x.png"))).toMatchObject({ width: 80, height: 60 });
    expect(fakeApis.stats.count("upscale", "POST")).toBe(1);
    // What was typed reached Ideogram; the empty detail left Ideogram's default (not sent at all).
    const [body = ""] = proxy.bodies;
    const imageRequest = /name="image_request"\r\n\r\n(.*?)\r\n/s.exec(body)?.[1] ?? "";
    expect(JSON.parse(imageRequest)).toEqual({ prompt: "a red fox", resemblance: 80 });
    // For this run only: the next plain Upscale Image uses the settings again (offline, no request).
    fake.script("Keep Both");
    await run(ws.uri("photo.png"));
    expect(await ws.files()).toEqual(["photo.png", "photo@2x (2).png", "photo@2x.png"]);
    expect(fakeApis.stats.count("upscale", "POST")).toBe(1);
  });

  test("Upscale Image With… offline offers the offline provider's scales", async () => {
    ws = await activateInWorkspace({ "photo.png": photo });
    fake.script(
      (call: { items: { id: string }[] }) => call.items.find((i) => i.id === "local"),
      (call: { items: { label: string }[] }) => call.items.find((i) => i.label === "4×"),
    );
    await vscode.commands.executeCommand("upscale.upscaleImageWith", ws.uri("photo.png"));
    expect(await imageSize(await ws.read("photo@4x.png"))).toMatchObject({ width: 160, height: 120 });
  });
});
