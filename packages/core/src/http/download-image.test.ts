import { afterEach, describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { FakeClock } from "../../test/fake-clock.js";
import { fixture, PNG_3X2, WEBP_6X5 } from "../../test/images.js";
import { type LoopbackServer, startLoopbackServer } from "../../test/loopback-server.js";
import { type Step, scriptedTransport } from "../../test/scripted-transport.js";
import { NetworkError } from "../outcome/errors.js";
import { downloadImage } from "./download-image.js";

const KEY = "dl-key-31b7";
const URL_ON_API = "https://api.example/task/image/1?cache=100";
const credentials = { origin: "https://api.example", headers: { authorization: KEY } };

function setup(steps: readonly Step[]) {
  const transport = scriptedTransport(steps);
  const clock = new FakeClock();
  return { transport, clock, options: { transport, clock } };
}

describe("downloadImage", () => {
  it.each([
    ["3x2.png", "image/png", 3, 2],
    ["300x7-progressive.jpg", "image/jpeg", 300, 7],
    ["4x7-alpha.webp", "image/webp", 4, 7],
  ])("returns the bytes of %s with their real type and size", async (name, mimeType, width, height) => {
    const bytes = fixture(name);
    const { clock, options } = setup([{ status: 200, body: bytes }]);
    const image = await clock.run(downloadImage("https://img.example/x", options));
    expect(image).toEqual({ bytes, mimeType, width, height });
  });

  it("ignores what the server claims the type is", async () => {
    const { clock, options } = setup([{ status: 200, body: WEBP_6X5, headers: { "content-type": "image/png" } }]);
    expect((await clock.run(downloadImage("https://img.example/x.png", options))).mimeType).toBe("image/webp");
  });

  it("reports a body that is not an image as BAD_RESPONSE", async () => {
    const { clock, options } = setup([{ status: 200, body: "<html>login page</html>" }]);
    const error = await failure(clock.run(downloadImage("https://img.example/x.png", options)));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("not a PNG, JPEG or WebP image");
  });

  it("reports an image cut short (whole header, missing end) as BAD_RESPONSE", async () => {
    const png = fixture("3x2.png");
    const { clock, options } = setup([{ status: 200, body: png.subarray(0, png.length - 12) }]);
    const error = await failure(clock.run(downloadImage("https://img.example/x.png", options)));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("cut short");
  });

  it.each([403, 404, 410])("reports %i as an expired link (NOT_FOUND)", async (status) => {
    const { transport, clock, options } = setup([{ status }]);
    const error = await failure(clock.run(downloadImage("https://img.example/e.png?exp=1&sig=secret", options)));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain("The image link has expired");
    // The image host does not know whose link it is: no vendor's remedy here.
    expect(error.message).not.toMatch(/task|resume|upscale again/i);
    expect(error.message).not.toContain("sig=secret");
    expect(transport.requests).toHaveLength(1);
  });

  it("retries a 5xx and a reset", async () => {
    const { transport, clock, options } = setup([
      { status: 502 },
      { error: new NetworkError("reset", { mayHaveReachedServer: true }) },
      { status: 200, body: PNG_3X2 },
    ]);
    await clock.run(downloadImage("https://img.example/x.png", options));
    expect(transport.requests).toHaveLength(3);
  });

  it.each(["ftp://img.example/x.png", "file:///etc/passwd", "data:image/png;base64,AAAA", "not a url"])(
    "refuses %j with INVALID_REQUEST and sends nothing",
    async (url) => {
      const { transport, options } = setup([]);
      const error = await failure(downloadImage(url, options));
      expect(error.code).toBe("INVALID_REQUEST");
      expect(error.message).toContain("Only http(s) image links");
      expect(transport.requests).toHaveLength(0);
    },
  );

  it("sends credentials to their origin only", async () => {
    const { transport, clock, options } = setup([
      { status: 200, body: PNG_3X2 },
      { status: 200, body: PNG_3X2 },
    ]);
    await clock.run(downloadImage(URL_ON_API, { ...options, credentials }));
    await clock.run(downloadImage("https://cdn.example/x.png", { ...options, credentials }));
    expect(transport.requests[0]?.headers.authorization).toBe(KEY);
    expect(transport.requests[1]?.headers.authorization).toBeUndefined();
  });

  it("treats http and https of one host as different origins", async () => {
    const { transport, clock, options } = setup([{ status: 200, body: PNG_3X2 }]);
    await clock.run(downloadImage("http://api.example/task/image/1", { ...options, credentials }));
    expect(transport.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("can be cancelled during a retry wait", async () => {
    const { transport, clock, options } = setup([{ status: 503 }]);
    const controller = new AbortController();
    const pending = downloadImage("https://img.example/x.png", { ...options, signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pendingSleeps()).toHaveLength(1);
    controller.abort();
    expect((await failure(pending)).code).toBe("ABORTED");
    expect(transport.requests).toHaveLength(1);
  });
});

describe("downloadImage against real servers", () => {
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it("follows the API's redirect to an image host without the key", async () => {
    const cdn = await startLoopbackServer((_request, res) => {
      res.writeHead(200, { "content-type": "image/png" }).end(PNG_3X2);
    });
    const api = await startLoopbackServer((_request, res) => {
      res.writeHead(302, { location: `${cdn.origin}/signed/1.png?sig=abc` }).end();
    });
    servers.push(cdn, api);
    const image = await downloadImage(`${api.origin}/task/image/1`, {
      credentials: { origin: api.origin, headers: { authorization: KEY } },
    });
    expect(image).toMatchObject({ mimeType: "image/png", width: 3, height: 2 });
    expect(api.requests[0]?.headers.authorization).toBe(KEY);
    expect(cdn.requests[0]?.url).toBe("/signed/1.png?sig=abc");
    expect(cdn.requests[0]?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(cdn.requests[0]?.headers)).not.toContain(KEY);
  });

  it("reports a real 410 as an expired link", async () => {
    const host = await startLoopbackServer((_request, res) => {
      res.writeHead(410).end("Gone");
    });
    servers.push(host);
    const error = await failure(downloadImage(`${host.origin}/ephemeral/x.png?exp=1`));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain("expired");
  });
});
