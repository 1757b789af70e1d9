import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { FakeClock } from "../../test/fake-clock.js";
import { PNG_3X2 } from "../../test/images.js";
import type { DownloadedImage } from "../http/download-image.js";
import { createTaskLedger, type LedgerStorage, memoryLedgerStorage } from "../jobs/task-ledger.js";
import { NetworkError } from "../outcome/errors.js";
import { canResumeTask } from "../outcome/resumable.js";
import { createCancellation } from "../runtime/cancellation.js";
import { resumeIdeogramGeneration, upscaleWithIdeogram } from "./ideogram-generation.js";
import type { IdeogramGeneration, IdeogramV2Client } from "./ideogram-v2-client.js";

const ID = "gen_0123456789abcdef";
const IMAGE: DownloadedImage = { bytes: PNG_3X2, mimeType: "image/png", width: 3, height: 2 };

const completed = (image: Partial<IdeogramGeneration["images"][number]> = {}): IdeogramGeneration => ({
  generationId: ID,
  status: "completed",
  costUsdMicros: 20_000,
  images: [{ url: "https://cdn.example/x.png", isImageSafe: true, ...image }],
});

/** A v2 client answering from a list of generation states (the last one repeats), counting calls. */
function scriptedClient(states: IdeogramGeneration[], download: () => Promise<DownloadedImage> = async () => IMAGE) {
  const calls = { submit: 0, generation: 0, download: 0 };
  const client: IdeogramV2Client = {
    quoteUpscale: () => Promise.reject(new Error("not scripted")),
    submitUpscale: async () => {
      calls.submit += 1;
      return { generationId: ID };
    },
    generation: async () => {
      calls.generation += 1;
      return states[Math.min(calls.generation, states.length) - 1] as IdeogramGeneration;
    },
    download: () => {
      calls.download += 1;
      return download();
    },
  };
  return { client, calls };
}

describe("upscaleWithIdeogram", () => {
  it("reads an unknown status as still running, and reports each poll as waiting", async () => {
    const clock = new FakeClock();
    const { client, calls } = scriptedClient([{ generationId: ID, status: "queued", images: [] }, completed()]);
    const statuses: (string | undefined)[] = [];
    const result = await clock.run(
      upscaleWithIdeogram(
        client,
        PNG_3X2,
        { model: "topaz-wonder-4" },
        {
          clock,
          onProgress: (p) => statuses.push(p.status),
        },
      ),
    );
    expect(result.meta).toEqual({ generationId: ID, model: "topaz-wonder-4", costUsd: 0.02, costUsdMicros: 20_000 });
    expect(statuses).toEqual([undefined, "pending", "queued", "completed", undefined]);
    expect(calls).toEqual({ submit: 1, generation: 2, download: 1 });
  });

  it("submits nothing once cancelled", async () => {
    const cancellation = createCancellation();
    cancellation.cancel();
    const { client, calls } = scriptedClient([completed()]);
    const error = await failure(upscaleWithIdeogram(client, PNG_3X2, {}, { signal: cancellation.signal }));
    expect(error.code).toBe("ABORTED");
    expect(calls.submit).toBe(0);
  });

  it("goes on when the ledger cannot save, telling the app, and saves again on its next write", async () => {
    const clock = new FakeClock();
    let failSaves = 1;
    const inner = memoryLedgerStorage();
    const storage: LedgerStorage = {
      load: inner.load,
      save: async (entries) => {
        if (failSaves-- > 0) throw new Error("disk full");
        await inner.save(entries);
      },
    };
    const ledgerErrors: unknown[] = [];
    const { client } = scriptedClient([completed()]);
    const ledger = createTaskLedger(storage);
    await clock.run(
      upscaleWithIdeogram(client, PNG_3X2, {}, { clock, ledger, onLedgerError: (e) => ledgerErrors.push(e) }),
    );
    expect(ledgerErrors).toEqual([new Error("disk full")]);
    expect(await inner.load()).toEqual([]);
  });

  it("with settleWhenKept, leaves the generation in the ledger until the caller settles it", async () => {
    const clock = new FakeClock();
    const ledger = createTaskLedger(memoryLedgerStorage());
    const { client } = scriptedClient([completed()]);
    const result = await clock.run(
      upscaleWithIdeogram(
        client,
        PNG_3X2,
        {},
        { clock, ledger, label: "a.png", target: "/out/a@2x.png", settleWhenKept: true },
      ),
    );
    // Downloaded, not kept yet: a crash now must leave it to resume.
    expect(await ledger.pending()).toEqual([
      {
        taskId: ID,
        vendor: "ideogram",
        kind: "upscale",
        createdAt: expect.any(Number),
        label: "a.png",
        target: "/out/a@2x.png",
      },
    ]);
    await result.settle?.();
    expect(await ledger.pending()).toEqual([]);
  });

  it("without settleWhenKept, settles the generation once downloaded and leaves the caller nothing to settle", async () => {
    const clock = new FakeClock();
    const ledger = createTaskLedger(memoryLedgerStorage());
    const { client } = scriptedClient([completed()]);
    const result = await clock.run(upscaleWithIdeogram(client, PNG_3X2, {}, { clock, ledger }));
    expect(await ledger.pending()).toEqual([]);
    expect(result.settle).toBeUndefined();
  });
});

describe("resumeIdeogramGeneration", () => {
  it("reports a completed generation without a link as BAD_RESPONSE to resume later, charged", async () => {
    const clock = new FakeClock();
    const ledger = createTaskLedger(memoryLedgerStorage());
    await ledger.add({ taskId: ID, vendor: "ideogram", kind: "upscale", createdAt: 1 });
    for (const generation of [completed({ url: undefined }), { ...completed(), images: [] }]) {
      const { client, calls } = scriptedClient([generation]);
      const error = await failure(clock.run(resumeIdeogramGeneration(client, ID, { clock, ledger })));
      expect(error).toMatchObject({ code: "BAD_RESPONSE", taskId: ID, charged: "yes" });
      expect(canResumeTask(error)).toBe(true);
      expect(calls.submit).toBe(0);
    }
    expect(await ledger.pending()).toHaveLength(1);
  });

  it("says when a failed generation gave no reason", async () => {
    const clock = new FakeClock();
    const { client } = scriptedClient([{ generationId: ID, status: "failed", images: [] }]);
    const error = await failure(clock.run(resumeIdeogramGeneration(client, ID, { clock })));
    expect(error.message).toBe(
      `Ideogram generation ${ID} failed: no reason given. Upscaling again submits (and pays for) a new generation.`,
    );
    expect(canResumeTask(error)).toBe(false);
  });

  it("leaves a generation to resume when the download is cancelled or the network fails", async () => {
    const clock = new FakeClock();
    const ledger = createTaskLedger(memoryLedgerStorage());
    const cancellation = createCancellation();
    const hanging = scriptedClient([completed()], () => {
      cancellation.cancel();
      return new Promise(() => {});
    });
    const cancelled = await failure(
      clock.run(resumeIdeogramGeneration(hanging.client, ID, { clock, ledger, signal: cancellation.signal })),
    );
    expect(cancelled).toMatchObject({ code: "ABORTED", taskId: ID });

    const offline = scriptedClient([completed()], () =>
      Promise.reject(new NetworkError("Connection reset.", { mayHaveReachedServer: true })),
    );
    const error = await failure(clock.run(resumeIdeogramGeneration(offline.client, ID, { clock, ledger })));
    expect(error).toMatchObject({
      code: "NETWORK",
      taskId: ID,
      charged: "yes",
      resultUrl: "https://cdn.example/x.png",
    });
    expect(error.message).toMatch(/Resume it to download it again while its link lives/);
  });

  it("passes on a failure that is not the core's own untouched", async () => {
    const clock = new FakeClock();
    const bug = new TypeError("bug");
    const { client } = scriptedClient([completed()], () => Promise.reject(bug));
    expect(await failure(clock.run(resumeIdeogramGeneration(client, ID, { clock })))).toBe(bug);
  });
});
