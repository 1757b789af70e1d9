import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { type FakeApis, GRID_SIZE, startFakeApis } from "@upscale/fake-apis";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANIMATED_GIF_4X3, PNG_3X2 } from "../images.js";
import { decodePng } from "../integration/png-pixels.js";

/**
 * The core as a Figma plugin's main thread runs it: the built dist bundled the way plugin toolchains do (one
 * es2017 IIFE), executed in a `node:vm` realm holding only the JavaScript built-ins, timers and Figma's
 * restricted `fetch` — no TextEncoder/TextDecoder, URL, AbortController, Headers or Response — against the
 * fake APIs over real HTTP.
 */

/** Web globals Figma's main thread lacks; the realm must lack them too, or the test proves nothing. */
const ABSENT_GLOBALS = ["TextEncoder", "TextDecoder", "URL", "AbortController", "AbortSignal", "Headers", "Response"];
/**
 * Built-ins newer than ES2017 that the core must not need; removed from the realm, since a V8 realm has them
 * and Figma's bundles get no polyfills. (zod's Object.fromEntries, flatMap and trimStart stay: zod needs them.)
 */
const REMOVED_BUILTINS = `
  delete Array.prototype.at; delete String.prototype.at; delete Array.prototype.flat;
  delete Array.prototype.findLast; delete Array.prototype.findLastIndex;
  delete String.prototype.replaceAll; delete String.prototype.matchAll; delete String.prototype.trimEnd;
  delete Promise.allSettled; delete Promise.any; delete Object.hasOwn; delete Promise.prototype.finally;
`;

interface FigmaFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  redirect?: "follow" | "manual";
}

/**
 * Figma's fetch, bridged to Node's: a URL string, plain-object headers, no signal (refused, so a core that sent
 * one would fail here), and `headersObject` in the answer with names as the server cased them.
 */
async function figmaFetch(url: string, init: FigmaFetchInit = {}) {
  if (typeof url !== "string") throw new TypeError("Figma's fetch takes a URL string.");
  if ("signal" in init) throw new TypeError("Figma's fetch takes no signal.");
  // The object comes from the plugin's realm, so its prototype is that realm's Object.prototype, not Node's.
  if (init.headers !== undefined && Object.getPrototypeOf(init.headers)?.constructor?.name !== "Object") {
    throw new TypeError("Figma's fetch takes headers as a plain object.");
  }
  const body = typeof init.body === "string" || init.body === undefined ? init.body : Uint8Array.from(init.body);
  const response = await fetch(url, { method: init.method, headers: init.headers, body, redirect: init.redirect });
  const headersObject: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headersObject[name.replace(/(^|-)[a-z]/g, (c) => c.toUpperCase())] = value;
  });
  return { status: response.status, headersObject, arrayBuffer: () => response.arrayBuffer() };
}

interface Plugin {
  imagineGrid(options: { apiKey: string; baseUrl: string; prompt: string }): Promise<{
    taskId: string;
    stages: string[];
    bytes: Uint8Array;
    mimeType: string;
    width: number;
    height: number;
  }>;
  imagineAndWait(options: { apiKey: string; baseUrl: string; prompt: string; deadlineMs: number }): Promise<{
    taskId: string;
    error: { name: string; code: string; taskId: string } | undefined;
  }>;
  imagineAndCancel(options: { apiKey: string; baseUrl: string; prompt: string; cancelAfterMs: number }): Promise<{
    taskId: string;
    error: { name: string; code: string; taskId: string } | undefined;
    elapsedMs: number;
  }>;
  imagineWithLedger(options: { apiKey: string; baseUrl: string; prompt: string }): Promise<{
    taskId: string;
    pendingWhileSaving: { taskId: string; kind: string; label: string; target: string }[];
    pendingAfter: unknown[];
    plan: { resized: boolean; converted: boolean; mimeType: string };
  }>;
  batchAndChecks(options: { gif: Uint8Array }): Promise<{
    statuses: string[];
    refusal: { code: string; message: string } | undefined;
  }>;
  jobPipelines(options: {
    ideogramKey: string;
    ideogramUrl: string;
    gptunnelKey: string;
    gptunnelUrl: string;
    bytes: Uint8Array;
  }): Promise<{
    saved: string[];
    failed: number;
    kept: Record<string, { mimeType: string; width: number; height: number; taskId?: string }>;
    events: string[];
    pendingAfter: unknown[];
  }>;
  ideogramUpscale(options: { apiKey: string; baseUrl: string; bytes: Uint8Array }): Promise<{
    bytes: Uint8Array;
    mimeType: string;
    width: number;
    height: number;
  }>;
}

let fake: FakeApis;
let realm: vm.Context;
let plugin: Plugin;

beforeAll(async () => {
  fake = await startFakeApis({ scenario: { task: { durationMs: 200 } } });
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL("plugin-main.js", import.meta.url))],
    bundle: true,
    format: "iife",
    globalName: "plugin",
    target: "es2017",
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  realm = vm.createContext({ setTimeout, clearTimeout, fetch: figmaFetch });
  vm.runInContext(REMOVED_BUILTINS, realm);
  vm.runInContext(bundled.outputFiles[0]?.text ?? "", realm, { filename: "plugin-main.bundle.js" });
  plugin = vm.runInContext("plugin", realm) as Plugin;
});

afterAll(async () => {
  await fake.close();
});

describe("the core in a Figma-like main thread", () => {
  it("runs in a realm without the web globals Figma lacks and without post-ES2017 built-ins", () => {
    for (const name of ABSENT_GLOBALS) expect(vm.runInContext(`typeof ${name}`, realm), name).toBe("undefined");
    expect(vm.runInContext("typeof [].at + typeof ''.replaceAll + typeof Promise.prototype.finally", realm)).toBe(
      "undefinedundefinedundefined",
    );
  });

  it("imagines, waits and downloads the grid as a real PNG", async () => {
    fake.setScenario({ task: { durationMs: 200 } });
    const grid = await plugin.imagineGrid({
      apiKey: fake.keys.gptunnel,
      baseUrl: fake.gptunnelUrl,
      prompt: "a red fox in the snow",
    });
    expect(grid.taskId).toMatch(/^[0-9a-f]{24}$/);
    // Copied out of the realm, whose arrays lack `at`.
    const stages = Array.from(grid.stages);
    expect(stages).toContain("waiting");
    expect(stages[stages.length - 1]).toBe("downloading");
    expect(grid).toMatchObject({ mimeType: "image/png", width: GRID_SIZE, height: GRID_SIZE });
    const png = decodePng(new Uint8Array(grid.bytes));
    expect([png.width, png.height]).toEqual([GRID_SIZE, GRID_SIZE]);
    expect(fake.stats.keyLeaks).toBe(0);
  });

  it("upscales an image file with Ideogram through the provider and upscale()", async () => {
    fake.setScenario({});
    const result = await plugin.ideogramUpscale({
      apiKey: fake.keys.ideogram,
      baseUrl: fake.ideogramUrl,
      bytes: PNG_3X2,
    });
    expect(result).toMatchObject({ mimeType: "image/png", width: 6, height: 4 });
    const png = decodePng(new Uint8Array(result.bytes));
    expect([png.width, png.height]).toEqual([6, 4]);
    expect(fake.stats.keyLeaks).toBe(0);
  });

  it("runs both job pipelines: Ideogram into canvas nodes, an imagine with its task in clientStorage", async () => {
    fake.setScenario({ task: { durationMs: 200 } });
    fake.stats.reset();
    const outcome = JSON.parse(
      JSON.stringify(
        await plugin.jobPipelines({
          ideogramKey: fake.keys.ideogram,
          ideogramUrl: fake.ideogramUrl,
          gptunnelKey: fake.keys.gptunnel,
          gptunnelUrl: fake.gptunnelUrl,
          bytes: PNG_3X2,
        }),
      ),
    );
    expect(outcome.failed).toBe(0);
    expect(outcome.saved.slice(0, 2).sort()).toEqual(["Layer 1:2.png", "Layer 3:4.png"]);
    expect(outcome.kept["Layer 1:2.png"]).toEqual({ mimeType: "image/png", width: 6, height: 4 });
    const [grid] = Object.values(outcome.kept).filter((image) => (image as { taskId?: string }).taskId !== undefined);
    expect(grid).toMatchObject({ mimeType: "image/png", width: GRID_SIZE, height: GRID_SIZE });
    expect(outcome.saved[2]).toBe(`midjourney-${(grid as { taskId: string }).taskId}.png`);
    expect(outcome.events).toContain("task-created");
    expect(outcome.pendingAfter).toEqual([]);
    expect(fake.stats.count("upscale", "POST")).toBe(2);
    expect(fake.stats.count("imagine")).toBe(1);
    expect(fake.stats.keyLeaks).toBe(0);
  });

  it("ends a wait whose status requests never answer at the deadline, with the task id to resume", async () => {
    // Without AbortController nobody can cancel the hung request: the deadline alone must end the wait.
    fake.setScenario({ faults: [{ endpoint: "result", fault: { kind: "latency", ms: 600_000 } }] });
    const outcome = await plugin.imagineAndWait({
      apiKey: fake.keys.gptunnel,
      baseUrl: fake.gptunnelUrl,
      prompt: "a grid that never reports back",
      deadlineMs: 2_000,
    });
    expect(outcome.error).toEqual({ name: "TaskError", code: "TIMEOUT", taskId: outcome.taskId });
    expect(fake.stats.count("result", "GET")).toBeGreaterThanOrEqual(1);
  });

  it("cancels a wait stuck on a status request that never answers, with createCancellation", async () => {
    // No AbortController here: the core's own cancellation must end the wait, long before any deadline.
    fake.setScenario({ faults: [{ endpoint: "result", fault: { kind: "latency", ms: 600_000 } }] });
    const outcome = await plugin.imagineAndCancel({
      apiKey: fake.keys.gptunnel,
      baseUrl: fake.gptunnelUrl,
      prompt: "a grid the user gives up on",
      cancelAfterMs: 1_500,
    });
    expect(outcome.error).toEqual({ name: "TaskError", code: "ABORTED", taskId: outcome.taskId });
    expect(fake.stats.count("result", "GET")).toBeGreaterThanOrEqual(1);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(1_400);
    expect(outcome.elapsedMs).toBeLessThan(5_000);
  });

  it("runs imagineAndWait with a ledger in clientStorage-like storage, settled once saved", async () => {
    fake.setScenario({ task: { durationMs: 200 } });
    fake.stats.reset();
    const outcome = await plugin.imagineWithLedger({
      apiKey: fake.keys.gptunnel,
      baseUrl: fake.gptunnelUrl,
      prompt: "a lighthouse at dusk",
    });
    expect(JSON.parse(JSON.stringify(outcome.pendingWhileSaving))).toEqual([
      {
        taskId: outcome.taskId,
        kind: "imagine",
        createdAt: expect.any(Number),
        label: "a lighthouse at dusk",
        target: "node:1:2",
      },
    ]);
    expect(Array.from(outcome.pendingAfter)).toEqual([]);
    expect({ ...outcome.plan }).toMatchObject({ resized: false, converted: false, mimeType: "image/png" });
    expect(fake.stats.count("imagine", "POST")).toBe(1);
  });

  it("runs a cancellable batch and refuses an animated GIF with the local checks", async () => {
    const outcome = await plugin.batchAndChecks({ gif: ANIMATED_GIF_4X3 });
    expect(Array.from(outcome.statuses)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect(outcome.refusal?.code).toBe("UNSUPPORTED_IMAGE");
    expect(outcome.refusal?.message).toContain("is animated");
  });
});
