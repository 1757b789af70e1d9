import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { failure } from "../../test/failure.js";
import {
  doneTask,
  fakeMidjourneyClient,
  midjourneyTask,
  PARENT_ID,
  SMALL_PNG,
  UPSAMPLE_ID,
} from "../../test/fake-vendor-clients.js";
import { JPEG_5X4 } from "../../test/images.js";
import type { ImageCodec } from "../image/image-codec.js";
import { readMidjourneyTaskId } from "../midjourney/midjourney-png-task-id.js";
import { createCancellation } from "../runtime/cancellation.js";
import type { JobEvent } from "./job-events.js";
import type { JobSubject, KeptImage, MidjourneyResultPlan, ResultStore } from "./job-ports.js";
import { runMidjourneyJob, runMidjourneyJobs } from "./run-midjourney-job.js";
import { createTaskLedger, memoryLedgerStorage } from "./task-ledger.js";

/** The units the integration suite cannot stage against the fake APIs: a store that fails, a JPEG from GPTunnel. */

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const subject: JobSubject = { id: "grid.png", name: "grid.png" };

function memoryStore(options: { failKeep?: boolean; decline?: boolean } = {}) {
  const plans: MidjourneyResultPlan[] = [];
  const kept: KeptImage[] = [];
  let released = 0;
  const store: ResultStore<string, MidjourneyResultPlan> = {
    async reserve(plan) {
      plans.push(plan);
      if (options.decline) return undefined;
      return {
        keep: async (image) => {
          if (options.failKeep) throw new Error("disk full");
          kept.push(image);
          return image.fileName;
        },
        release: async () => {
          released++;
        },
      };
    },
  };
  return { store, plans, kept, released: () => released };
}

const upsampleClient = (download = SMALL_PNG) =>
  fakeMidjourneyClient({ upsample: () => midjourneyTask(), result: () => doneTask(), download: () => download });

describe("runMidjourneyJob", () => {
  it("keeps an upsample as a PNG carrying its task id under the app's name, then settles the task", async () => {
    const storage = memoryLedgerStorage();
    const ledger = createTaskLedger(storage);
    const { store, plans, kept, released } = memoryStore();
    const events: JobEvent<string>[] = [];
    const run = runMidjourneyJob(
      { kind: "upsample", parentId: PARENT_ID, index: 2, source: subject, fileName: "grid@u2.png" },
      { client: upsampleClient(), ledger, store, onEvent: (event) => events.push(event) },
    );
    await vi.advanceTimersByTimeAsync(5_000);
    const summary = await run;

    expect(plans).toEqual([{ source: subject, fileName: "grid@u2.png", mimeType: "image/png", target: undefined }]);
    expect(summary.saved).toEqual([{ source: subject, saved: "grid@u2.png", image: kept[0] }]);
    expect(kept[0]).toMatchObject({ fileName: "grid@u2.png", mimeType: "image/png", taskId: UPSAMPLE_ID, notes: [] });
    expect(readMidjourneyTaskId(kept[0]?.bytes ?? new Uint8Array())).toBe(UPSAMPLE_ID);
    expect(released()).toBe(1);
    expect(await storage.load()).toEqual([]);
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual(["queued", "started", "progress", "task-created"]);
    expect(types.at(-1)).toBe("saved");
    expect(types).not.toContain("billing");
  });

  it("leaves the task in the ledger, to resume, when its image cannot be kept", async () => {
    const storage = memoryLedgerStorage();
    const { store } = memoryStore({ failKeep: true });
    const run = runMidjourneyJob(
      { kind: "upsample", parentId: PARENT_ID, index: 1, source: subject },
      { client: upsampleClient(), ledger: createTaskLedger(storage), store, onEvent: () => {} },
    );
    await vi.advanceTimersByTimeAsync(5_000);
    const { failed } = await run;
    expect(failed[0]?.report).toMatchObject({ code: "UNEXPECTED", message: "disk full" });
    expect((await storage.load()).map((entry) => entry.taskId)).toEqual([UPSAMPLE_ID]);
  });

  it("converts an image GPTunnel sent as JPEG to a PNG for its id; without a codec keeps it as it came", async () => {
    const jpeg = { bytes: JPEG_5X4, mimeType: "image/jpeg" as const, width: 5, height: 4 };
    const toPng: ImageCodec = { transform: async () => SMALL_PNG.bytes };
    for (const codec of [toPng, undefined]) {
      const { store, kept } = memoryStore();
      const run = runMidjourneyJob(
        { kind: "upsample", parentId: PARENT_ID, index: 1, source: subject },
        { client: upsampleClient(jpeg), store, codec, onEvent: () => {} },
      );
      await vi.advanceTimersByTimeAsync(5_000);
      await run;
      const [image] = kept;
      if (codec === undefined) {
        expect(image).toMatchObject({ fileName: `midjourney-${UPSAMPLE_ID}.jpg`, mimeType: "image/jpeg" });
        expect(image?.notes).toEqual([
          "Kept as JPEG: nothing here converts it to PNG.",
          "Its task id is not stored inside: only a PNG carries it.",
        ]);
      } else {
        expect(image).toMatchObject({ fileName: `midjourney-${UPSAMPLE_ID}.png`, mimeType: "image/png", notes: [] });
        expect(readMidjourneyTaskId(image?.bytes ?? new Uint8Array())).toBe(UPSAMPLE_ID);
      }
    }
  });

  it("reserves nothing more and sends nothing for a declined place", async () => {
    const client = upsampleClient();
    const { store } = memoryStore({ decline: true });
    const summary = await runMidjourneyJob(
      { kind: "resume", taskId: UPSAMPLE_ID, source: subject },
      { client, store, onEvent: () => {} },
    );
    expect(summary.skipped).toEqual([{ source: subject, reason: "Not saved: its place was declined." }]);
    expect(client.calls).toEqual([]);
  });

  it("a cancel while waiting leaves a resumable task, reported with the cancel", async () => {
    const { signal, cancel } = createCancellation();
    const client = fakeMidjourneyClient({ upsample: () => midjourneyTask(), result: () => midjourneyTask() });
    const events: JobEvent<string>[] = [];
    const { store } = memoryStore();
    const run = runMidjourneyJob(
      { kind: "upsample", parentId: PARENT_ID, index: 1, source: subject },
      { client, store, signal, onEvent: (event) => events.push(event) },
    );
    await vi.advanceTimersByTimeAsync(3_000);
    cancel();
    const summary = await run;
    expect(summary.cancelled).toEqual([subject]);
    expect(events.at(-1)).toMatchObject({
      type: "cancelled",
      started: true,
      report: { code: "ABORTED", next: "resume", taskId: UPSAMPLE_ID },
    });
  });

  it("refuses two jobs into one file before anything is sent", async () => {
    const client = upsampleClient();
    const { store } = memoryStore();
    const target = { kind: "file" as const, path: "/out/x.png" };
    const error = await failure(
      runMidjourneyJobs(
        [
          { kind: "resume", taskId: UPSAMPLE_ID, source: { id: "a", name: "a" }, target },
          { kind: "resume", taskId: PARENT_ID, source: { id: "b", name: "b" }, target },
        ],
        { client, store, onEvent: () => {} },
      ),
    );
    expect(error.message).toBe("a and b would both be written to /out/x.png: process them separately.");
    expect(client.calls).toEqual([]);
  });
});
