import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { FakeClock } from "../../test/fake-clock.js";
import { PNG_3X2 } from "../../test/images.js";
import { type Step, scriptedTransport } from "../../test/scripted-transport.js";
import type { IdeogramClientOptions } from "./ideogram-connection.js";
import { createIdeogramV2Client } from "./ideogram-v2-client.js";

const KEY = "ideo-key-77aa31";
const GENERATION = "gen_0123456789abcdef";

function setup(steps: readonly Step[], options: Partial<IdeogramClientOptions> = {}) {
  const transport = scriptedTransport(steps);
  const clock = new FakeClock();
  const client = createIdeogramV2Client({ apiKey: KEY, transport, clock, ...options });
  return { transport, clock, client };
}

const quoteBody = (overrides: Record<string, unknown> = {}) => ({
  object: "price_quote",
  billing_identifier: "upscale",
  quantity: 1,
  usd_micros: 40_000,
  credit_millis: 4000,
  qualifier: "exact",
  upper_bound_usd_micros: 40_000,
  ...overrides,
});

describe("createIdeogramV2Client requests", () => {
  it("official: Api-Key at https://api.ideogram.ai/v2/image/upscale/{model}, async for a generation", async () => {
    const { transport, clock, client } = setup([{ status: 200, body: { generation_id: GENERATION, seed: 3 } }]);
    expect(await clock.run(client.submitUpscale(PNG_3X2, { model: "topaz-text-refine" }))).toEqual({
      generationId: GENERATION,
      seed: 3,
    });
    const [request] = transport.requests;
    expect(request?.url).toBe("https://api.ideogram.ai/v2/image/upscale/topaz-text-refine");
    expect(request?.headers["api-key"]).toBe(KEY);
    expect(request?.headers.authorization).toBeUndefined();
  });

  it("relay: Bearer at <baseUrl>/v2/…, the quote with ?dry_run=true, the generation by id", async () => {
    const { transport, clock, client } = setup(
      [
        { status: 200, body: quoteBody() },
        { status: 200, body: { generation_id: GENERATION, status: "pending" } },
      ],
      { style: "relay", baseUrl: "https://relay.example/ideogram/" },
    );
    await clock.run(client.quoteUpscale(PNG_3X2));
    await clock.run(client.generation(GENERATION));
    expect(transport.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ["POST", "https://relay.example/ideogram/v2/image/upscale/auto?dry_run=true", `Bearer ${KEY}`],
      ["GET", `https://relay.example/ideogram/v2/generations/${GENERATION}`, `Bearer ${KEY}`],
    ]);
  });
});

describe("createIdeogramV2Client answers", () => {
  it("reads an unknown qualifier as an estimate, and a missing upper bound as the price", async () => {
    const { clock, client } = setup([
      { status: 200, body: quoteBody({ qualifier: "approximate", upper_bound_usd_micros: null }) },
    ]);
    expect(await clock.run(client.quoteUpscale(PNG_3X2))).toMatchObject({
      qualifier: "estimate",
      usdMicros: 40_000,
      upperBoundUsdMicros: 40_000,
    });
  });

  it("retries a quote after a 500 (it is free), never a submission", async () => {
    const { transport, clock, client } = setup([{ status: 500 }, { status: 200, body: quoteBody() }]);
    await clock.run(client.quoteUpscale(PNG_3X2));
    expect(transport.requests).toHaveLength(2);

    const billed = setup([{ status: 500 }]);
    const error = await failure(billed.clock.run(billed.client.submitUpscale(PNG_3X2)));
    expect(error.code).toBe("SERVER_ERROR");
    expect(error.message).toMatch(/may have been processed and charged, so it was not sent again/);
    expect(billed.transport.requests).toHaveLength(1);
  });

  it("reads any answer that names the generation as a submission: it is polled, never paid twice", async () => {
    const { clock, client } = setup([
      { status: 200, body: { generation_id: GENERATION, seed: "not a number", generation_kind: 5, extra: true } },
    ]);
    expect(await clock.run(client.submitUpscale(PNG_3X2))).toEqual({ generationId: GENERATION });

    const unnamed = setup([{ status: 200, body: { data: [] } }]);
    const error = await failure(unnamed.clock.run(unnamed.client.submitUpscale(PNG_3X2)));
    expect(error).toMatchObject({ code: "BAD_RESPONSE", taskId: undefined });
    expect(error.message).toMatch(/may have been processed and charged/);
  });

  it("reads a completed generation, passing over odd details it does not rely on", async () => {
    const { clock, client } = setup([
      {
        status: 200,
        body: {
          generation_id: GENERATION,
          status: "completed",
          response_type: "url",
          usage_cost_usd_micros: 12_000,
          failure_reason: null,
          data: [{ object_type: "image", url: "https://cdn.example/x.png", is_image_safe: true, width: "wide" }],
        },
      },
    ]);
    expect(await clock.run(client.generation(GENERATION))).toEqual({
      generationId: GENERATION,
      status: "completed",
      costUsdMicros: 12_000,
      images: [{ url: "https://cdn.example/x.png", isImageSafe: true }],
    });
  });

  it("refuses a generation id that could reach another path, without sending or echoing it", async () => {
    const { transport, clock, client } = setup([]);
    const error = await failure(clock.run(client.generation("../../v1/balance")));
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.message).not.toContain("balance");
    expect(transport.requests).toEqual([]);
  });
});
