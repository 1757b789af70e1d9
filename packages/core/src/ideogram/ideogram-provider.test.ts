import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { failure } from "../../test/failure.js";
import { fakeIdeogramClient, SMALL_PNG } from "../../test/fake-vendor-clients.js";
import { type LoopbackServer, sendJson, startLoopbackServer } from "../../test/loopback-server.js";
import type { UpscaleProgress } from "../jobs/provider.js";
import { upscale } from "../jobs/upscale.js";
import { ApiError, TaskError } from "../outcome/errors.js";
import { createIdeogramClient, type IdeogramUpscaleResult } from "./ideogram-client.js";
import { createIdeogramProvider, IdeogramDownloadError, type IdeogramMeta } from "./ideogram-provider.js";

const INPUT = SMALL_PNG.bytes;
const KEY = "ideo-provider-key-31c9";
const SAFE_URL = "https://ideogram.ai/api/images/ephemeral/8YEpFzHuS.png?exp=1700000000&sig=c2lnbmF0dXJl";

const SAFE_IMAGE = {
  url: SAFE_URL,
  is_image_safe: true,
  prompt: "A serene tropical beach scene",
  resolution: "1024x1024",
  upscaled_resolution: "2048x2048",
  seed: 12345,
};

const RESULT: IdeogramUpscaleResult = {
  created: "2000-01-23T04:56:07.000Z",
  data: [{ url: null, is_image_safe: false, prompt: "withheld", resolution: "1024x1024", seed: 1 }, SAFE_IMAGE],
  image: SAFE_IMAGE,
};

describe("createIdeogramProvider", () => {
  it("says what it can do: 2× only, 10 in flight, PNG/JPEG/WebP up to 10 MB and 4096 × 4096 px, charged", () => {
    const provider = createIdeogramProvider({ client: fakeIdeogramClient({ upscale: () => RESULT }) });
    expect(provider.capabilities).toEqual({
      scales: [2],
      nominalScale: 2,
      maxInFlight: 10,
      inputTypes: ["image/png", "image/jpeg", "image/webp"],
      maxInputBytes: 10 * 1024 * 1024,
      maxInputPixels: 4096 * 4096,
      charges: true,
    });
  });

  it("types its result's meta, through upscale() too", async () => {
    const client = fakeIdeogramClient({ upscale: () => RESULT, download: () => SMALL_PNG });
    const provider = createIdeogramProvider({ client });
    const result = await upscale({ bytes: INPUT }, { provider });
    expectTypeOf(result.meta).toEqualTypeOf<IdeogramMeta>();
    expect(result.meta.seed).toBe(12345);
    expect(result.meta.upscaledResolution).toBe("2048x2048");
  });

  it("refuses a scale it cannot honour instead of ignoring it, before anything is sent", async () => {
    const client = fakeIdeogramClient({ upscale: () => RESULT, download: () => SMALL_PNG });
    const provider = createIdeogramProvider({ client });
    const error = await failure(provider.upscale({ bytes: INPUT }, { scale: 3 }));
    expect(error).toMatchObject({ name: "InputError", code: "INVALID_REQUEST" });
    expect(error.message).toContain("upscales by 2× only");
    expect(client.calls).toEqual([]);
    await provider.upscale({ bytes: INPUT }, { scale: 2 });
    expect(client.calls.map((call) => call.method)).toEqual(["upscale", "download"]);
  });

  it("upscales with the configured request, then downloads the client's safe image and keeps its details", async () => {
    const client = fakeIdeogramClient({ upscale: () => RESULT, download: () => SMALL_PNG });
    const request = { resemblance: 80, detail: 60, prompt: "keep the palms" };
    const provider = createIdeogramProvider({ client, request });
    const controller = new AbortController();

    const result = await provider.upscale({ bytes: INPUT }, { signal: controller.signal });

    expect(result).toEqual({
      ...SMALL_PNG,
      provider: "ideogram",
      meta: {
        seed: 12345,
        prompt: "A serene tropical beach scene",
        resolution: "1024x1024",
        upscaledResolution: "2048x2048",
      },
    });
    expect(client.calls.map((c) => [c.method, c.args, c.signal])).toEqual([
      ["upscale", [INPUT, request], controller.signal],
      ["download", [SAFE_URL], controller.signal],
    ]);
    expect(provider).toMatchObject({ id: "ideogram" });
  });

  it("reports processing, then downloading", async () => {
    const progress: UpscaleProgress[] = [];
    const provider = createIdeogramProvider({
      client: fakeIdeogramClient({ upscale: () => RESULT, download: () => SMALL_PNG }),
    });
    await provider.upscale({ bytes: INPUT }, { onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([{ stage: "processing" }, { stage: "downloading" }]);
  });

  it("passes the client's error on unchanged and downloads nothing", async () => {
    const refusal = new ApiError("UNSAFE_CONTENT", "Ideogram withheld the upscaled image as unsafe.", { status: 200 });
    const client = fakeIdeogramClient({ upscale: () => refusal });
    await expect(createIdeogramProvider({ client }).upscale({ bytes: INPUT }, {})).rejects.toBe(refusal);
    expect(client.calls.map((c) => c.method)).toEqual(["upscale"]);
  });

  it("when the download fails, says the upscale was paid for and keeps the link on the error, not in the text", async () => {
    const expired = new ApiError("NOT_FOUND", "The image link has expired or was removed.", { status: 410 });
    const client = fakeIdeogramClient({ upscale: () => RESULT, download: () => expired });
    const error = await failure(createIdeogramProvider({ client }).upscale({ bytes: INPUT }, {}));
    expect(error).toBeInstanceOf(IdeogramDownloadError);
    expect(error).toMatchObject({ code: "NOT_FOUND", resultUrl: SAFE_URL, seed: 12345, cause: expired });
    expect(error.message).toContain("charged for it");
    expect(error.message).toContain("short-lived");
    expect(error.message).toContain("seed 12345");
    expect(error.message).not.toContain("sig=");
    expect(error.message).not.toContain("8YEpFzHuS");
  });

  it("passes on a download failure that is not an UpscaleError (a bug) unchanged", async () => {
    const bug = new TypeError("boom");
    const client = fakeIdeogramClient({ upscale: () => RESULT, download: () => bug });
    await expect(createIdeogramProvider({ client }).upscale({ bytes: INPUT }, {})).rejects.toBe(bug);
  });
});

describe("createIdeogramProvider with the real client over HTTP", () => {
  let api: LoopbackServer | undefined;
  let images: LoopbackServer | undefined;
  afterEach(async () => {
    await Promise.all([api?.close(), images?.close()]);
    api = undefined;
    images = undefined;
  });

  /** The API answers with a link to the image host, or never (`hang`); the image host serves the PNG or never. */
  async function servers(options: { apiHangs?: boolean; imageHangs?: boolean } = {}) {
    const imageHost = await startLoopbackServer((_request, res) => {
      if (options.imageHangs) return;
      res.writeHead(200, { "content-type": "image/png" }).end(SMALL_PNG.bytes);
    });
    const url = `${imageHost.origin}/ephemeral/8YEpFzHuS.png?exp=1700000000&sig=c2lnbmF0dXJl`;
    const apiHost = await startLoopbackServer((_request, res) => {
      if (options.apiHangs) return;
      sendJson(res, 200, { created: "now", data: [{ ...SAFE_IMAGE, url }] });
    });
    images = imageHost;
    api = apiHost;
    const client = createIdeogramClient({ apiKey: KEY, baseUrl: apiHost.origin });
    return { provider: createIdeogramProvider({ client }), url, api: apiHost, images: imageHost };
  }

  it("downloads with the client, sending the image host no credentials", async () => {
    const { provider, api, images } = await servers();
    const result = await provider.upscale({ bytes: INPUT }, {});
    expect(result.bytes).toEqual(SMALL_PNG.bytes);
    expect(api.requests[0]?.headers["api-key"]).toBe(KEY);
    expect(images.requests.map((r) => [r.method, r.url])).toEqual([
      ["GET", "/ephemeral/8YEpFzHuS.png?exp=1700000000&sig=c2lnbmF0dXJl"],
    ]);
    const headers = images.requests[0]?.headers ?? {};
    expect(headers).not.toHaveProperty("api-key");
    expect(headers).not.toHaveProperty("authorization");
    expect(headers).not.toHaveProperty("cookie");
    expect(JSON.stringify(headers)).not.toContain(KEY);
  });

  it("a cancel during the upscale call says it may have been charged and where to check", async () => {
    const { provider, api } = await servers({ apiHangs: true });
    const controller = new AbortController();
    const pending = provider.upscale({ bytes: INPUT }, { signal: controller.signal });
    await expect.poll(() => api.requests.length).toBe(1);
    controller.abort();
    const error = await failure(pending);
    expect(error).toBeInstanceOf(TaskError);
    expect(error.code).toBe("ABORTED");
    expect(error.message).toContain("may already have reached Ideogram and been charged");
    expect(error.message).toContain("check your Ideogram API usage");
  });

  it("a cancel during the download keeps the paid result's link on the error", async () => {
    const { provider, url, images } = await servers({ imageHangs: true });
    const controller = new AbortController();
    const progress: UpscaleProgress[] = [];
    const pending = provider.upscale(
      { bytes: INPUT },
      { signal: controller.signal, onProgress: (p) => progress.push(p) },
    );
    await expect.poll(() => images.requests.length).toBe(1);
    controller.abort();
    const error = await failure(pending);
    expect(error).toMatchObject({ code: "ABORTED", resultUrl: url });
    expect(error.message).toContain("charged for it");
    expect(progress.at(-1)).toEqual({ stage: "downloading" });
  });
});
