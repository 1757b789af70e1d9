import { afterEach, describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { FakeClock } from "../../test/fake-clock.js";
import { JPEG_5X4, PNG_3X2, WEBP_6X5 } from "../../test/images.js";
import { type LoopbackServer, sendJson, startLoopbackServer } from "../../test/loopback-server.js";
import { type Step, scriptedTransport } from "../../test/scripted-transport.js";
import { fetchTransport } from "../http/fetch-transport.js";
import type { HttpRequest } from "../http/transport.js";
import { ApiError, NetworkError } from "../outcome/errors.js";
import { IDEOGRAM_MAX_IMAGE_BYTES } from "../vendor-facts/ideogram.js";
import { createIdeogramClient } from "./ideogram-client.js";
import type { IdeogramClientOptions } from "./ideogram-connection.js";
import type { IdeogramUpscaleRequest } from "./ideogram-schemas.js";

const KEY = "ideo-key-77aa31";

function imageObject(overrides: Record<string, unknown> = {}) {
  return {
    url: "https://ideogram.ai/api/images/ephemeral/abc.png?exp=1&sig=2",
    prompt: "A serene tropical beach",
    resolution: "1024x1024",
    is_image_safe: true,
    seed: 12345,
    ...overrides,
  };
}

const success = (...data: object[]) => ({
  status: 200,
  body: { created: "2000-01-23T04:56:07.000Z", data: data.length ? data : [imageObject()] },
});

function setup(steps: readonly Step[], options: Partial<IdeogramClientOptions> = {}) {
  const transport = scriptedTransport(steps);
  const clock = new FakeClock();
  const client = createIdeogramClient({ apiKey: KEY, transport, clock, ...options });
  return { transport, clock, client };
}

/** The multipart body as a standard parser reads it. */
async function formOf(request: HttpRequest | undefined): Promise<FormData> {
  return new Response(request?.body as BodyInit, {
    headers: { "content-type": request?.headers["content-type"] ?? "" },
  }).formData();
}

describe("createIdeogramClient request", () => {
  it("official style: Api-Key header at https://api.ideogram.ai/upscale", async () => {
    const { transport, clock, client } = setup([success()]);
    await clock.run(client.upscale(PNG_3X2));
    const [request] = transport.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("https://api.ideogram.ai/upscale");
    expect(request?.headers["api-key"]).toBe(KEY);
    expect(request?.headers.authorization).toBeUndefined();
  });

  it("relay style: Bearer key at <baseUrl>/upscale", async () => {
    const { transport, clock, client } = setup([success()], {
      style: "relay",
      baseUrl: "https://relay.example/ideogram/",
    });
    await clock.run(client.upscale(PNG_3X2));
    const [request] = transport.requests;
    expect(request?.url).toBe("https://relay.example/ideogram/upscale");
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.headers["api-key"]).toBeUndefined();
  });

  it("refuses the relay style without a base URL, saying what to set", () => {
    expect(() => createIdeogramClient({ apiKey: KEY, style: "relay" })).toThrow(
      /needs the relay's base URL \(baseUrl\)/,
    );
  });

  it("refuses an unknown style", () => {
    expect(() => createIdeogramClient({ apiKey: KEY, style: "proxy" as "relay" })).toThrow(/"official" or "relay"/);
  });

  it("refuses a missing or short key, saying how to set it in the app's words (no variable of its own)", () => {
    expect(() => createIdeogramClient({ apiKey: "" })).toThrow(
      "No Ideogram API key: pass it as the client's apiKey option.",
    );
    expect(() => createIdeogramClient({ apiKey: "", keyHint: "set IDEOGRAM_API_KEY" })).toThrow(
      "No Ideogram API key: set IDEOGRAM_API_KEY.",
    );
    const figma = "open Settings in the plugin and enter the key";
    expect(() => createIdeogramClient({ apiKey: "short", keyHint: figma })).toThrow(
      `The Ideogram API key has only 5 characters, too short to be a real key: copy the whole key again, then ${figma}.`,
    );
    expect(() => createIdeogramClient({ apiKey: "short" })).not.toThrow(/_API_KEY/);
  });

  it.each([
    [PNG_3X2, "image/png", "image.png"],
    [JPEG_5X4, "image/jpeg", "image.jpg"],
    [WEBP_6X5, "image/webp", "image.webp"],
  ])(
    "sends image_file named and typed by its sniffed format, and image_request as plain JSON",
    async (bytes, type, name) => {
      const { transport, clock, client } = setup([success()]);
      const request: IdeogramUpscaleRequest = {
        prompt: "A serene tropical beach",
        resemblance: 80,
        detail: 20,
        seed: 7,
      };
      await clock.run(client.upscale(bytes, request));
      const form = await formOf(transport.requests[0]);
      const file = form.get("image_file") as File;
      expect(file.name).toBe(name);
      expect(file.type).toBe(type);
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
      expect(JSON.parse(form.get("image_request") as string)).toEqual(request);
      expect(form.get("image_request")).toContain("A serene tropical beach");
    },
  );

  it("sends an empty image_request object when no parameters are given", async () => {
    const { transport, clock, client } = setup([success()]);
    await clock.run(client.upscale(PNG_3X2));
    expect((await formOf(transport.requests[0])).get("image_request")).toBe("{}");
  });

  it("returns the parsed response", async () => {
    const { clock, client } = setup([success(imageObject({ upscaled_resolution: "2048x2048" }))]);
    const response = await clock.run(client.upscale(PNG_3X2));
    expect(response.data[0]?.upscaled_resolution).toBe("2048x2048");
    expect(response.created).toBe("2000-01-23T04:56:07.000Z");
  });
});

describe("createIdeogramClient checks before sending", () => {
  it("refuses bytes that are not PNG, JPEG or WebP by their content", async () => {
    const { transport, client } = setup([]);
    const gif = new TextEncoder().encode("GIF89a....");
    const error = await failure(client.upscale(gif));
    expect(error.code).toBe("UNSUPPORTED_IMAGE");
    expect(error.message).toContain("Convert it to PNG");
    expect(transport.requests).toHaveLength(0);
  });

  it("refuses an image over 10 MB, saying its size and the limit", async () => {
    const { transport, client } = setup([]);
    const big = new Uint8Array(IDEOGRAM_MAX_IMAGE_BYTES + 1);
    big.set(PNG_3X2);
    const error = await failure(client.upscale(big));
    expect(error.code).toBe("IMAGE_TOO_LARGE");
    expect(error.message).toContain("The image is 10.1 MB; Ideogram accepts at most 10 MB");
    expect(transport.requests).toHaveLength(0);
  });

  it("accepts an image of exactly 10 MB", async () => {
    const { transport, clock, client } = setup([success()]);
    const limit = new Uint8Array(IDEOGRAM_MAX_IMAGE_BYTES);
    limit.set(PNG_3X2);
    await clock.run(client.upscale(limit));
    expect(transport.requests).toHaveLength(1);
  });

  it.each([
    [{ resemblance: 0 }, "resemblance must be an integer from 1 to 100, got 0"],
    [{ detail: 101 }, "detail must be an integer from 1 to 100, got 101"],
    [{ num_images: 9 }, "num_images must be an integer from 1 to 8, got 9"],
    [{ seed: -1 }, "seed must be an integer from 0 to 2147483647, got -1"],
    [{ resemblance: 50.5 }, "resemblance must be an integer from 1 to 100, got 50.5"],
    [{ magic_prompt_option: "MAYBE" }, 'magic_prompt_option must be one of AUTO, ON, OFF, got "MAYBE"'],
    [{ prompt: 42 }, "prompt must be text, got 42"],
    [{ resemblence: 50 }, 'unknown parameter "resemblence"; the parameters are prompt, resemblance, detail'],
  ])("refuses %j, naming the field and its range", async (request, message) => {
    const { transport, client } = setup([]);
    const error = await failure(client.upscale(PNG_3X2, request as IdeogramUpscaleRequest));
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.message).toContain(message);
    expect(transport.requests).toHaveLength(0);
  });

  it("refuses a request that is not an object", async () => {
    const { client } = setup([]);
    const error = await failure(client.upscale(PNG_3X2, "resemblance=50" as unknown as IdeogramUpscaleRequest));
    expect(error.message).toContain("must be an object");
  });
});

describe("createIdeogramClient answers", () => {
  it("treats an answer whose only image is unsafe as UNSAFE_CONTENT, never success", async () => {
    const { clock, client } = setup([success(imageObject({ is_image_safe: false, url: null }))]);
    const error = (await failure(clock.run(client.upscale(PNG_3X2)))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("UNSAFE_CONTENT");
    expect(error.message).toContain("try a different one");
  });

  it("returns the answer when at least one image is safe, and that image to download", async () => {
    const safe = imageObject({ url: "https://ideogram.ai/api/images/ephemeral/safe.png?sig=3" });
    const { clock, client } = setup([success(imageObject({ is_image_safe: false, url: "https://x/unsafe" }), safe)]);
    const response = await clock.run(client.upscale(PNG_3X2));
    expect(response.data).toHaveLength(2);
    expect(response.image).toEqual(safe);
  });

  it("reads a paid upscale whose details it does not rely on are missing or odd", async () => {
    const bare = { url: "https://ideogram.ai/api/images/ephemeral/a.png", is_image_safe: true, seed: null };
    const { clock, client } = setup([{ status: 200, body: { data: [bare] } }]);
    const response = await clock.run(client.upscale(PNG_3X2));
    expect(response.image).toEqual({ url: bare.url, is_image_safe: true });
  });

  it("reports an answer without any image as BAD_RESPONSE that may have been charged", async () => {
    const { clock, client } = setup([{ status: 200, body: { created: "x", data: [] } }]);
    const error = await failure(clock.run(client.upscale(PNG_3X2)));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("check your Ideogram API usage");
  });

  it("maps a 422 safety failure to UNSAFE_CONTENT with Ideogram's message", async () => {
    const { clock, client } = setup([{ status: 422, body: { error: "Image failed the safety check" } }]);
    const error = (await failure(clock.run(client.upscale(PNG_3X2)))) as ApiError;
    expect(error.code).toBe("UNSAFE_CONTENT");
    expect(error.vendorMessage).toBe("Image failed the safety check");
  });

  it("waits out a 429 inflight_limit (not processed) and sends again", async () => {
    const { transport, clock, client } = setup([
      { status: 429, headers: { "retry-after": "4" }, body: { reject_reason: "inflight_limit" } },
      success(),
    ]);
    await clock.run(client.upscale(PNG_3X2));
    expect(transport.requests).toHaveLength(2);
    expect(clock.completedSleeps).toEqual([4_000]);
  });

  it("explains the in-flight limit when the 429s do not stop", async () => {
    const limited = { status: 429, body: { reject_reason: "inflight_limit" } };
    const { clock, client } = setup([limited], { retry: { rateLimitBudgetMs: 0 } });
    const error = (await failure(clock.run(client.upscale(PNG_3X2)))) as ApiError;
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.vendorType).toBe("inflight_limit");
    expect(error.message).toContain("at most 10 requests in flight");
  });

  it("never re-sends after a 500, and says where to check for a charge", async () => {
    const { transport, clock, client } = setup([{ status: 500, body: { detail: "Internal error" } }]);
    const error = await failure(clock.run(client.upscale(PNG_3X2)));
    expect(error.code).toBe("SERVER_ERROR");
    expect(error.message).toContain("may have been processed and charged");
    expect(error.message).toContain("check your Ideogram API usage");
    expect(transport.requests).toHaveLength(1);
  });

  it.each([
    [{ detail: "Insufficient funds", reject_reason: "insufficient_funds" }, "Insufficient funds"],
    [{ detail: [{ msg: "daily" }, { msg: "limit" }], reject_reason: "daily_limit" }, "daily; limit"],
    [{ error: { message: "no credit" } }, "no credit"],
    [{ message: "plan exhausted" }, "plan exhausted"],
  ])("reads Ideogram's error shape %j on a 402", async (body, message) => {
    const { transport, clock, client } = setup([{ status: 402, body }]);
    const error = (await failure(clock.run(client.upscale(PNG_3X2)))) as ApiError;
    expect(error.code).toBe("INSUFFICIENT_BALANCE");
    expect(error.vendorMessage).toBe(message);
    expect(error.message).toContain("Add credit to your Ideogram API account");
    expect(transport.requests).toHaveLength(1);
  });

  it("uses the reject reason as the message when there is no other", async () => {
    const { clock, client } = setup([{ status: 402, body: { reject_reason: "daily_limit" } }]);
    expect(((await failure(clock.run(client.upscale(PNG_3X2)))) as ApiError).vendorMessage).toBe("daily_limit");
  });

  it("reads AUTH for a 401 and says how to set the key with the app's own hint", async () => {
    const { clock, client } = setup([{ status: 401, body: {} }], { keyHint: 'run "Upscale: Set API Key…"' });
    const error = (await failure(clock.run(client.upscale(PNG_3X2)))) as ApiError;
    expect(error.code).toBe("AUTH");
    expect(error.vendorMessage).toBeUndefined();
    expect(error.message).toContain(
      `Check the Ideogram API key (with a relay, the relay's key): copy it again, then run "Upscale: Set API Key…".`,
    );
    expect(error.message).not.toMatch(/_API_KEY/);
  });
});

describe("createIdeogramClient against a real server", () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("uploads a multipart body the server parses, and reads the answer", async () => {
    let received: FormData | undefined;
    server = await startLoopbackServer(async (request, res) => {
      if (request.headers["api-key"] !== KEY) return sendJson(res, 401, { error: "bad key" });
      received = await new Response(request.body as BodyInit, {
        headers: { "content-type": request.headers["content-type"] ?? "" },
      }).formData();
      sendJson(res, 200, { created: "now", data: [imageObject({ url: `${server?.origin}/img.png` })] });
    });
    const client = createIdeogramClient({ apiKey: KEY, baseUrl: server.origin });
    const response = await client.upscale(JPEG_5X4, { resemblance: 60 });
    expect(response.data[0]?.url).toBe(`${server.origin}/img.png`);
    expect(server.requests[0]?.url).toBe("/upscale");
    const form = received as FormData;
    expect(new Uint8Array(await (form.get("image_file") as File).arrayBuffer())).toEqual(JPEG_5X4);
    expect(JSON.parse(form.get("image_request") as string)).toEqual({ resemblance: 60 });
  });

  it("sends the relay's Bearer header over HTTP", async () => {
    server = await startLoopbackServer((request, res) => {
      if (request.headers.authorization !== `Bearer ${KEY}`) return sendJson(res, 401, { error: "bad key" });
      sendJson(res, 200, { created: "now", data: [imageObject()] });
    });
    const client = createIdeogramClient({ apiKey: KEY, style: "relay", baseUrl: `${server.origin}/ideogram` });
    await client.upscale(PNG_3X2);
    expect(server.requests[0]?.url).toBe("/ideogram/upscale");
  });

  it("downloads a result with the client's transport, sending the image host no credentials", async () => {
    server = await startLoopbackServer((_request, res) => {
      res.writeHead(200, { "content-type": "image/png" }).end(PNG_3X2);
    });
    const sent: HttpRequest[] = [];
    const transport = fetchTransport();
    const client = createIdeogramClient({
      apiKey: KEY,
      style: "relay",
      baseUrl: `${server.origin}/ideogram`,
      transport: (request) => {
        sent.push(request);
        return transport(request);
      },
    });
    const image = await client.download(`${server.origin}/ephemeral/r.png?sig=abc`);
    expect(image).toMatchObject({ mimeType: "image/png", width: 3, height: 2 });
    expect(sent).toHaveLength(1);
    const headers = server.requests[0]?.headers ?? {};
    expect(headers).not.toHaveProperty("authorization");
    expect(headers).not.toHaveProperty("api-key");
    expect(JSON.stringify(headers)).not.toContain(KEY);
  });

  it("does not re-send when the server resets the connection after reading the upload", async () => {
    server = await startLoopbackServer((_request, res) => {
      res.socket?.resetAndDestroy();
    });
    const client = createIdeogramClient({ apiKey: KEY, baseUrl: server.origin });
    const error = await failure(client.upscale(PNG_3X2));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain("may have reached Ideogram and been charged");
    expect(server.requests).toHaveLength(1);
  });
});
