import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createCancellation,
  createIdeogramModelProvider,
  createIdeogramV2Client,
  createTaskLedger,
  decodeLedgerTarget,
  fetchTransport,
  type IdeogramResumePlan,
  type JobSource,
  type KeptImage,
  type LedgerEntry,
  type LedgerStorage,
  memoryLedgerStorage,
  type PlannedResult,
  type ResultStore,
  resumeIdeogramJob,
  runUpscaleJobs,
  upscale,
} from "../../src/index.js";
import { type ImageCodec, readImageInfo } from "../../src/provider-kit.js";
import { JPEG_5X4, PNG_3X2 } from "../images.js";
import { ScaledClock } from "./scaled-clock.js";

/**
 * Ideogram v2 generations through the job pipeline, as the apps run them: each generation is recorded with the
 * input's name and the result's place, so that a later process can finish it where it was headed; what it cost
 * comes back with the kept image; a model that takes no factor runs too.
 */

let fake: FakeApis;
let clock: ScaledClock;

beforeAll(async () => {
  fake = await startFakeApis({ scenario: { ideogram: { generationMs: 150 } } });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  fake.setScenario({ ideogram: { generationMs: 150 } });
  for (let i = 0; i < 500 && fake.stats.inflight > 0; i++) await new Promise((r) => setTimeout(r, 10));
  fake.stats.reset();
  clock = new ScaledClock(10);
});

const clientOptions = () => ({
  apiKey: fake.keys.ideogram,
  baseUrl: fake.ideogramUrl,
  transport: fetchTransport(),
  clock,
  retry: { baseDelayMs: 50, maxDelayMs: 400 },
});

/** Every list the ledger saved, so a test sees what was recorded while the work ran. */
function watchedStorage(): { storage: LedgerStorage; saves: LedgerEntry[][] } {
  const inner = memoryLedgerStorage();
  const saves: LedgerEntry[][] = [];
  return {
    saves,
    storage: {
      load: () => inner.load(),
      save: async (entries) => {
        saves.push(entries.map((entry) => ({ ...entry })));
        await inner.save(entries);
      },
    },
  };
}

function memoryStore<Plan extends { fileName: string }>(decline = false) {
  const files = new Map<string, KeptImage>();
  const plans: Plan[] = [];
  const store: ResultStore<string, Plan> = {
    async reserve(plan) {
      plans.push(plan);
      if (decline) return undefined;
      return {
        keep: async (image) => {
          files.set(image.fileName, image);
          return `memory:${image.fileName}`;
        },
        release: async () => undefined,
      };
    },
  };
  return { store, files, plans };
}

const source = (name: string, bytes: Uint8Array): JobSource => ({ id: `in/${name}`, name, read: async () => bytes });
const submissions = () => fake.stats.count("upscale-v2", "POST");

describe("runUpscaleJobs with an Ideogram v2 model", () => {
  it("records each generation with its input's name and result's place, and keeps what it cost", async () => {
    const { storage, saves } = watchedStorage();
    const ledger = createTaskLedger(storage);
    const provider = createIdeogramModelProvider({
      client: clientOptions(),
      model: "topaz-standard-2",
      request: { factor: 4 },
      ledger,
      clock,
    });
    const { store, files } = memoryStore<PlannedResult>();
    const summary = await runUpscaleJobs([source("a.png", PNG_3X2), source("b.png", PNG_3X2)], {
      provider,
      plan: (s, scale) => ({
        fileName: s.name.replace(".png", `@${scale}x.png`),
        mimeType: "image/png",
        target: { kind: "file", path: `file:///work/${s.name.replace(".png", `@${scale}x.png`)}` },
      }),
      store,
      onEvent: () => {},
    });

    expect(summary.failed).toEqual([]);
    const recorded = saves.flat();
    expect(recorded).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ vendor: "ideogram", label: "a.png", target: "file:///work/a@4x.png" }),
        expect.objectContaining({ vendor: "ideogram", label: "b.png", target: "file:///work/b@4x.png" }),
      ]),
    );
    expect(await ledger.pending()).toEqual([]);
    // 12×8 px is billed at the one-megapixel minimum: $0.01 with Topaz Standard V2.
    const kept = files.get("a@4x.png");
    expect(kept).toMatchObject({ width: 12, height: 8, costUsd: 0.01 });
    expect(recorded.map((entry) => entry.taskId)).toContain(kept?.taskId);
    expect(fake.stats.billed.map((bill) => bill.generationId).sort()).toEqual(
      summary.saved.map((saved) => saved.image.taskId).sort(),
    );
  });

  it("settles a generation only once its result is kept: a failure to keep it leaves it to resume, unpaid", async () => {
    const ledger = createTaskLedger(memoryLedgerStorage());
    const provider = createIdeogramModelProvider({ client: clientOptions(), model: "topaz-standard-2", ledger, clock });
    const plan = (s: JobSource, scale: number) => ({
      fileName: `${s.name}@${scale}x.png`,
      mimeType: "image/png" as const,
      target: { kind: "file" as const, path: `/out/${s.name}@${scale}x.png` },
    });
    // What the ledger held while each result was being kept; the second keep fails (a full disk).
    const pendingWhileKept: string[][] = [];
    const store: ResultStore<string, PlannedResult> = {
      async reserve({ source }) {
        return {
          keep: async (image) => {
            pendingWhileKept.push((await ledger.pending()).map((entry) => entry.taskId));
            if (source.name === "b.png") throw new Error("No space left on the device.");
            return image.taskId ?? "";
          },
          release: async () => undefined,
        };
      },
    };
    const summary = await runUpscaleJobs([source("a.png", PNG_3X2), source("b.png", PNG_3X2)], {
      provider,
      plan,
      store,
      concurrency: 1,
      onEvent: () => {},
    });

    const [kept] = summary.saved;
    expect(pendingWhileKept[0]).toContain(kept?.image.taskId);
    expect(summary.failed).toHaveLength(1);
    const [left] = await ledger.pending();
    expect(await ledger.pending()).toHaveLength(1);
    expect(left).toMatchObject({ vendor: "ideogram", label: "b.png", target: "/out/b.png@2x.png" });
    expect(left?.taskId).not.toBe(kept?.image.taskId);

    // Resumed, it is kept without being submitted (or paid for) again.
    const again = memoryStore<IdeogramResumePlan>();
    const resumed = await resumeIdeogramJob(
      {
        generationId: left?.taskId ?? "",
        source: { id: "b", name: "b.png" },
        target: decodeLedgerTarget(left?.target ?? ""),
        fileName: "b.png@2x.png",
        mimeType: "image/png",
      },
      { client: createIdeogramV2Client(clientOptions()), store: again.store, ledger, clock, onEvent: () => {} },
    );
    expect(resumed.saved).toHaveLength(1);
    expect(await ledger.pending()).toEqual([]);
    expect(submissions()).toBe(2);
  });

  it("settleLater: a store that writes after the run settles each generation itself, once written", async () => {
    const ledger = createTaskLedger(memoryLedgerStorage());
    const provider = createIdeogramModelProvider({ client: clientOptions(), model: "topaz-standard-2", ledger, clock });
    const settles: (() => Promise<void>)[] = [];
    const { store } = memoryStore<PlannedResult>();
    const summary = await runUpscaleJobs([source("a.png", PNG_3X2), source("b.png", PNG_3X2)], {
      provider,
      plan: (s) => ({ fileName: s.name, mimeType: "image/png" }),
      store,
      settleLater: (settle) => settles.push(settle),
      onEvent: () => {},
    });
    expect(summary.saved).toHaveLength(2);
    expect((await ledger.pending()).map((entry) => entry.taskId).sort()).toEqual(
      summary.saved.map((saved) => saved.image.taskId).sort(),
    );
    for (const settle of settles) await settle();
    expect(await ledger.pending()).toEqual([]);
  });

  it("runs a model that takes no factor (Nano Banana Pro): named by the nominal factor, sent none", async () => {
    const provider = createIdeogramModelProvider({
      client: clientOptions(),
      model: "nano-banana-pro",
      request: { resolutionTier: "1K" },
      clock,
    });
    const { store, files } = memoryStore<PlannedResult>();
    const summary = await runUpscaleJobs([source("a.png", PNG_3X2)], {
      provider,
      plan: (_source, scale) => ({ fileName: `a@${scale}x.png`, mimeType: "image/png" }),
      store,
      onEvent: () => {},
    });
    expect(summary.failed).toEqual([]);
    // The fake refuses upscale_factor for this model: the run reached it without one.
    expect(files.get("a@2x.png")).toMatchObject({ width: 1248, height: 832 });
    expect(submissions()).toBe(1);
  });
});

describe("resumeIdeogramJob", () => {
  /** A generation submitted by a process that then died while it ran: what its ledger holds. */
  async function crashedGeneration(target: string): Promise<{ entry: LedgerEntry; storage: LedgerStorage }> {
    const storage = memoryLedgerStorage();
    const ledger = createTaskLedger(storage);
    const crash = createCancellation();
    const provider = createIdeogramModelProvider({ client: clientOptions(), model: "topaz-standard-2", ledger, clock });
    await upscale(
      { bytes: PNG_3X2 },
      {
        provider,
        signal: crash.signal,
        task: { label: "photo.png", target },
        onProgress: ({ stage, taskId }) => {
          if (stage === "waiting" && taskId !== undefined) crash.cancel();
        },
      },
    ).catch(() => undefined);
    const [entry] = await createTaskLedger(storage).pending();
    if (entry === undefined) throw new Error("The generation is not in the ledger.");
    return { entry, storage };
  }

  it("finishes a generation where it was headed, in the promised type, settles it, and never submits", async () => {
    const { entry, storage } = await crashedGeneration("file:///work/photo@2x.jpg");
    expect(entry).toMatchObject({ vendor: "ideogram", kind: "upscale", label: "photo.png" });
    const ledger = createTaskLedger(storage);
    const { store, files, plans } = memoryStore<IdeogramResumePlan>();
    // Ideogram answers PNG; a stand-in codec returns a real JPEG for the promised type.
    const codec: ImageCodec = { transform: async () => JPEG_5X4 };
    const words: string[] = [];
    const summary = await resumeIdeogramJob(
      {
        generationId: entry.taskId,
        source: { id: entry.taskId, name: entry.label ?? "" },
        target: decodeLedgerTarget(entry.target ?? ""),
        // The type its name promises: JPEG.
        fileName: "photo@2x.jpg",
      },
      {
        client: createIdeogramV2Client(clientOptions()),
        store,
        ledger,
        codec,
        clock,
        onEvent: (event) => {
          if (event.type === "progress") words.push(event.words);
        },
      },
    );

    expect(summary.failed).toEqual([]);
    expect(plans).toEqual([
      expect.objectContaining({
        fileName: "photo@2x.jpg",
        mimeType: "image/jpeg",
        target: { kind: "file", path: "file:///work/photo@2x.jpg" },
      }),
    ]);
    const kept = files.get("photo@2x.jpg");
    expect(readImageInfo(kept?.bytes ?? new Uint8Array())?.mimeType).toBe("image/jpeg");
    expect(kept).toMatchObject({ taskId: entry.taskId, costUsd: 0.01 });
    expect(words).toContain("downloading the result");
    expect(await ledger.pending()).toEqual([]);
    expect(submissions()).toBe(1);
    expect(fake.stats.billed).toHaveLength(1);
  });

  it("leaves the generation in the ledger when its place is declined, or the wait is cancelled", async () => {
    const { entry, storage } = await crashedGeneration("file:///work/photo@2x.png");
    const ledger = createTaskLedger(storage);
    const job = {
      generationId: entry.taskId,
      source: { id: entry.taskId, name: "photo.png" },
      fileName: "photo@2x.png",
      mimeType: "image/png" as const,
    };
    const client = createIdeogramV2Client(clientOptions());
    const declined = await resumeIdeogramJob(job, {
      client,
      store: memoryStore(true).store,
      ledger,
      onEvent: () => {},
    });
    expect(declined.skipped).toHaveLength(1);
    expect(fake.stats.count("generation", "GET")).toBe(0);

    const stop = createCancellation();
    stop.cancel();
    const cancelled = await resumeIdeogramJob(job, {
      client,
      store: memoryStore().store,
      ledger,
      signal: stop.signal,
      onEvent: () => {},
    });
    expect(cancelled.cancelled).toHaveLength(1);
    expect((await ledger.pending()).map((pending) => pending.taskId)).toEqual([entry.taskId]);
    expect(submissions()).toBe(1);
  });
});
