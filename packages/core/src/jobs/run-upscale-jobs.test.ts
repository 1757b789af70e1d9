import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { GIF_4X3, JPEG_5X4, PNG_3X2 } from "../../test/images.js";
import { placeholderJpeg, richJpeg } from "../../test/metadata.js";
import { makePng } from "../../test/png.js";
import { readExif } from "../image/exif.js";
import type { ImageCodec } from "../image/image-codec.js";
import { metadataKinds, readImageMetadata } from "../image/metadata-transfer.js";
import { isToolOutput, TOOL_OUTPUT_MARK } from "../image/tool-output-mark.js";
import { ApiError, NetworkError } from "../outcome/errors.js";
import { createCancellation } from "../runtime/cancellation.js";
import type { JobEvent } from "./job-events.js";
import type { JobSource, KeptImage, PlannedResult, ResultStore } from "./job-ports.js";
import type { UpscaleCallOptions, UpscaleProvider } from "./provider.js";
import { runUpscaleJobs } from "./run-upscale-jobs.js";

/** A provider whose calls wait until the test answers them: `calls[i].answer()` / `.fail(error)`. */
function controlledProvider(charges: boolean, maxInFlight = 2) {
  const calls: {
    bytes: Uint8Array;
    options: UpscaleCallOptions;
    answer: (bytes?: Uint8Array) => void;
    fail: (error: unknown) => void;
  }[] = [];
  const provider: UpscaleProvider = {
    id: charges ? "ideogram" : "local",
    capabilities: {
      scales: [2, 3],
      nominalScale: 2,
      maxInFlight,
      inputTypes: ["image/png", "image/jpeg", "image/webp"],
      charges,
    },
    upscale: (source, options) =>
      new Promise((resolve, reject) => {
        options.onProgress?.({ stage: "processing" });
        calls.push({
          bytes: source.bytes,
          options,
          answer: (bytes = PNG_3X2) =>
            resolve({ bytes, mimeType: "image/png", width: 0, height: 0, provider: "x", meta: {} }),
          fail: reject,
        });
      }),
  };
  return { provider, calls };
}

/** An in-memory store that logs what happens to each place. */
function memoryStore(options: { decline?: string[]; failKeep?: boolean } = {}) {
  const log: string[] = [];
  const kept = new Map<string, KeptImage>();
  const store: ResultStore<string> = {
    async reserve(plan: PlannedResult) {
      log.push(`reserve ${plan.fileName}`);
      if (options.decline?.includes(plan.source.id))
        return plan.source.id === "skip.png" ? { skip: "Would not grow." } : undefined;
      return {
        keep: async (image) => {
          if (options.failKeep) throw new Error("disk full");
          log.push(`keep ${image.fileName}`);
          kept.set(image.fileName, image);
          return `saved/${image.fileName}`;
        },
        release: async () => {
          log.push(`release ${plan.fileName}`);
        },
      };
    },
  };
  return { store, log, kept };
}

const source = (id: string, bytes: Uint8Array | Error = PNG_3X2): JobSource => ({
  id,
  name: id,
  read: async () => {
    if (bytes instanceof Error) throw bytes;
    return bytes;
  },
});

const plan = (s: JobSource, scale: number) => ({
  fileName: s.name.replace(".", `@${scale}x.`),
  mimeType: "image/png" as const,
});

/** A phone's Motion Photo: Orientation 6, GPS, serial number, names, XMP, IPTC, and its video after the image. */
const PHONE_PHOTO = richJpeg(JPEG_5X4, new Uint8Array(Buffer.from("\0\0\0\x18ftypmp42 …video…")));

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("runUpscaleJobs", () => {
  it("reads, checks, reserves, upscales and keeps each input, telling each step", async () => {
    const { provider, calls } = controlledProvider(false);
    const { store, log, kept } = memoryStore();
    const events: JobEvent<string>[] = [];
    const a = source("a.png");
    const run = runUpscaleJobs([a], { provider, plan, store, onEvent: (event) => events.push(event) });
    await settle();
    expect(log).toEqual(["reserve a@2x.png"]);
    calls[0]?.answer();
    const summary = await run;

    expect(events.map((event) => event.type)).toEqual(["queued", "started", "progress", "progress", "saved"]);
    expect(events[2]).toEqual({
      type: "progress",
      source: a,
      stage: "processing",
      words: "this computer is upscaling it",
    });
    expect(events.every((event) => event.source === a)).toBe(true);
    expect(log).toEqual(["reserve a@2x.png", "keep a@2x.png", "release a@2x.png"]);
    expect(kept.get("a@2x.png")).toMatchObject({ mimeType: "image/png", width: 3, height: 2, notes: [] });
    // Marked as this toolkit's, so a later run over the folder knows it by its content.
    expect(isToolOutput(kept.get("a@2x.png")?.bytes ?? PNG_3X2)).toBe(true);
    expect(calls[0]?.options.scale).toBe(2);
    expect(summary).toEqual({
      saved: [{ source: a, saved: "saved/a@2x.png", image: kept.get("a@2x.png") }],
      failed: [],
      skipped: [],
      cancelled: [],
    });
  });

  it("refuses two inputs claiming one output, and a scale the provider lacks, before touching anything", async () => {
    const { provider, calls } = controlledProvider(true);
    const { store, log } = memoryStore();
    const events: JobEvent<string>[] = [];
    const shared = () => ({
      fileName: "a@2x.png",
      mimeType: "image/png" as const,
      target: { kind: "file" as const, path: "out/a@2x.png" },
    });
    const error = await failure(
      runUpscaleJobs([source("a.png"), source("x/a.png")], {
        provider,
        plan: shared,
        store,
        onEvent: (e) => events.push(e),
      }),
    );
    expect(error.message).toBe("a.png and x/a.png would both be written to out/a@2x.png: process them separately.");
    const badScale = await failure(
      runUpscaleJobs([source("a.png")], { provider, plan, store, scale: 4, onEvent: () => {} }),
    );
    expect(badScale).toMatchObject({ code: "INVALID_REQUEST" });
    expect([events, log, calls]).toEqual([[], [], []]);
  });

  it("fails an input that cannot be read or upscaled without reserving a place for it", async () => {
    const { provider } = controlledProvider(true);
    const { store, log } = memoryStore();
    const events: JobEvent<string>[] = [];
    const summary = await runUpscaleJobs([source("gone.png", new Error("ENOENT")), source("anim.gif", GIF_4X3)], {
      provider,
      plan,
      store,
      onEvent: (e) => events.push(e),
    });
    expect(log).toEqual([]);
    expect(summary.failed.map((f) => [f.source.id, f.report.code, f.report.next])).toEqual([
      ["gone.png", "UNEXPECTED", "retry"],
      ["anim.gif", "UNSUPPORTED_IMAGE", "none"],
    ]);
    const failed = events.find((e) => e.type === "failed");
    expect(failed?.type === "failed" && (failed.error as Error).message).toBe("ENOENT");
  });

  it("reports an input whose place was declined as skipped, with the store's reason", async () => {
    const { provider } = controlledProvider(false);
    const { store } = memoryStore({ decline: ["no.png", "skip.png"] });
    const summary = await runUpscaleJobs([source("no.png"), source("skip.png")], {
      provider,
      plan,
      store,
      onEvent: () => {},
    });
    expect(summary.skipped.map((s) => s.reason)).toEqual(["Not saved: its place was declined.", "Would not grow."]);
  });

  it("keeps a result whose conversion failed under its own extension, with a note", async () => {
    const { provider, calls } = controlledProvider(true);
    const { store, kept } = memoryStore();
    const failing: ImageCodec = { transform: () => Promise.reject(new Error("no encoder")) };
    const run = runUpscaleJobs([source("photo.jpg", JPEG_5X4)], {
      provider,
      plan: () => ({ fileName: "photo@2x.jpg", mimeType: "image/jpeg" }),
      store,
      codec: failing,
      onEvent: () => {},
    });
    await settle();
    calls[0]?.answer();
    const summary = await run;
    expect(summary.saved[0]?.saved).toBe("saved/photo@2x.png");
    expect(kept.get("photo@2x.png")?.notes).toEqual(["Kept as PNG: converting it to JPEG failed (no encoder)."]);
  });

  it("sends a vendor no personal metadata; converts its result, then gives it what came in with the input", async () => {
    const { provider, calls } = controlledProvider(true);
    const { store, kept } = memoryStore();
    const targets: Parameters<ImageCodec["transform"]>[1][] = [];
    const codec: ImageCodec = {
      transform: async (_bytes, target) => {
        targets.push(target);
        return placeholderJpeg(10, 8);
      },
    };
    const run = runUpscaleJobs([source("photo.jpg", PHONE_PHOTO)], {
      provider,
      plan: () => ({ fileName: "photo@2x.jpg", mimeType: "image/jpeg" }),
      store,
      codec,
      onEvent: () => {},
    });
    await settle();
    expect(metadataKinds(readImageMetadata(calls[0]?.bytes as Uint8Array))).toEqual([]);
    calls[0]?.answer(makePng({ width: 10, height: 8 }));
    await run;
    // Converted like the input (its quality, its chroma), and only then given the input's metadata back.
    expect(targets).toEqual([{ mimeType: "image/jpeg", encodeLike: PHONE_PHOTO }]);
    const image = kept.get("photo@2x.jpg") as KeptImage;
    const metadata = readImageMetadata(image.bytes);
    expect(metadataKinds(metadata)).toContain("gps");
    expect(readExif(metadata.exif as Uint8Array)).toMatchObject({ orientation: 6, gps: true });
    expect(image.notes).toEqual([
      expect.stringMatching(/^Not sent to Ideogram: EXIF .* and data stored after the image/),
      expect.stringContaining("sent as stored"),
      "The input is a Motion Photo; the result keeps the photo, not its video.",
    ]);
  });

  it("sends the metadata when the user opts in, and strips results on request, for every provider", async () => {
    const { provider, calls } = controlledProvider(true);
    const { store, kept } = memoryStore();
    const run = runUpscaleJobs([source("photo.jpg", PHONE_PHOTO)], {
      provider,
      plan,
      store,
      sendMetadata: true,
      metadata: "strip",
      onEvent: () => {},
    });
    await settle();
    expect(metadataKinds(readImageMetadata(calls[0]?.bytes as Uint8Array))).toContain("serial-number");
    // A provider that keeps metadata itself is told too.
    expect(calls[0]?.options.metadata).toBe("strip");
    calls[0]?.answer();
    await run;
    const image = kept.get("photo@2x.jpg") as KeptImage;
    // The orientation alone, and this toolkit's own mark (PNG text), none of the input's.
    const { pngText } = readImageMetadata(image.bytes);
    expect(metadataKinds(readImageMetadata(image.bytes))).toEqual(["exif", "png-text"]);
    expect(pngText.map((chunk) => String.fromCharCode(...chunk))).toEqual([
      expect.stringContaining(`tEXtSoftware\0${TOOL_OUTPUT_MARK}`),
    ]);
    expect(image.notes).toContainEqual(expect.stringMatching(/^Left out of the result, as asked/));
  });

  it("runs within the provider's limit and asks the store one place at a time", async () => {
    const { provider, calls } = controlledProvider(false, 2);
    let reserving = 0;
    let mostReserving = 0;
    const store: ResultStore<string> = {
      async reserve() {
        reserving++;
        mostReserving = Math.max(mostReserving, reserving);
        await settle();
        reserving--;
        return { keep: async (image) => image.fileName, release: async () => {} };
      },
    };
    const run = runUpscaleJobs(
      ["a.png", "b.png", "c.png"].map((id) => source(id)),
      { provider, plan, store, onEvent: () => {} },
    );
    for (let i = 0; i < 5; i++) await settle();
    expect(calls).toHaveLength(2);
    calls[0]?.answer();
    for (let i = 0; i < 5; i++) await settle();
    expect(calls).toHaveLength(3);
    calls[1]?.answer();
    calls[2]?.answer();
    expect((await run).saved).toHaveLength(3);
    expect(mostReserving).toBe(1);
  });

  it("on cancel: a billed call already sent finishes and is kept; inputs not started are not started", async () => {
    const { provider, calls } = controlledProvider(true, 1);
    const { store, log } = memoryStore();
    const { signal, cancel } = createCancellation();
    const events: JobEvent<string>[] = [];
    const run = runUpscaleJobs([source("a.png"), source("b.png")], {
      provider,
      plan,
      store,
      signal,
      onEvent: (e) => events.push(e),
    });
    await settle();
    cancel();
    expect(calls[0]?.options.signal?.aborted).toBe(false);
    calls[0]?.answer();
    const summary = await run;
    expect(summary.saved.map((s) => s.source.id)).toEqual(["a.png"]);
    expect(summary.cancelled.map((s) => s.id)).toEqual(["b.png"]);
    expect(log).toEqual(["reserve a@2x.png", "keep a@2x.png", "release a@2x.png"]);
    const billing = events.filter((e) => e.type === "billing").map((e) => e.type === "billing" && e.inFlight);
    expect(billing).toEqual([true, false]);
    expect(events.find((e) => e.type === "cancelled")).toMatchObject({
      source: { id: "b.png" },
      started: false,
      report: { code: "ABORTED", message: "Not started: cancelled before its turn.", next: "none" },
    });
  });

  it("on cancel while its place is being reserved: the billed call is never sent", async () => {
    const { provider, calls } = controlledProvider(true, 1);
    const { signal, cancel } = createCancellation();
    const events: JobEvent<string>[] = [];
    let released = false;
    const store: ResultStore<string> = {
      async reserve() {
        cancel();
        return {
          keep: async () => "never",
          release: async () => {
            released = true;
          },
        };
      },
    };
    const summary = await runUpscaleJobs([source("a.png")], {
      provider,
      plan,
      store,
      signal,
      onEvent: (e) => events.push(e),
    });
    expect(calls).toEqual([]);
    expect(released).toBe(true);
    expect(summary.cancelled.map((s) => s.id)).toEqual(["a.png"]);
    expect(events.map((e) => e.type)).toEqual(["queued", "started", "cancelled"]);
  });

  it("on cancel: a free result arriving afterwards is not written", async () => {
    const { provider, calls } = controlledProvider(false, 1);
    const { store, log } = memoryStore();
    const { signal, cancel } = createCancellation();
    const run = runUpscaleJobs([source("a.png")], { provider, plan, store, signal, onEvent: () => {} });
    await settle();
    cancel();
    expect(calls[0]?.options.signal?.aborted).toBe(true);
    calls[0]?.answer();
    const summary = await run;
    expect(summary.cancelled.map((s) => s.id)).toEqual(["a.png"]);
    expect(log).toEqual(["reserve a@2x.png", "release a@2x.png"]);
  });

  it("says a failed billed call may not be retried for free, and a failed free one may", async () => {
    const reports = [];
    for (const charges of [true, false]) {
      const { provider, calls } = controlledProvider(charges);
      const { store, log } = memoryStore();
      const run = runUpscaleJobs([source("a.png"), source("b.png")], { provider, plan, store, onEvent: () => {} });
      await settle();
      calls[0]?.fail(new NetworkError("reset", { mayHaveReachedServer: true, charged: "maybe" }));
      calls[1]?.fail(new ApiError("SERVER_ERROR", "503", { status: 503 }));
      const summary = await run;
      reports.push(summary.failed.map((f) => f.report));
      expect(log.filter((line) => line.startsWith("release"))).toHaveLength(2);
    }
    expect(reports[0]).toMatchObject([
      { code: "NETWORK", next: "none", charged: "maybe" },
      { code: "SERVER_ERROR", next: "retry", retryCharges: true },
    ]);
    expect(reports[1]).toMatchObject([{ next: "none" }, { next: "retry", retryCharges: false }]);
  });

  it("a result that cannot be kept fails its input; after a billed call, no free retry is offered", async () => {
    const { provider, calls } = controlledProvider(true);
    const { store } = memoryStore({ failKeep: true });
    const run = runUpscaleJobs([source("a.png")], {
      provider,
      plan,
      store,
      redact: (t) => t.replace("disk", "***"),
      onEvent: () => {},
    });
    await settle();
    calls[0]?.answer();
    expect((await run).failed[0]?.report).toEqual({
      code: "UNEXPECTED",
      message: "*** full",
      next: "none",
      retryCharges: false,
    });
  });

  it("tells the provider what to record with a paid task, and keeps the task id and cost its meta gives", async () => {
    const seen: UpscaleCallOptions[] = [];
    const provider: UpscaleProvider<{ generationId: string; costUsd: number }> = {
      id: "ideogram",
      // Takes no factor (its size is set another way): named by the nominal one, sent none.
      capabilities: { scales: [], nominalScale: 2, maxInFlight: 1, inputTypes: ["image/png"], charges: true },
      upscale: async (_source, options) => {
        seen.push(options);
        return {
          bytes: PNG_3X2,
          mimeType: "image/png",
          width: 3,
          height: 2,
          provider: "ideogram",
          meta: { generationId: "gen_0123456789", costUsd: 0.04 },
        };
      },
    };
    const { store, kept } = memoryStore();
    const summary = await runUpscaleJobs([source("a.png"), source("b.png")], {
      provider,
      plan: (s, scale) => ({
        ...plan(s, scale),
        target: s.id === "a.png" ? { kind: "file", path: "/out/a@2x.png" } : undefined,
      }),
      store,
      concurrency: 1,
      onEvent: () => {},
    });
    expect(summary.saved).toHaveLength(2);
    expect(seen.map((options) => [options.scale, options.task])).toEqual([
      [undefined, { label: "a.png", target: "/out/a@2x.png", settleWhenKept: true }],
      [undefined, { label: "b.png", settleWhenKept: true }],
    ]);
    expect(kept.get("a@2x.png")).toMatchObject({ taskId: "gen_0123456789", costUsd: 0.04 });
  });

  it("announces a paid task once, when the provider reports its id (already in its ledger), before its progress", async () => {
    const { provider, calls } = controlledProvider(true);
    const { store } = memoryStore();
    const events: JobEvent<string>[] = [];
    const run = runUpscaleJobs([source("a.png")], { provider, plan, store, onEvent: (e) => events.push(e) });
    await settle();
    calls[0]?.options.onProgress?.({ stage: "waiting", status: "pending", taskId: "gen_0123456789" });
    calls[0]?.options.onProgress?.({ stage: "waiting", status: "pending", taskId: "gen_0123456789" });
    calls[0]?.answer();
    await run;
    expect(events.filter((e) => e.type === "task-created")).toEqual([
      { type: "task-created", source: events[0]?.source, taskId: "gen_0123456789" },
    ]);
    expect(events.map((e) => (e.type === "progress" ? e.stage : e.type))).toEqual([
      "queued",
      "started",
      "billing",
      "processing",
      "task-created",
      "waiting",
      "waiting",
      "done",
      "billing",
      "saved",
    ]);
  });
});
