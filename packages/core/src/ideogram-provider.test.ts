import { describe, expect, it } from "vitest";
import { fakeIdeogramClient, PARENT_ID, SMALL_PNG } from "../test/fake-vendor-clients.js";
import { startLoopbackServer } from "../test/loopback-server.js";
import { ApiError } from "./errors.js";
import { createIdeogramProvider } from "./ideogram-provider.js";
import type { IdeogramUpscaleResponse } from "./ideogram-schemas.js";
import type { UpscaleProgress } from "./provider.js";
import type { HttpRequest, HttpResponse } from "./transport.js";

const INPUT = SMALL_PNG.bytes;
const SAFE_URL = "https://ideogram.ai/api/images/ephemeral/8YEpFzHuS.png?exp=1700000000&sig=c2lnbmF0dXJl";

const SAFE_IMAGE = {
  url: SAFE_URL,
  is_image_safe: true,
  prompt: "A serene tropical beach scene",
  resolution: "1024x1024",
  upscaled_resolution: "2048x2048",
  seed: 12345,
};

const RESPONSE: IdeogramUpscaleResponse = {
  created: "2000-01-23T04:56:07.000Z",
  data: [{ url: null, is_image_safe: false, prompt: "withheld", resolution: "1024x1024", seed: 1 }, SAFE_IMAGE],
};

/** The image host: records every request and answers with the PNG (or never, for "hang"). */
function imageHost(answer: "png" | "hang" = "png") {
  const requests: HttpRequest[] = [];
  const transport = (request: HttpRequest): Promise<HttpResponse> => {
    requests.push(request);
    if (answer === "hang") return new Promise(() => {});
    return Promise.resolve({ status: 200, headers: { "content-type": "image/png" }, body: SMALL_PNG.bytes });
  };
  return { requests, transport };
}

describe("createIdeogramProvider", () => {
  it("upscales with the configured request, then downloads the first safe image and keeps its details", async () => {
    const client = fakeIdeogramClient(() => RESPONSE);
    const host = imageHost();
    const request = { resemblance: 80, detail: 60, prompt: "keep the palms" };
    const provider = createIdeogramProvider({ client, request, transport: host.transport });

    const result = await provider.upscale({ bytes: INPUT }, {});

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
    expect(client.calls.map((c) => c.args)).toEqual([[INPUT, request]]);
    expect(host.requests.map((r) => [r.method, r.url])).toEqual([["GET", SAFE_URL]]);
    expect(provider).toMatchObject({ id: "ideogram", accepts: ["bytes"] });
  });

  it("sends no credentials of any kind to the image host", async () => {
    const host = imageHost();
    const provider = createIdeogramProvider({ client: fakeIdeogramClient(() => RESPONSE), transport: host.transport });
    await provider.upscale({ bytes: INPUT }, {});
    const headerNames = Object.keys(host.requests[0]?.headers ?? {}).map((name) => name.toLowerCase());
    expect(headerNames).not.toContain("api-key");
    expect(headerNames).not.toContain("authorization");
    expect(headerNames).not.toContain("cookie");
  });

  it("downloads from a real image host over HTTP, sending it no credentials", async () => {
    const host = await startLoopbackServer((_, res) => {
      res.writeHead(200, { "content-type": "image/png" }).end(SMALL_PNG.bytes);
    });
    try {
      const url = `${host.origin}/ephemeral/8YEpFzHuS.png?exp=1700000000&sig=c2lnbmF0dXJl`;
      const withLoopbackUrl = { ...RESPONSE, data: [{ ...SAFE_IMAGE, url }] };
      // No transport: the provider's default, the global fetch, talks to the server.
      const provider = createIdeogramProvider({ client: fakeIdeogramClient(() => withLoopbackUrl) });
      const result = await provider.upscale({ bytes: INPUT }, {});
      expect(result.bytes).toEqual(SMALL_PNG.bytes);
      expect(host.requests.map((r) => [r.method, r.url])).toEqual([
        ["GET", "/ephemeral/8YEpFzHuS.png?exp=1700000000&sig=c2lnbmF0dXJl"],
      ]);
      const headers = host.requests[0]?.headers ?? {};
      expect(headers).not.toHaveProperty("api-key");
      expect(headers).not.toHaveProperty("authorization");
      expect(headers).not.toHaveProperty("cookie");
    } finally {
      await host.close();
    }
  });

  it("reports processing, then downloading", async () => {
    const progress: UpscaleProgress[] = [];
    const provider = createIdeogramProvider({
      client: fakeIdeogramClient(() => RESPONSE),
      transport: imageHost().transport,
    });
    await provider.upscale({ bytes: INPUT }, { onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([{ stage: "processing" }, { stage: "downloading" }]);
  });

  it("rejects a Midjourney task before calling Ideogram", async () => {
    const client = fakeIdeogramClient(() => RESPONSE);
    const provider = createIdeogramProvider({ client, transport: imageHost().transport });
    await expect(provider.upscale({ midjourneyTask: PARENT_ID, index: 1 }, {})).rejects.toMatchObject({
      code: "INVALID_REQUEST",
    });
    expect(client.calls).toEqual([]);
  });

  it("reports UNSAFE_CONTENT and downloads nothing when no image passed the safety check", async () => {
    const unsafe = { ...RESPONSE, data: RESPONSE.data.map((image) => ({ ...image, is_image_safe: false })) };
    const host = imageHost();
    const provider = createIdeogramProvider({ client: fakeIdeogramClient(() => unsafe), transport: host.transport });
    await expect(provider.upscale({ bytes: INPUT }, {})).rejects.toMatchObject({ code: "UNSAFE_CONTENT" });
    expect(host.requests).toEqual([]);
  });

  it("passes the client's error on unchanged", async () => {
    const refusal = new ApiError("RATE_LIMITED", "Ideogram allows at most 10 requests in flight.", {
      status: 429,
      retryAfter: 2,
    });
    const provider = createIdeogramProvider({
      client: fakeIdeogramClient(() => refusal),
      transport: imageHost().transport,
    });
    await expect(provider.upscale({ bytes: INPUT }, {})).rejects.toBe(refusal);
  });

  it("cancels at once during an upscale call that never finishes", async () => {
    const controller = new AbortController();
    const client = fakeIdeogramClient(() => "hang");
    const host = imageHost();
    const provider = createIdeogramProvider({ client, transport: host.transport });
    const result = provider.upscale({ bytes: INPUT }, { signal: controller.signal });
    controller.abort();
    await expect(result).rejects.toMatchObject({ code: "ABORTED" });
    expect(client.calls[0]?.signal?.aborted).toBe(true);
    expect(host.requests).toEqual([]);
  });

  it("cancels at once during a download that never finishes", async () => {
    const controller = new AbortController();
    const host = imageHost("hang");
    const progress: UpscaleProgress[] = [];
    const provider = createIdeogramProvider({ client: fakeIdeogramClient(() => RESPONSE), transport: host.transport });
    const result = provider.upscale(
      { bytes: INPUT },
      { signal: controller.signal, onProgress: (p) => progress.push(p) },
    );
    await expect.poll(() => host.requests.length).toBe(1);
    controller.abort();
    await expect(result).rejects.toMatchObject({ code: "ABORTED" });
    expect(progress.at(-1)).toEqual({ stage: "downloading" });
  });
});
