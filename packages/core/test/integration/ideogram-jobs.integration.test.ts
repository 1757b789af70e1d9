import { type FakeApis, type Scenario, startFakeApis } from "@upscale/fake-apis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createIdeogramV2Client,
  createIdeogramV2Provider,
  createTaskLedger,
  fetchTransport,
  type IdeogramResumeJob,
  type IdeogramV2Client,
  type ImageCodec,
  type JobEvent,
  type JobSource,
  type KeptImage,
  memoryLedgerStorage,
  type PlannedResult,
  type ResultStore,
  readImageInfo,
  resumeIdeogramJobs,
  runUpscaleJobs,
  type TaskLedger,
} from "../../src/index.js";
import { JPEG_5X4, PNG_3X2 } from "../images.js";
import { decodePng } from "./png-pixels.js";
import { ScaledClock } from "./scaled-clock.js";

/**
 * Ideogram v2 through the job pipeline over real HTTP against the fake: a paid generation is in the ledger with its
 * input and place before it is announced, its cost is part of the kept image, and after a crash the ledger alone is
 * enough to finish it into that place — polled and downloaded, never submitted again.
 */

const QUICK: Scenario = { ideogram: { generationMs: 150 } };

let fake: FakeApis;
let storage: ReturnType<typeof memoryLedgerStorage>;
let ledger: TaskLedger;

beforeAll(async () => {
  fake = await startFakeApis({ scenario: QUICK });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  fake.setScenario(QUICK);
  for (let i = 0; i < 500 && fake.stats.inflight > 0; i++) await new Promise((r) => setTimeout(r, 10));
  fake.stats.reset();
  storage = memoryLedgerStorage();
  ledger = createTaskLedger(storage);
});

function v2Client(): IdeogramV2Client {
  return createIdeogramV2Client({
    apiKey: fake.keys.ideogram,
    baseUrl: fake.ideogramUrl,
    transport: fetchTransport(),
    clock: new ScaledClock(10),
    retry: { baseDelayMs: 50 },
  });
}

/** Places are keys; what the store was asked is logged. */
function memoryStore<Plan extends { fileName: string | undefined }>() {
  const files = new Map<string, KeptImage>();
  const log: string[] = [];
  const store: ResultStore<string, Plan> = {
    async reserve(plan) {
      log.push(`reserve ${plan.fileName}`);
      return {
        keep: async (image) => {
          files.set(image.fileName, image);
          return `memory:${image.fileName}`;
        },
        release: async () => {},
      };
    },
  };
  return { store, files, log };
}

const source = (name: string, bytes: Uint8Array): JobSource => ({ id: `in/${name}`, name, read: async () => bytes });
const submissions = () => fake.stats.count("upscale-v2", "POST");

describe("runUpscaleJobs with the v2 provider", () => {
  it("records each generation with its input and place before announcing it; the kept image carries its cost", async () => {
    const { store, files } = memoryStore<PlannedResult>();
    const provider = createIdeogramV2Provider({
      client: v2Client(),
      request: { model: "topaz-standard-2", factor: 2 },
      ledger,
      clock: new ScaledClock(10),
    });
    const announced: unknown[] = [];
    const events: JobEvent<string>[] = [];
    const summary = await runUpscaleJobs([source("a.png", PNG_3X2)], {
      provider,
      plan: () => ({ fileName: "a@2x.png", mimeType: "image/png", target: { kind: "file", path: "/out/a@2x.png" } }),
      store,
      onEvent: (event) => {
        events.push(event);
        // What the ledger holds the moment the id is announced (storage is written before the event).
        if (event.type === "task-created") announced.push(storage.load());
      },
    });

    expect(summary.failed).toEqual([]);
    const created = events.find((event) => event.type === "task-created");
    expect(created).toMatchObject({ source: { id: "in/a.png" }, taskId: expect.any(String) });
    const taskId = created?.type === "task-created" ? created.taskId : "";
    expect(await announced[0]).toEqual([
      {
        taskId,
        vendor: "ideogram",
        kind: "upscale",
        createdAt: expect.any(Number),
        label: "a.png",
        target: "/out/a@2x.png",
      },
    ]);
    expect(files.get("a@2x.png")).toMatchObject({ width: 6, height: 4, costUsd: 0.01 });
    expect(await ledger.pending()).toEqual([]);
    expect(fake.stats.billed).toEqual([expect.objectContaining({ generationId: taskId, usdMicros: 10_000 })]);
  });
});

describe("resumeIdeogramJobs", () => {
  /** What a process that died after submitting leaves behind: a generation at Ideogram and its ledger entry. */
  async function crashedGeneration(bytes: Uint8Array, label: string, target: string): Promise<string> {
    const { generationId } = await v2Client().submitUpscale(bytes, { model: "topaz-standard-2" });
    await ledger.add({
      taskId: generationId,
      vendor: "ideogram",
      kind: "upscale",
      createdAt: Date.now(),
      label,
      target,
    });
    return generationId;
  }

  it("finishes a generation from the ledger alone into its place, converted to the promised type, billed once", async () => {
    const taskId = await crashedGeneration(JPEG_5X4, "photo.jpg", "/out/photo@2x.jpg");

    // The next process: a new ledger over the same storage, and the entry's own label and target.
    const reopened = createTaskLedger(storage);
    const [entry] = await reopened.pending();
    expect(entry).toMatchObject({ taskId, label: "photo.jpg", target: "/out/photo@2x.jpg" });
    const { store, files, log } = memoryStore<IdeogramResumeJob>();
    // Ideogram answers PNG; a stand-in codec "converts" to JPEG by returning a real JPEG.
    const codec: ImageCodec = { transform: async () => JPEG_5X4 };
    const events: JobEvent<string>[] = [];
    const summary = await resumeIdeogramJobs(
      [
        {
          generationId: taskId,
          source: { id: taskId, name: "photo.jpg" },
          fileName: "photo@2x.jpg",
          mimeType: "image/jpeg",
          target: { kind: "file", path: "/out/photo@2x.jpg" },
        },
      ],
      {
        client: v2Client(),
        store,
        ledger: reopened,
        codec,
        clock: new ScaledClock(10),
        onEvent: (e) => events.push(e),
      },
    );

    expect(summary.failed).toEqual([]);
    expect(log).toEqual(["reserve photo@2x.jpg"]);
    const kept = files.get("photo@2x.jpg");
    expect(kept).toMatchObject({ mimeType: "image/jpeg", taskId, costUsd: 0.01 });
    expect(readImageInfo(kept?.bytes ?? new Uint8Array())?.mimeType).toBe("image/jpeg");
    expect(events.map((e) => e.type)).toContain("saved");
    expect(events.flatMap((e) => (e.type === "progress" ? [e.words] : []))).toContain("downloading the result");
    expect(await reopened.pending()).toEqual([]);
    expect(submissions()).toBe(1);
    expect(fake.stats.billed).toHaveLength(1);
  });

  it("keeps the image as it came when there is no codec; a failed generation is settled and says why", async () => {
    const first = await crashedGeneration(PNG_3X2, "a.png", "/out/a@2x.png");
    fake.setScenario({ ...QUICK, faults: [{ endpoint: "upscale-v2", fault: { kind: "generation-fails" } }] });
    const second = await crashedGeneration(PNG_3X2, "b.png", "/out/b@2x.png");
    const { store, files } = memoryStore<IdeogramResumeJob>();
    const job = (generationId: string, fileName: string): IdeogramResumeJob => ({
      generationId,
      source: { id: generationId, name: fileName },
      fileName,
      mimeType: "image/png",
      target: { kind: "file", path: `/out/${fileName}` },
    });
    const summary = await resumeIdeogramJobs([job(first, "a@2x.png"), job(second, "b@2x.png")], {
      client: v2Client(),
      store,
      ledger,
      clock: new ScaledClock(10),
      onEvent: () => {},
    });
    expect(decodePng(files.get("a@2x.png")?.bytes ?? new Uint8Array()).width).toBe(6);
    expect(summary.failed.map((f) => [f.source.id, f.report.code, f.report.next])).toEqual([
      [second, "TASK_FAILED", "none"],
    ]);
    expect(await ledger.pending()).toEqual([]);
    expect(submissions()).toBe(2);
  });

  it("refuses two jobs with one target before fetching anything", async () => {
    const { store } = memoryStore<IdeogramResumeJob>();
    const job = (generationId: string): IdeogramResumeJob => ({
      generationId,
      source: { id: generationId, name: "a.png" },
      fileName: "a@2x.png",
      mimeType: "image/png",
      target: { kind: "file", path: "/out/a@2x.png" },
    });
    await expect(
      resumeIdeogramJobs([job("AAAAAAAAAAAAAAAAAAAAAA"), job("BBBBBBBBBBBBBBBBBBBBBB")], {
        client: v2Client(),
        store,
        onEvent: () => {},
      }),
    ).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    expect(fake.stats.log).toEqual([]);
  });
});
