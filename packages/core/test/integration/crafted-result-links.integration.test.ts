import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createIdeogramClient,
  createMidjourneyClient,
  fetchTransport,
  waitForMidjourneyImage,
} from "../../src/index.js";
import { failure } from "../failure.js";
import { PNG_3X2 } from "../images.js";
import { type LoopbackServer, type RecordedRequest, startLoopbackServer } from "../loopback-server.js";
import { ScaledClock } from "./scaled-clock.js";

/**
 * The credential boundary end to end (issue 7 §1): the fake vendors answer with crafted result links that a
 * naive parser reads as the API's own origin while fetch connects to another listener. The Midjourney client
 * sends its key to result links on the API's origin (GPTunnel's links may need it), so this is where a
 * mismatch between the core's parse and the transport's would hand the key to someone else.
 */

let fake: FakeApis;
/** The other listener every crafted link really points at: it records what it is sent and serves an image. */
let elsewhere: LoopbackServer;

beforeAll(async () => {
  fake = await startFakeApis({ scenario: { task: { durationMs: 0 } } });
  elsewhere = await startLoopbackServer((_request, res) => {
    res.writeHead(200, { "content-type": "image/png" }).end(PNG_3X2);
  });
});
afterAll(async () => {
  await Promise.all([fake.close(), elsewhere.close()]);
});

/** Links that name the API's host:port somewhere, but that fetch (WHATWG URL) sends to `elsewhere`. */
function craftedLinks(): string[] {
  const api = new URL(fake.gptunnelUrl).host;
  const other = new URL(elsewhere.origin).host;
  const otherPort = new URL(elsewhere.origin).port;
  return [
    `http://${other}\\@${api}/task/image/1.png`,
    `http://${other}\\\\@${api}/task/image/1.png`,
    `http://${other}\t\\@${api}/task/image/1.png`,
    ` \u0000HTTP://${other}\\@${api}/task/image/1.png\n`,
    `http://0x7f.1:${otherPort}\\@${api}/task/image/1.png`,
    `http://2130706433:${otherPort}\\@${api}/`,
    `http:\\\\${other}\\@${api}/task/image/1.png`,
    `http://${api}@${other}/task/image/1.png`,
    `http://user:p@ss@${other}/task/image/1.png`,
    `http://${other}#@${api}/task/image/1.png`,
    `http://${other}?@${api}/task/image/1.png`,
  ];
}

/** Whether `key` is in any header or in the URL of `request`, in any letter case or percent-encoded. */
function carries(request: RecordedRequest, key: string): boolean {
  const seen = `${request.url}\n${JSON.stringify(request.headers)}`.toLowerCase();
  return seen.includes(key.toLowerCase()) || seen.includes(encodeURIComponent(key).toLowerCase());
}

/** Runs `call`, then asserts it reached `elsewhere` exactly once and without `key`; resolves with its outcome. */
async function expectOneKeylessVisit(link: string, key: string, call: () => Promise<unknown>): Promise<unknown> {
  const before = elsewhere.requests.length;
  const outcome = await call().catch((error: unknown) => error);
  const reached = elsewhere.requests.slice(before);
  expect(
    reached.filter((request) => carries(request, key)),
    link,
  ).toEqual([]);
  expect(reached, link).toHaveLength(1);
  return outcome;
}

describe("a crafted result link", () => {
  it("that points elsewhere never gets the GPTunnel key, though the image is fetched from there", async () => {
    const clock = new ScaledClock(20);
    const client = createMidjourneyClient({
      apiKey: fake.keys.gptunnel,
      baseUrl: fake.gptunnelUrl,
      transport: fetchTransport(),
      clock,
    });
    for (const resultLink of craftedLinks()) {
      fake.setScenario({ task: { durationMs: 0 }, images: { resultLink } });
      const outcome = await expectOneKeylessVisit(resultLink, fake.keys.gptunnel, async () => {
        const task = await client.imagine("a lighthouse");
        return waitForMidjourneyImage(client, task.id, { clock });
      });
      expect(outcome, resultLink).toMatchObject({ image: { mimeType: "image/png" } });
    }
  });

  it("that points elsewhere never gets the Ideogram key either (official and relay)", async () => {
    for (const style of ["official", "relay"] as const) {
      const baseUrl = style === "official" ? fake.ideogramUrl : fake.ideogramRelayUrl;
      const client = createIdeogramClient({ apiKey: fake.keys.ideogram, style, baseUrl, transport: fetchTransport() });
      for (const resultLink of craftedLinks()) {
        fake.setScenario({ images: { resultLink } });
        await expectOneKeylessVisit(resultLink, fake.keys.ideogram, async () => {
          const { image } = await client.upscale(PNG_3X2);
          return client.download(image.url);
        });
      }
    }
  });

  it("that really is on the API's origin, however it is spelt, still gets the key (the boundary is not just closed)", async () => {
    const api = new URL(fake.gptunnelUrl);
    const received = elsewhere.requests.length;
    const client = createMidjourneyClient({ apiKey: fake.keys.gptunnel, baseUrl: fake.gptunnelUrl });
    fake.setScenario({
      task: { durationMs: 0 },
      images: { resultLink: `HTTP://${elsewhere.origin.slice(7)}@0x7F.1:${api.port}\\v1\\midjourney\\result` },
    });
    const task = await client.imagine("a lighthouse");
    const error = await failure(waitForMidjourneyImage(client, task.id, { clock: new ScaledClock(20) }));
    // The API answers its own /result without a task id: a 400 that proves the key went there and nowhere else.
    expect(error).toMatchObject({ code: "INVALID_REQUEST", cause: { status: 400 } });
    expect(elsewhere.requests.length).toBe(received);
  });
});
