import { type FakeApis, GRID_SIZE, startFakeApis } from "@upscale/fake-apis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createIdeogramProvider } from "../../src/ideogram/ideogram-provider.js";
import {
  createCancellation,
  createIdeogramClient,
  createMidjourneyClient,
  createTaskLedger,
  decodeLedgerTarget,
  fetchTransport,
  imageTypeOfName,
  type JobEvent,
  type JobSource,
  type KeptImage,
  type LedgerEntry,
  type MidjourneyClient,
  type MidjourneyResultPlan,
  memoryLedgerStorage,
  type PlannedResult,
  type ResultStore,
  readMidjourneyTaskId,
  runMidjourneyJob,
  runUpscaleJobs,
  type UpscaleProvider,
} from "../../src/index.js";
import { type ImageCodec, readImageInfo } from "../../src/provider-kit.js";
import { JPEG_5X4, PNG_3X2, WEBP_6X5 } from "../images.js";
import { decodePng } from "./png-pixels.js";
import { ScaledClock } from "./scaled-clock.js";

/**
 * The job pipeline as an app runs it, over real HTTP against the fake vendors: what is paid for how often, what
 * is kept (read back with an independent decoder), what the ledger holds at each point, and what a user is told.
 */

let fake: FakeApis;

beforeAll(async () => {
  fake = await startFakeApis({ scenario: { task: { durationMs: 200 } } });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.setScenario({ task: { durationMs: 200 } });
  fake.stats.reset();
});

/** A result store in memory: each place is a key; what happened to it is logged. */
function memoryStore<Plan extends { fileName: string | undefined }>() {
  const files = new Map<string, KeptImage>();
  const log: string[] = [];
  const store: ResultStore<string, Plan> = {
    async reserve(plan) {
      log.push(`reserve ${plan.fileName ?? "(named by its task)"}`);
      return {
        keep: async (image) => {
          log.push(`keep ${image.fileName}`);
          files.set(image.fileName, image);
          return `memory:${image.fileName}`;
        },
        release: async () => {
          log.push("release");
        },
      };
    },
  };
  return { store, files, log };
}

const source = (name: string, bytes: Uint8Array): JobSource => ({ id: `in/${name}`, name, read: async () => bytes });

/** The app's naming: `<stem>@2x.<ext>`, promising the input's own type. */
const beside = (s: JobSource, scale: number) => {
  const mimeType = imageTypeOfName(s.name) ?? "image/png";
  return { fileName: s.name.replace(/\.(\w+)$/, `@${scale}x.$1`), mimeType };
};

function ideogram(): UpscaleProvider {
  const client = createIdeogramClient({
    apiKey: fake.keys.ideogram,
    baseUrl: fake.ideogramUrl,
    transport: fetchTransport(),
    retry: { baseDelayMs: 50 },
  });
  return createIdeogramProvider({ client });
}

describe("runUpscaleJobs with Ideogram", () => {
  it("upscales a batch, converting each result to the type its name promised, one paid call each", async () => {
    const { store, files } = memoryStore<PlannedResult>();
    const events: JobEvent<string>[] = [];
    // Ideogram answers PNG: a stand-in codec re-encodes to the promised type by returning a real image of it.
    const codec: ImageCodec = {
      transform: async (_bytes, { mimeType }) => (mimeType === "image/jpeg" ? JPEG_5X4 : WEBP_6X5),
    };
    const summary = await runUpscaleJobs(
      [source("a.png", PNG_3X2), source("b.jpg", JPEG_5X4), source("c.webp", WEBP_6X5)],
      { provider: ideogram(), plan: beside, store, codec, onEvent: (event) => events.push(event) },
    );

    expect(summary.failed).toEqual([]);
    expect(summary.saved.map((s) => s.saved).sort()).toEqual([
      "memory:a@2x.png",
      "memory:b@2x.jpg",
      "memory:c@2x.webp",
    ]);
    const png = decodePng(files.get("a@2x.png")?.bytes ?? new Uint8Array());
    expect([png.width, png.height]).toEqual([6, 4]);
    expect(readImageInfo(files.get("b@2x.jpg")?.bytes ?? new Uint8Array())?.mimeType).toBe("image/jpeg");
    expect(fake.stats.count("upscale", "POST")).toBe(3);
    const words = events.flatMap((event) => (event.type === "progress" ? [event.words] : []));
    expect(words).toEqual(expect.arrayContaining(["Ideogram is upscaling it", "downloading the result"]));
    expect(events.filter((event) => event.type === "billing")).toHaveLength(6);
  });

  it("keeps a paid result whose conversion failed, under its own extension", async () => {
    const { store, files } = memoryStore<PlannedResult>();
    const failing: ImageCodec = { transform: () => Promise.reject(new Error("no JPEG encoder here")) };
    const summary = await runUpscaleJobs([source("photo.jpg", JPEG_5X4)], {
      provider: ideogram(),
      plan: beside,
      store,
      codec: failing,
      onEvent: () => {},
    });
    expect(summary.saved.map((s) => s.saved)).toEqual(["memory:photo@2x.png"]);
    const kept = files.get("photo@2x.png");
    expect(kept?.notes).toEqual(["Kept as PNG: converting it to JPEG failed (no JPEG encoder here)."]);
    const png = decodePng(kept?.bytes ?? new Uint8Array());
    expect([png.width, png.height]).toEqual([10, 8]);
    expect(fake.stats.count("upscale", "POST")).toBe(1);
  });

  it("a billed call cut by a connection reset: nothing to retry for free, maybe charged, never sent twice", async () => {
    fake.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "reset" } }] });
    const { store, files, log } = memoryStore<PlannedResult>();
    const summary = await runUpscaleJobs([source("a.png", PNG_3X2)], {
      provider: ideogram(),
      plan: beside,
      store,
      onEvent: () => {},
    });
    expect(summary.failed).toEqual([
      {
        source: expect.objectContaining({ id: "in/a.png" }),
        report: expect.objectContaining({ code: "NETWORK", next: "none", charged: "maybe", retryCharges: false }),
      },
    ]);
    expect(fake.stats.count("upscale", "POST")).toBe(1);
    expect(files.size).toBe(0);
    expect(log).toEqual(["reserve a@2x.png", "release"]);
  });

  it("a cancel mid-batch lets the uploads already sent finish and be kept; the rest are not started", async () => {
    fake.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "latency", ms: 400 } }] });
    const { store, files } = memoryStore<PlannedResult>();
    const { signal, cancel } = createCancellation();
    const inputs = ["a", "b", "c", "d"].map((name) => source(`${name}.png`, PNG_3X2));
    const events: JobEvent<string>[] = [];
    const run = runUpscaleJobs(inputs, {
      provider: ideogram(),
      plan: beside,
      store,
      signal,
      concurrency: 2,
      onEvent: (event) => events.push(event),
    });
    while (fake.stats.inflight < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    cancel();
    const summary = await run;

    expect(summary.saved.map((s) => s.source.name).sort()).toEqual(["a.png", "b.png"]);
    expect(summary.cancelled.map((s) => s.name)).toEqual(["c.png", "d.png"]);
    expect([...files.keys()].sort()).toEqual(["a@2x.png", "b@2x.png"]);
    expect(fake.stats.count("upscale", "POST")).toBe(2);
    const cancelled = events.filter((event) => event.type === "cancelled");
    expect(cancelled.every((event) => event.type === "cancelled" && !event.started)).toBe(true);
  });
});

describe("runMidjourneyJob", () => {
  let client: MidjourneyClient;
  let clock: ScaledClock;

  beforeEach(() => {
    clock = new ScaledClock(10);
    client = createMidjourneyClient({
      apiKey: fake.keys.gptunnel,
      baseUrl: fake.gptunnelUrl,
      transport: fetchTransport(),
      clock,
      retry: { baseDelayMs: 50, maxDelayMs: 400 },
    });
  });

  it("imagine: the task is in the ledger before anything else, the PNG carries its id, the entry settles after keep", async () => {
    const saves: { entries: string[]; results: number }[] = [];
    const storage = memoryLedgerStorage();
    const ledger = createTaskLedger({
      load: storage.load,
      save: async (entries) => {
        saves.push({ entries: entries.map((e) => e.taskId), results: fake.stats.count("result") });
        await storage.save(entries);
      },
    });
    const { store, files, log } = memoryStore<MidjourneyResultPlan>();
    const events: string[] = [];
    let pendingAtKeep: LedgerEntry[] = [];
    const keeping: ResultStore<string, MidjourneyResultPlan> = {
      async reserve(plan) {
        const slot = await store.reserve(plan);
        if (slot === undefined || "skip" in slot) return slot;
        return {
          keep: async (image) => {
            pendingAtKeep = await storage.load();
            return slot.keep(image);
          },
          release: slot.release,
        };
      },
    };
    const summary = await runMidjourneyJob(
      {
        kind: "imagine",
        prompt: "a lighthouse",
        source: { id: "a lighthouse", name: "a lighthouse" },
        target: { kind: "folder", path: "/grids" },
      },
      {
        client,
        clock,
        ledger,
        store: keeping,
        onEvent: (event) => {
          events.push(event.type === "task-created" ? `task-created ${saves.length}` : event.type);
        },
      },
    );

    const [saved] = summary.saved;
    const taskId = saved?.image.taskId ?? "";
    expect(taskId).toMatch(/^[0-9a-f]{24}$/);
    // Recorded before the first status request, announced only once recorded, settled last.
    expect(saves).toEqual([
      { entries: [taskId], results: 0 },
      { entries: [], results: expect.any(Number) },
    ]);
    expect(events.slice(0, 6)).toEqual(["queued", "started", "billing", "progress", "billing", "task-created 1"]);
    expect(events.at(-1)).toBe("saved");
    expect(pendingAtKeep).toEqual([
      expect.objectContaining({ taskId, kind: "imagine", label: "a lighthouse", target: "/grids/" }),
    ]);
    expect(log).toEqual(["reserve (named by its task)", `keep midjourney-${taskId}.png`, "release"]);
    const png = files.get(`midjourney-${taskId}.png`)?.bytes ?? new Uint8Array();
    expect(readMidjourneyTaskId(png)).toBe(taskId);
    const pixels = decodePng(png);
    expect([pixels.width, pixels.height]).toEqual([GRID_SIZE, GRID_SIZE]);
    expect(fake.stats.count("imagine")).toBe(1);
  });

  it("resuming a ledger entry never submits again, and keeps the image where the entry says", async () => {
    const storage = memoryLedgerStorage();
    const ledger = createTaskLedger(storage);
    const { signal, cancel } = createCancellation();
    const first = memoryStore<MidjourneyResultPlan>();
    const cancelled = await runMidjourneyJob(
      {
        kind: "imagine",
        prompt: "a fox",
        source: { id: "fox", name: "a fox" },
        target: { kind: "folder", path: "/grids" },
      },
      {
        client,
        clock,
        ledger,
        signal,
        store: first.store,
        onEvent: (event) => {
          if (event.type === "task-created") cancel();
        },
      },
    );
    expect(cancelled.cancelled).toHaveLength(1);
    const [entry] = await ledger.pending();
    if (entry?.target === undefined) throw new Error("The cancelled task is not in the ledger with its target.");

    const plans: MidjourneyResultPlan[] = [];
    const second = memoryStore<MidjourneyResultPlan>();
    const resumed = await runMidjourneyJob(
      {
        kind: "resume",
        taskId: entry.taskId,
        source: { id: entry.taskId, name: entry.label ?? "" },
        target: decodeLedgerTarget(entry.target),
      },
      {
        client,
        clock,
        ledger,
        store: {
          reserve: (plan) => {
            plans.push(plan);
            return second.store.reserve(plan);
          },
        },
        onEvent: () => {},
      },
    );
    expect(resumed.saved).toHaveLength(1);
    expect(plans).toEqual([
      expect.objectContaining({
        fileName: `midjourney-${entry.taskId}.png`,
        target: { kind: "folder", path: "/grids" },
      }),
    ]);
    expect(readMidjourneyTaskId(second.files.get(`midjourney-${entry.taskId}.png`)?.bytes ?? new Uint8Array())).toBe(
      entry.taskId,
    );
    expect(await ledger.pending()).toEqual([]);
    expect(fake.stats.count("imagine")).toBe(1);
    expect(fake.stats.count("variation") + fake.stats.count("upsample")).toBe(0);
  });
});
