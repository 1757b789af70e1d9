import { type FakeApis, type Scenario, startFakeApis } from "@upscale/fake-apis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resumeIdeogramGeneration } from "../../src/ideogram/ideogram-generation.js";
import { quoteUpscale } from "../../src/ideogram/ideogram-quote.js";
import { createIdeogramV2Provider } from "../../src/ideogram/ideogram-v2-provider.js";
import {
  createCancellation,
  createIdeogramModelProvider,
  createIdeogramV2Client,
  createMidjourneyClient,
  createTaskLedger,
  failureReport,
  fetchTransport,
  type IdeogramV2Client,
  type IdeogramV2UpscaleRequest,
  type LedgerEntry,
  memoryLedgerStorage,
  quoteBatch,
  runBatch,
  type TaskLedger,
  upscale,
} from "../../src/index.js";
import { canResumeTask } from "../../src/outcome/resumable.js";
import type { UpscaleProgress } from "../../src/provider-kit.js";
import { failure as rejection } from "../failure.js";
import { GIF_4X3, JPEG_5X4, PNG_3X2 } from "../images.js";
import { richJpeg } from "../metadata.js";
import { solidPng } from "../solid-png.js";
import { expectNoKeyIn } from "./error-checks.js";
import { decodePng } from "./png-pixels.js";
import { ScaledClock } from "./scaled-clock.js";

/**
 * Ideogram's v2 upscale end to end over real HTTP against the fake: price quotes that bill nothing, each model's
 * rules checked before sending, async generations recorded in the ledger, polled, downloaded and settled — and
 * resumed after a crash without paying twice — plus the failures that cost money: failed, withheld, 429, 402.
 */

const SPEED_UP = 10;
const QUICK: Scenario = { ideogram: { generationMs: 150 } };

let fake: FakeApis;
let clock: ScaledClock;
let storage: ReturnType<typeof memoryLedgerStorage>;
let ledger: TaskLedger;
/** Every error the tests provoke: none may show a key (checked after each test). */
const errors: unknown[] = [];

beforeAll(async () => {
  fake = await startFakeApis({ scenario: QUICK });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  fake.setScenario(QUICK);
  // Generations an earlier test left pending hold places in progress until they finish.
  for (let i = 0; i < 500 && fake.stats.inflight > 0; i++) await new Promise((r) => setTimeout(r, 10));
  fake.stats.reset();
  clock = new ScaledClock(SPEED_UP);
  storage = memoryLedgerStorage();
  ledger = createTaskLedger(storage);
});
afterEach(() => {
  for (const error of errors.splice(0)) expectNoKeyIn(error, [fake.keys.ideogram, fake.keys.gptunnel]);
  expect(fake.stats.keyLeaks).toBe(0);
});

function v2Client(style: "official" | "relay" = "official"): IdeogramV2Client {
  return createIdeogramV2Client({
    apiKey: fake.keys.ideogram,
    style,
    baseUrl: style === "official" ? fake.ideogramUrl : fake.ideogramRelayUrl,
    transport: fetchTransport(),
    clock,
    retry: { baseDelayMs: 50, maxDelayMs: 400 },
  });
}

async function failure(promise: Promise<unknown>) {
  const error = await rejection(promise);
  errors.push(error);
  return error;
}

const submissions = () => fake.stats.count("upscale-v2", "POST");
const apiRequests = () => fake.stats.log.filter((entry) => entry.server === "api");

describe("price quotes: free, never billed, never recorded", () => {
  it("quotes one input exactly per output megapixel", async () => {
    const quote = await quoteUpscale(v2Client(), solidPng(600, 400), { model: "topaz-standard-2", factor: 4 });
    expect(quote).toEqual({
      usdMicros: 38_400,
      upperBoundUsdMicros: 38_400,
      qualifier: "exact",
      billingIdentifier: "upscale.topaz-standard-2.output_megapixel",
      quantity: 3.84,
      creditMillis: 3840,
    });
    expect(fake.stats.count("quote", "POST")).toBe(1);
    expect(submissions()).toBe(0);
    expect(fake.stats.billed).toEqual([]);
    expect(await storage.load()).toEqual([]);
  });

  it("sums a batch, and the upper bounds when the quotes are estimates", async () => {
    const images = [solidPng(600, 400), solidPng(1000, 1000), PNG_3X2];
    const exact = await quoteBatch(v2Client(), images, { model: "topaz-standard-2", factor: 4 });
    // 3.84 MP, 16 MP, and the one-megapixel minimum, at $0.01 per MP.
    expect(exact).toMatchObject({ usdMicros: 208_400, upperBoundUsdMicros: 208_400, qualifier: "exact", failed: 0 });
    expect(exact.quotes.map((q) => q.status === "fulfilled" && q.value.usdMicros)).toEqual([38_400, 160_000, 10_000]);

    const auto = await quoteBatch(v2Client("relay"), images, { factor: 4 });
    expect(auto).toMatchObject({ usdMicros: 208_400, upperBoundUsdMicros: 625_200, qualifier: "estimate" });
    expect(fake.stats.count("quote", "POST")).toBe(6);
    expect(submissions()).toBe(0);
    expect(fake.stats.billed).toEqual([]);
  });

  it("leaves out of the sums an input refused before sending, and says how many", async () => {
    const batch = await quoteBatch(v2Client(), [PNG_3X2, GIF_4X3], { model: "topaz-text-refine" });
    expect(batch).toMatchObject({ usdMicros: 12_000, failed: 1, unpriced: [] });
    const [, refused] = batch.quotes;
    expect(refused).toMatchObject({ status: "rejected", reason: { code: "UNSUPPORTED_IMAGE" } });
    expect(fake.stats.count("quote", "POST")).toBe(1);
  });

  it("sends a quote only the picture: no EXIF, GPS, names, XMP, IPTC, comment or data after the image", async () => {
    const photo = richJpeg(JPEG_5X4, new Uint8Array(Buffer.from("\0\0\0\x18ftypmp42 …video…")));
    await quoteBatch(v2Client(), [photo], { model: "topaz-standard-2" });
    const [sent] = fake.stats.uploads;
    expect(sent?.endpoint).toBe("quote");
    const text = Buffer.from(sent?.bytes ?? []).toString("latin1");
    for (const personal of ["Exif\0\0", "http://ns.adobe.com/xap", "Photoshop 3.0", "made by a test", "ftypmp42"]) {
      expect(text).not.toContain(personal);
    }
    expect(text).toContain("ICC_PROFILE");
  });

  it("says why the price is unknown when a quote fails for another reason than its input", async () => {
    fake.setScenario({
      ...QUICK,
      faults: [{ endpoint: "quote", on: { requests: [2] }, fault: { kind: "status", status: 401 } }],
    });
    const batch = await quoteBatch(v2Client(), [PNG_3X2, solidPng(600, 400), GIF_4X3], { model: "topaz-text-refine" });
    expect(batch).toMatchObject({ failed: 2 });
    expect(batch.unpriced).toEqual([expect.objectContaining({ code: "AUTH" })]);
    errors.push(...batch.unpriced);
  });

  it("estimates Nano Banana Pro at its tier, with an upper bound", async () => {
    const quote = await quoteUpscale(v2Client(), PNG_3X2, { model: "nano-banana-pro", resolutionTier: "2K" });
    expect(quote.qualifier).toBe("estimate");
    expect(quote.upperBoundUsdMicros).toBeGreaterThanOrEqual(quote.usdMicros);
    expect(quote.usdMicros).toBeGreaterThan(4 * 40_000);
  });
});

describe("each model's fields and limits are checked before anything is sent", () => {
  it.each<[string, IdeogramV2UpscaleRequest | Record<string, unknown>, RegExp]>([
    ["×8 with Topaz Wonder 4", { model: "topaz-wonder-4", factor: 8 }, /Topaz Wonder 4 upscales ×2 or ×4 only, not ×8/],
    ["×3", { factor: 3 }, /Auto upscales ×2 or ×4 or ×8 only, not ×3/],
    ["a prompt for Standard V2", { model: "topaz-standard-2", prompt: "x" }, /prompt is for Topaz Bloom 2 and Topaz/],
    [
      "a strength for Bloom 2",
      { model: "topaz-bloom-2", enhancementStrength: "low" },
      /enhancementStrength is for Topaz Wonder 3.5 only, not Topaz Bloom 2/,
    ],
    ["a bad strength", { model: "topaz-wonder-3-5", enhancementStrength: "max" }, /low, medium, high, got "max"/],
    ["a bad tier", { model: "nano-banana-pro", resolutionTier: "8K" }, /1K, 2K, 4K, got "8K"/],
    ["a factor for Nano Banana Pro", { model: "nano-banana-pro", factor: 2 }, /Nano Banana Pro takes no factor/],
    ["an unknown model", { model: "topaz-ultra" }, /model must be one of auto, topaz-standard-2/],
    ["an unknown parameter", { resemblance: 50 }, /unknown parameter "resemblance"/],
    ["seed -1", { seed: -1 }, /seed must be a whole number from 0 to 2147483647, got -1/],
  ])("refuses %s", async (_, request, message) => {
    const client = v2Client();
    for (const call of [
      () => client.submitUpscale(PNG_3X2, request as IdeogramV2UpscaleRequest),
      () => client.quoteUpscale(PNG_3X2, request as IdeogramV2UpscaleRequest),
    ]) {
      const error = await failure(call());
      expect(error).toMatchObject({ code: "INVALID_REQUEST", charged: undefined });
      expect(error.message).toMatch(message);
      expect(failureReport(error, { billed: true }).next).toBe("fix-settings");
    }
    expect(fake.stats.log).toEqual([]);
  });

  it("refuses an output over 8192 px a side before paying, naming the factor that fits", async () => {
    const error = await failure(
      v2Client().submitUpscale(solidPng(1500, 1000), { model: "topaz-standard-2", factor: 8 }),
    );
    expect(error).toMatchObject({ code: "INVALID_REQUEST" });
    expect(error.message).toBe(
      "Topaz Standard V2 ×8 would make this 1500×1000 image 12000×8000, over the 8192 px a side Ideogram allows: " +
        "choose ×4 (6000×4000) instead. Nothing was sent.",
    );
    const tooWide = await failure(v2Client().quoteUpscale(solidPng(5000, 10), { factor: 2 }));
    expect(tooWide).toMatchObject({ code: "IMAGE_TOO_LARGE" });
    expect(tooWide.message).toMatch(/no factor fits: scale the image down to at most 4096 px a side, or choose Topaz/);
    expect(tooWide.message).toMatch(/Topaz Wonder 4 or Nano Banana Pro, which have no such cap/);
    expect(fake.stats.log).toEqual([]);
  });

  it("lets Topaz Wonder 4, which has no cap, make an output wider than 8192 px", async () => {
    const provider = createIdeogramV2Provider({
      client: v2Client(),
      request: { model: "topaz-wonder-4", factor: 4 },
      clock,
    });
    const result = await upscale({ bytes: solidPng(2100, 4) }, { provider });
    expect([result.width, result.height]).toEqual([8400, 16]);
  });

  it("refuses an image over 50 MB and one that is not PNG, JPEG or WebP", async () => {
    const big = new Uint8Array(50 * 1024 * 1024 + 1);
    big.set(PNG_3X2);
    expect(await failure(v2Client().submitUpscale(big))).toMatchObject({ code: "IMAGE_TOO_LARGE" });
    expect(await failure(v2Client().submitUpscale(GIF_4X3))).toMatchObject({ code: "UNSUPPORTED_IMAGE" });
    expect(fake.stats.log).toEqual([]);
  });
});

describe("paid work: async, recorded, polled, downloaded, settled", () => {
  it.each(["official", "relay"] as const)(
    "%s: a generation in the ledger while it runs, gone once kept",
    async (style) => {
      const stages: UpscaleProgress[] = [];
      let pendingWhileDownloading: LedgerEntry[] = [];
      const provider = createIdeogramV2Provider({
        client: v2Client(style),
        request: { model: "topaz-standard-2", factor: 4 },
        ledger,
        clock,
      });
      const result = await upscale(
        { bytes: PNG_3X2 },
        {
          provider,
          onProgress: (progress) => {
            stages.push(progress);
            if (progress.stage === "downloading") {
              ledger.pending().then((entries) => {
                pendingWhileDownloading = entries;
              });
            }
          },
        },
      );
      const { generationId } = result.meta;
      expect(result).toMatchObject({ provider: "ideogram", mimeType: "image/png", width: 12, height: 8 });
      expect(result.meta).toEqual({
        generationId,
        model: "topaz-standard-2",
        costUsd: 0.01,
        costUsdMicros: 10_000,
        seed: expect.any(Number),
        prompt: "",
        resolution: "3x2",
        width: 12,
        height: 8,
      });
      const png = decodePng(result.bytes);
      expect([png.width, png.height]).toEqual([12, 8]);
      expect(decodePng(PNG_3X2).pixel(1, 1).slice(0, 3)).toEqual(png.pixel(5, 5).slice(0, 3));

      expect(stages[0]).toEqual({ stage: "submitting" });
      expect(stages[1]).toEqual({ stage: "waiting", status: "pending", taskId: generationId });
      expect(stages.filter((s) => s.stage === "waiting").at(-1)).toMatchObject({ status: "completed" });
      expect(stages.at(-1)).toMatchObject({ stage: "done" });
      expect(pendingWhileDownloading).toEqual([
        { taskId: generationId, vendor: "ideogram", kind: "upscale", createdAt: expect.any(Number) },
      ]);
      expect(await ledger.pending()).toEqual([]);
      expect(submissions()).toBe(1);
      expect(fake.stats.count("generation", "GET")).toBeGreaterThanOrEqual(1);
      expect(fake.stats.billed).toEqual([
        { generationId, model: "topaz-standard-2", usdMicros: 10_000, withheld: false },
      ]);
    },
  );

  it("uses each model's own fields: a call's scale picks the factor", async () => {
    const bloom = createIdeogramV2Provider({
      client: v2Client(),
      request: { model: "topaz-bloom-2", prompt: "keep it crisp", seed: 7 },
      clock,
    });
    expect(bloom.capabilities).toMatchObject({ scales: [2, 4, 8], nominalScale: 2, maxInFlight: 10, charges: true });
    const result = await upscale({ bytes: PNG_3X2 }, { provider: bloom, scale: 8 });
    expect([result.width, result.height]).toEqual([24, 16]);
    expect(result.meta).toMatchObject({ prompt: "keep it crisp", seed: 7, costUsdMicros: 25_000 });
    const wonder = createIdeogramV2Provider({ client: v2Client(), request: { model: "topaz-wonder-4" } });
    expect(await failure(upscale({ bytes: PNG_3X2 }, { provider: wonder, scale: 8 }))).toMatchObject({
      code: "INVALID_REQUEST",
    });
    expect(submissions()).toBe(1);
  });

  it("Nano Banana Pro regenerates at its tier and the aspect ratio it picks", async () => {
    const provider = createIdeogramV2Provider({
      client: v2Client(),
      request: { model: "nano-banana-pro", resolutionTier: "1K" },
      clock,
    });
    expect(provider.capabilities.scales).toEqual([]);
    const result = await upscale({ bytes: PNG_3X2 }, { provider });
    // 3:2 at about 1024² pixels.
    expect([result.width, result.height]).toEqual([1248, 832]);
    expect(result.meta).toMatchObject({ width: 1248, height: 832, model: "nano-banana-pro" });
  });
});

describe("a crash between submit and download", () => {
  it("is resumed from the ledger by a new process with exactly one billed submission", async () => {
    // The first process: submits, records, and dies while the generation runs.
    const first = createCancellation();
    const crashed = await failure(
      upscale(
        { bytes: PNG_3X2 },
        {
          provider: createIdeogramV2Provider({ client: v2Client(), ledger, clock }),
          signal: first.signal,
          onProgress: ({ stage, taskId }) => {
            if (stage === "waiting" && taskId !== undefined) first.cancel();
          },
        },
      ),
    );
    expect(crashed).toMatchObject({ code: "ABORTED", taskId: expect.any(String) });
    expect(canResumeTask(crashed)).toBe(true);
    expect(failureReport(crashed, { billed: true })).toMatchObject({ next: "resume", taskId: crashed.taskId });

    // The next process: a new client and ledger over the same storage, nothing else carried over.
    clock = new ScaledClock(SPEED_UP);
    const reopened = createTaskLedger(storage);
    const [entry, ...others] = await reopened.pending();
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ taskId: crashed.taskId, vendor: "ideogram", kind: "upscale" });
    const resumed = await resumeIdeogramGeneration(v2Client(), entry?.taskId ?? "", { ledger: reopened, clock });
    expect([resumed.image.width, resumed.image.height]).toEqual([6, 4]);
    expect(resumed.meta).toMatchObject({ generationId: crashed.taskId, costUsdMicros: 10_000 });
    expect(resumed.meta.model).toBeUndefined();
    expect(await reopened.pending()).toEqual([]);

    expect(submissions()).toBe(1);
    expect(fake.stats.billed).toHaveLength(1);
  });

  it("resumes after a failed download too, and the link is fetched again for free", async () => {
    fake.setScenario({ ...QUICK, faults: [{ endpoint: "image", fault: { kind: "status", status: 503 } }] });
    const error = await failure(
      upscale({ bytes: PNG_3X2 }, { provider: createIdeogramV2Provider({ client: v2Client(), ledger, clock }) }),
    );
    expect(error).toMatchObject({ code: "SERVER_ERROR", charged: "yes", taskId: expect.any(String) });
    expect(error.resultUrl).toMatch(/\/ephemeral\//);
    expect(error.message).toMatch(/completed and was charged, but its image was not downloaded/);
    expect(failureReport(error, { billed: true })).toMatchObject({ next: "resume", charged: "yes" });
    expect(await ledger.pending()).toHaveLength(1);

    fake.setScenario(QUICK);
    const resumed = await resumeIdeogramGeneration(v2Client(), error.taskId ?? "", { ledger, clock });
    expect(resumed.image.width).toBe(6);
    expect(await ledger.pending()).toEqual([]);
    expect(submissions()).toBe(1);
  });

  it("settles a generation whose link has expired: nothing can bring it back", async () => {
    fake.setScenario({ ...QUICK, images: { ttlMs: 0 } });
    const error = await failure(
      upscale({ bytes: PNG_3X2 }, { provider: createIdeogramV2Provider({ client: v2Client(), ledger, clock }) }),
    );
    expect(error).toMatchObject({ code: "NOT_FOUND", charged: "yes", taskId: undefined });
    expect(error.message).toMatch(/link has expired/);
    expect(await ledger.pending()).toEqual([]);
  });

  it("refuses to resume an id that is no generation id before sending, and settles one Ideogram does not know", async () => {
    expect(await failure(resumeIdeogramGeneration(v2Client(), "not/an/id"))).toMatchObject({
      code: "INVALID_REQUEST",
    });
    expect(fake.stats.log).toEqual([]);
    const unknown = "AAAAAAAAAAAAAAAAAAAAAA";
    await ledger.add({ taskId: unknown, vendor: "ideogram", kind: "upscale", createdAt: 1 });
    const error = await failure(resumeIdeogramGeneration(v2Client(), unknown, { ledger, clock }));
    expect(error).toMatchObject({ code: "NOT_FOUND" });
    expect(canResumeTask(error)).toBe(false);
    expect(await ledger.pending()).toEqual([]);
  });

  it("leaves a generation that outlives the deadline in the ledger, to resume", async () => {
    const own = await startFakeApis({ scenario: { faults: [{ endpoint: "*", fault: { kind: "never-finish" } }] } });
    try {
      const client = createIdeogramV2Client({ apiKey: own.keys.ideogram, baseUrl: own.ideogramUrl, clock });
      const error = await failure(
        upscale(
          { bytes: PNG_3X2 },
          { provider: createIdeogramV2Provider({ client, ledger, clock, deadlineMs: 3000 }) },
        ),
      );
      expect(error).toMatchObject({ code: "TIMEOUT", taskId: expect.any(String) });
      expect(failureReport(error, { billed: true }).next).toBe("resume");
      expect(await ledger.pending()).toHaveLength(1);
    } finally {
      await own.close();
    }
  });
});

describe("failures that cost money, or not", () => {
  it("a failed generation says why (failure_reason), is settled, and is not offered again as a resume", async () => {
    const reason = "The upscaler could not read this image.";
    fake.setScenario({ ...QUICK, faults: [{ endpoint: "upscale-v2", fault: { kind: "generation-fails", reason } }] });
    const error = await failure(
      upscale({ bytes: PNG_3X2 }, { provider: createIdeogramV2Provider({ client: v2Client(), ledger, clock }) }),
    );
    expect(error).toMatchObject({ code: "TASK_FAILED", taskId: expect.any(String) });
    expect(error.message).toContain(`failed: ${reason}`);
    expect(canResumeTask(error)).toBe(false);
    expect(failureReport(error, { billed: true }).next).toBe("none");
    expect(await ledger.pending()).toEqual([]);
    expect(fake.stats.billed).toEqual([]);
  });

  it("withheld by the safety check: charged, never a free retry, nothing downloaded", async () => {
    fake.setScenario({ ...QUICK, faults: [{ endpoint: "upscale-v2", fault: { kind: "unsafe", mode: "flag" } }] });
    const error = await failure(
      upscale({ bytes: PNG_3X2 }, { provider: createIdeogramV2Provider({ client: v2Client(), ledger, clock }) }),
    );
    expect(error).toMatchObject({ code: "UNSAFE_CONTENT", charged: "yes", taskId: undefined });
    expect(error.message).toMatch(/charged \(\$0\.01\), withheld by Ideogram's safety check/);
    expect(failureReport(error, { billed: true })).toEqual({
      code: "UNSAFE_CONTENT",
      message: error.message,
      next: "none",
      retryCharges: false,
      charged: "yes",
    });
    expect(await ledger.pending()).toEqual([]);
    expect(fake.stats.log.filter((entry) => entry.server === "images")).toEqual([]);
    expect(fake.stats.billed).toEqual([expect.objectContaining({ withheld: true, usdMicros: 10_000 })]);
  });

  it.each([
    ["insufficient_funds", { fundsUsdMicros: 5_000 }],
    ["daily_limit", { dailyLimitUsdMicros: 5_000 }],
  ])("402 %s: nothing created or recorded, the user tops up", async (reason, limits) => {
    fake.setScenario({ ideogram: { ...QUICK.ideogram, ...limits } });
    const error = await failure(
      upscale({ bytes: PNG_3X2 }, { provider: createIdeogramV2Provider({ client: v2Client(), ledger, clock }) }),
    );
    expect(error).toMatchObject({ code: "INSUFFICIENT_BALANCE", status: 402, vendorType: reason });
    expect(failureReport(error, { billed: true }).next).toBe("top-up");
    expect(await ledger.pending()).toEqual([]);
    expect(submissions()).toBe(1);
  });
});

describe("429 inflight_limit counts images in progress", () => {
  it("waits out Retry-After while the organisation's places are taken, then submits once more", async () => {
    fake.setScenario({ ideogram: { inflightLimit: 1, generationMs: 400 } });
    const client = v2Client();
    const other = await client.submitUpscale(PNG_3X2);
    const result = await upscale({ bytes: PNG_3X2 }, { provider: createIdeogramV2Provider({ client, clock }) });
    expect(result.width).toBe(6);
    const statuses = fake.stats.log.filter((e) => e.endpoint === "upscale-v2").map((e) => e.status);
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1, -1).every((status) => status === 429)).toBe(true);
    expect(statuses.length).toBeGreaterThan(2);
    expect(statuses.at(-1)).toBe(200);
    expect(clock.sleeps).toContain(1000);
    expect(fake.stats.peakInflight).toBe(1);
    expect(fake.stats.billed.map((b) => b.generationId)).toContain(other.generationId);
  });

  it("a batch at the provider's maxInFlight stays within the 10 images in progress: no 429", async () => {
    const provider = createIdeogramV2Provider({ client: v2Client(), ledger, clock });
    const inputs = Array.from({ length: 14 }, () => PNG_3X2);
    const results = await runBatch(inputs, (bytes) => upscale({ bytes }, { provider }), {
      concurrency: provider.capabilities.maxInFlight,
    });
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(fake.stats.peakInflight).toBeLessThanOrEqual(10);
    expect(fake.stats.log.filter((e) => e.status === 429)).toEqual([]);
    expect(fake.stats.billed).toHaveLength(14);
    expect(await ledger.pending()).toEqual([]);
  });
});

describe("the model knob", () => {
  const clientOptions = () => ({ apiKey: fake.keys.ideogram, baseUrl: fake.ideogramUrl, clock });

  it("is auto by default, on the v2 endpoint", async () => {
    const provider = createIdeogramModelProvider({ client: clientOptions(), request: { factor: 4 }, clock });
    const result = await upscale({ bytes: PNG_3X2 }, { provider });
    expect(result.width).toBe(12);
    expect(fake.stats.log.find((e) => e.endpoint === "upscale-v2")?.path).toBe("/v2/image/upscale/auto");
  });

  it("legacy selects today's v1 /upscale, unchanged", async () => {
    const provider = createIdeogramModelProvider({
      client: clientOptions(),
      model: "legacy",
      legacyRequest: { prompt: "as before" },
    });
    expect(provider.capabilities.maxInputBytes).toBe(10 * 1024 * 1024);
    const result = await upscale({ bytes: PNG_3X2 }, { provider });
    expect(result.width).toBe(6);
    expect(result.meta).toMatchObject({ prompt: "as before" });
    expect(apiRequests().map((e) => e.path)).toEqual(["/upscale"]);
  });

  it("refuses an unknown model, and fields of the other API", () => {
    expect(() => createIdeogramModelProvider({ client: clientOptions(), model: "v3" })).toThrow(
      /Unknown Ideogram model "v3": choose one of auto, .*nano-banana-pro, legacy/,
    );
    expect(() =>
      createIdeogramModelProvider({ client: clientOptions(), model: "legacy", request: { factor: 4 } }),
    ).toThrow(/not factor: choose a v2 model/);
    expect(() =>
      createIdeogramModelProvider({ client: clientOptions(), model: "auto", legacyRequest: { detail: 3 } }),
    ).toThrow(/legacyRequest is for the legacy model only/);
    expect(() =>
      createIdeogramModelProvider({ client: clientOptions(), model: "topaz-wonder-4", request: { factor: 8 } }),
    ).toThrow(/×2 or ×4 only/);
  });
});

describe("GPTunnel balance", () => {
  const client = (apiKey = fake.keys.gptunnel) =>
    createMidjourneyClient({ apiKey, baseUrl: fake.gptunnelUrl, transport: fetchTransport(), clock });

  it("reads the balance beside the Midjourney API; it may be negative down to the credit limit", async () => {
    fake.setScenario({ account: { balance: -51.54397, creditLimit: 15000, walletBalance: 3.5 } });
    expect(await client().balance()).toEqual({ balance: -51.54397, creditLimit: 15000 });
    expect(await client().balance({ useWalletBalance: true })).toEqual({ balance: 3.5, creditLimit: 0 });
    expect(apiRequests().map((e) => [e.path, e.status])).toEqual([
      ["/v1/balance", 200],
      ["/v1/balance", 200],
    ]);
  });

  it("reports a rejected key as AUTH, saying how to set it", async () => {
    const error = await failure(client("wrong-gptunnel-key").balance());
    expect(error).toMatchObject({ code: "AUTH", status: 401 });
    expect(failureReport(error, { billed: false }).next).toBe("set-key");
  });
});
