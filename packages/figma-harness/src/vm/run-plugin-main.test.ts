import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type BuiltPlugin, buildFixturePlugin } from "../../test/fixtures/build-fixture-plugin.js";
import { createFigmaFake } from "../fake/create-figma-fake.js";
import { makeTestImage } from "../test-images.js";
import { runPluginMain } from "./run-plugin-main.js";

let plugin: BuiltPlugin;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  plugin = await buildFixturePlugin();
  // A loopback API: /open answers CORS for any origin, /closed answers without CORS headers.
  server = createServer((request, response) => {
    const cors = request.url?.startsWith("/open") === true;
    const headers: Record<string, string> = cors
      ? {
          "access-control-allow-origin": "*",
          "access-control-allow-headers": "Api-Key",
          "x-hidden": "1",
          "content-type": "text/plain",
        }
      : {};
    response.writeHead(request.method === "OPTIONS" ? 204 : 200, headers);
    response.end(request.method === "OPTIONS" ? undefined : `hello ${request.headers.origin}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const start = (options: Partial<Parameters<typeof runPluginMain>[0]> = {}) =>
  runPluginMain({ code: plugin.mainCode, html: plugin.uiHtml, console: "silent", ...options });

describe("runPluginMain: the built bundle with only Figma's globals", () => {
  it("has no TextEncoder, TextDecoder, URL, AbortController, atob, btoa, structuredClone or XMLHttpRequest", async () => {
    const run = await start();
    const absent = ["TextEncoder", "TextDecoder", "URL", "AbortController", "atob", "btoa", "structuredClone"];
    const names = [...absent, "XMLHttpRequest", "WebAssembly", "fetch", "setTimeout", "figma", "__html__"];
    run.sendFromUi({ type: "globals", names });
    expect(await run.waitForMessageToUi((message) => (message as { type: string }).type === "globals")).toEqual({
      type: "globals",
      missing: [...absent, "XMLHttpRequest", "WebAssembly"],
    });
  });

  it("exchanges messages with the UI; bytes arrive as the plugin realm's Uint8Array, from origin null", async () => {
    const run = await start({ command: "open" });
    expect(run.messagesToUi[0]).toEqual({ type: "hello", command: "open", selection: [] });
    run.sendFromUi({ type: "ping", bytes: new Uint8Array([1, 2, 3]) });
    const pong = await run.waitForMessageToUi((message) => (message as { type: string }).type === "pong");
    expect(pong).toEqual({ type: "pong", bytes: new Uint8Array([1, 2, 3]), isBytes: true, origin: "null" });
  });

  it("runs createImage's rules inside the realm (errors are the plugin's own Error)", async () => {
    const run = await start();
    const waitFor = (type: string) => run.waitForMessageToUi((message) => (message as { type: string }).type === type);
    run.sendFromUi({ type: "create-image", bytes: await makeTestImage(40, 30, "webp") });
    expect(await waitFor("image-refused")).toEqual({
      type: "image-refused",
      message: "in createImage: Image type is unsupported",
    });
    run.sendFromUi({ type: "create-image", bytes: await makeTestImage(40, 30, "jpeg") });
    expect(await waitFor("image-created")).toMatchObject({ width: 40, height: 30 });
  });

  it("fills the selection and notifies, on a canvas the test set up", async () => {
    const fake = createFigmaFake();
    const hash = fake.addImage(await makeTestImage(8, 8));
    const node = fake.create("ELLIPSE", {
      fills: [{ type: "IMAGE", scaleMode: "FIT", imageHash: hash, opacity: 0.4 }],
    });
    fake.select([node]);
    const run = await start({ figma: fake });
    run.sendFromUi({ type: "fill-selection", bytes: await makeTestImage(32, 32) });
    await run.waitForMessageToUi((message) => (message as { type: string }).type === "filled");
    const [use] = fake.imagePaints();
    expect(use?.paint).toMatchObject({ scaleMode: "FIT", opacity: 0.4 });
    expect(await fake.imageDetails(use?.paint.imageHash ?? "")).toMatchObject({ width: 32, height: 32 });
    expect(fake.notifications.map((notification) => notification.message)).toEqual(["Filled 1 layer"]);
  });

  it("cancels pending timers on closePlugin, and a second run gets a fresh figma on the same canvas", async () => {
    const fake = createFigmaFake();
    const run = await start({ figma: fake });
    const firstFigma = fake.figma;
    // A timer long enough that no load can let it fire before the close is handled; then waited out.
    const timerMs = 1_000;
    run.sendFromUi({ type: "wait-then-notify", ms: timerMs });
    await vi.waitFor(() => expect(run.pendingTimers).toBe(1));
    run.sendFromUi({ type: "close" });
    await run.closed;
    expect(run.pendingTimers).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, timerMs + 100));
    expect(fake.notifications.map((notification) => notification.message)).toEqual(["Bye"]);
    const again = await start({ figma: fake });
    expect(again.isClosed).toBe(false);
    expect(fake.figma).not.toBe(firstFigma);
  });
});

describe("syntax Figma's main thread rejects", () => {
  it.each([
    ["object spread", "const a = {}; const b = { ...a };"],
    ["optional chaining", "const a = {}; a?.b;"],
    ["nullish coalescing", "const a = null ?? 1;"],
  ])("refuses a bundle with %s, which an es2017 build would have lowered", async (_name, code) => {
    await expect(runPluginMain({ code, console: "silent" })).rejects.toThrow(/newer than ES2017 at code\.js:1:\d+/);
  });

  it("runs async functions (ES2017) and skips the check when asked", async () => {
    const awaited = await runPluginMain({
      code: "(async () => { await 1; figma.notify('after await'); })();",
      console: "silent",
    });
    await expect.poll(() => awaited.fake.notifications.map((note) => note.message)).toEqual(["after await"]);
    const unchecked = await runPluginMain({
      code: "const a = null ?? 1; figma.notify(String(a));",
      syntax: false,
      console: "silent",
    });
    expect(unchecked.fake.notifications.map((note) => note.message)).toEqual(["1"]);
  });
});

describe("Figma's fetch", () => {
  const fetchIn = async (url: string, options: Partial<Parameters<typeof runPluginMain>[0]> = {}, headers?: object) => {
    const run = await start({ figma: createFigmaFake({ violations: "record" }), ...options });
    run.sendFromUi({ type: "fetch", url, headers });
    return { run, answer: await run.waitForMessageToUi((message) => (message as { type: string }).type === "fetched") };
  };

  it("reaches a loopback server with Origin: null", async () => {
    const { answer } = await fetchIn(`${baseUrl}/open`);
    expect(answer).toMatchObject({ type: "fetched", status: 200, body: "hello null" });
    // A cross-origin page sees only safelisted and exposed response headers.
    expect((answer as { headers: Record<string, string> }).headers).not.toHaveProperty("x-hidden");
    expect((answer as { headers: Record<string, string> }).headers).toHaveProperty("content-type", "text/plain");
  });

  it("fails like a browser when the server does not answer CORS, or does not allow a header", async () => {
    const closed = await fetchIn(`${baseUrl}/closed`);
    expect(closed.answer).toEqual({ type: "fetched", error: "Failed to fetch" });
    expect(closed.run.fake.violations[0]?.message).toContain("Access-Control-Allow-Origin");
    const header = await fetchIn(`${baseUrl}/open`, {}, { Authorization: "Bearer k" });
    expect(header.answer).toEqual({ type: "fetched", error: "Failed to fetch" });
    expect(header.run.fake.violations[0]?.message).toContain("authorization");
    const allowed = await fetchIn(`${baseUrl}/open`, {}, { "Api-Key": "k" });
    expect(allowed.run.fake.violations).toEqual([]);
    expect(allowed.answer).toMatchObject({ status: 200 });
  });

  it("refuses hosts outside manifest networkAccess", async () => {
    const { answer, run } = await fetchIn(`${baseUrl}/open`, { allowedDomains: ["https://api.example.com"] });
    expect(answer).toEqual({ type: "fetched", error: "Failed to fetch" });
    expect(run.fake.violations[0]?.message).toContain("networkAccess");
    const dev = await fetchIn(`${baseUrl}/open`, { allowedDomains: ["https://api.example.com", baseUrl] });
    expect(dev.answer).toMatchObject({ status: 200 });
  });
});
