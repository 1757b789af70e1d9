import { type FakeApis, type Scenario, startFakeApis, vendorExamples } from "@upscale/fake-apis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
// The wire schemas are internal: this suite checks them against the vendors' own examples.
import {
  ideogramErrorBodySchema,
  ideogramUpscaleRequestSchema,
  ideogramUpscaleResponseSchema,
} from "../../src/ideogram/ideogram-schemas.js";
import {
  ideogramGenerationSchema,
  ideogramPriceQuoteSchema,
  ideogramSubmissionSchema,
} from "../../src/ideogram/ideogram-v2-schemas.js";
import {
  gptunnelBalanceSchema,
  gptunnelErrorBodySchema,
  midjourneyTaskSchema,
} from "../../src/midjourney/midjourney-schemas.js";
import { PNG_3X2 } from "../images.js";

/**
 * The shared test vectors: the seeds' literal examples and the fake's live answers must all be read by the
 * core's zod schemas without losing a field, so neither the fake nor the clients can drift from the docs
 * (or from each other) silently. The live answers are fetched raw here, not through the clients.
 */

/** Parses `value` with `schema` and checks nothing was dropped: a field the schema does not know is drift. */
function expectSchemaReads<T>(schema: ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(value);
  return parsed.data as T;
}

describe("the seeds' examples", () => {
  // One schema per example, by name: an example added to the fake without a schema here fails the last test.
  const schemas: Record<string, Record<string, (example: unknown) => unknown>> = {
    gptunnel: {
      upsampleCreated: (example) => expectSchemaReads(midjourneyTaskSchema, example),
      upsampleResentWhenDone: (example) => expectSchemaReads(midjourneyTaskSchema, example),
    },
    ideogram: {
      upscaleResponse: (example) => expectSchemaReads(ideogramUpscaleResponseSchema, example),
      // A JSON string on the wire; the client checks it strictly (an unknown parameter is an error).
      upscaleImageRequest: (example) =>
        expectSchemaReads(ideogramUpscaleRequestSchema.strict(), JSON.parse(example as string)),
    },
  };
  const entries = Object.entries(vendorExamples).flatMap(([vendor, examples]) =>
    Object.entries(examples).map(([name, example]) => ({ vendor, name, example })),
  );

  it.each(entries)("$vendor.$name validates against the core's schema", ({ vendor, name, example }) => {
    const validate = schemas[vendor]?.[name];
    expect(validate, `no schema mapped for vendorExamples.${vendor}.${name}`).toBeDefined();
    validate?.(example);
  });

  it("covers every example, and the finished upsample reads as done with a result link", () => {
    expect(entries.map(({ vendor, name }) => `${vendor}.${name}`).sort()).toEqual(
      Object.entries(schemas)
        .flatMap(([vendor, names]) => Object.keys(names).map((name) => `${vendor}.${name}`))
        .sort(),
    );
    const done = midjourneyTaskSchema.parse(vendorExamples.gptunnel.upsampleResentWhenDone);
    expect(done).toMatchObject({ status: "done", percent: 100, result: expect.stringMatching(/^https:\/\//) });
  });
});

describe("the fake's live answers", () => {
  let fake: FakeApis;

  beforeAll(async () => {
    fake = await startFakeApis();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.setScenario({});
  });

  async function gptunnel(
    path: string,
    options: { body?: unknown; key?: string } = {},
  ): Promise<{ status: number; body: unknown }> {
    const { body, key = fake.keys.gptunnel } = options;
    const response = await fetch(`${fake.gptunnelUrl}/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: key, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  /** A task as the API shows it, checked to be a 200 the schema reads in full. */
  async function task(path: string, body?: unknown) {
    const answer = await gptunnel(path, { body });
    expect(answer.status).toBe(200);
    return expectSchemaReads(midjourneyTaskSchema, answer.body);
  }

  /** Polls the raw `/result` (every 10 ms, at most 5 s) until `until` holds. */
  async function resultUntil(taskId: string, until: (status: string) => boolean) {
    for (const stopAt = Date.now() + 5_000; Date.now() < stopAt; ) {
      const current = await task(`result?taskId=${taskId}`);
      if (until(current.status)) return current;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`Task ${taskId} never reached the expected status.`);
  }

  it("imagine, and a result while idle", async () => {
    fake.setScenario({ task: { durationMs: 60_000 } }); // idle for its first 6 s
    const created = await task("imagine", { prompt: "a lighthouse at dawn" });
    expect(created).toMatchObject({ type: "imagine", status: "idle", percent: 0, result: null, parentId: null });
    const idle = await task(`result?taskId=${created.id}`);
    expect(idle).toMatchObject({ id: created.id, status: "idle", percent: 0, result: null, error: null });
  });

  it("a result while running", async () => {
    fake.setScenario({ task: { durationMs: 100 }, faults: [{ endpoint: "imagine", fault: { kind: "never-finish" } }] });
    const created = await task("imagine", { prompt: "a lighthouse at noon" });
    const running = await resultUntil(created.id, (status) => status !== "idle");
    expect(running.status).toBe("running");
    expect(running.percent).toBeGreaterThan(0);
    expect(running.percent).toBeLessThan(100);
    expect(running.result).toBeNull();
  });

  it("a finished grid, its upsample (created, done, re-sent) and a variation", async () => {
    fake.setScenario({ task: { durationMs: 50 } });
    const grid = await resultUntil((await task("imagine", { prompt: "a lighthouse at dusk" })).id, isDone);
    expect(grid).toMatchObject({ percent: 100, result: expect.stringMatching(/^http:\/\//) });
    expect(grid.actions).toContain("upsamle_1"); // the vendor's own spelling

    const upsample = await task("upsample", { taskId: grid.id, image: 1 });
    const example = vendorExamples.gptunnel;
    expect(Object.keys(upsample)).toEqual(Object.keys(example.upsampleCreated));
    expect(upsample).toMatchObject({ type: "upsample", parentId: grid.id, status: "idle", actions: [] });

    const done = await resultUntil(upsample.id, isDone);
    expect(done.actions).toEqual(example.upsampleResentWhenDone.actions);
    const resent = await task("upsample", { taskId: grid.id, image: 1 });
    expect(resent).toEqual(done);

    const variation = await task("variation", { taskId: grid.id, image: 2 });
    expect(variation).toMatchObject({ type: "variation", parentId: grid.id, status: "idle" });
  });

  const gptunnelErrors: {
    status: number;
    type: string;
    scenario?: Scenario;
    path: string;
    body?: unknown;
    key?: string;
  }[] = [
    { status: 401, type: "unauthorized_request_error", path: "imagine", body: { prompt: "x" }, key: "not-the-key" },
    { status: 400, type: "invalid_request_error", path: "result?taskId=not-an-id" },
    {
      status: 402,
      type: "insufficient_balance_error",
      scenario: { balance: 0 },
      path: "imagine",
      body: { prompt: "x" },
    },
    { status: 405, type: "invalid_request_error", path: "upsample" },
    {
      status: 429,
      type: "rate_limit_error",
      scenario: { faults: [{ endpoint: "result", fault: { kind: "status", status: 429, retryAfter: 1 } }] },
      path: `result?taskId=${vendorExamples.gptunnel.upsampleCreated.id}`,
    },
    {
      status: 503,
      type: "server_error",
      scenario: { faults: [{ endpoint: "imagine", fault: { kind: "status", status: 503 } }] },
      path: "imagine",
      body: { prompt: "x" },
    },
  ];

  it.each(gptunnelErrors)("GPTunnel error body: $status $type", async ({ status, type, scenario, path, body, key }) => {
    if (scenario) fake.setScenario(scenario);
    const answer = await gptunnel(path, { body, key });
    expect(answer.status).toBe(status);
    const parsed = expectSchemaReads(gptunnelErrorBodySchema, answer.body);
    expect(parsed.error.type).toBe(type);
    expect(parsed.error.message).not.toBe("");
  });

  async function ideogram(options: { relay?: boolean; form?: FormData } = {}) {
    const { relay = false, form = upscaleForm(PNG_3X2) } = options;
    const key = fake.keys.ideogram;
    const response = await fetch(`${relay ? fake.ideogramRelayUrl : fake.ideogramUrl}/upscale`, {
      method: "POST",
      headers: relay ? { authorization: `Bearer ${key}` } : { "api-key": key },
      body: form,
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  it.each([
    { route: "official", relay: false },
    { route: "relay", relay: true },
  ])("Ideogram success body ($route)", async ({ relay }) => {
    const answer = await ideogram({ relay, form: upscaleForm(PNG_3X2, { num_images: 2, seed: 7, prompt: "sea" }) });
    expect(answer.status).toBe(200);
    const body = expectSchemaReads(ideogramUpscaleResponseSchema, answer.body);
    expect(body.data).toHaveLength(2);
    for (const image of body.data) {
      expect(image).toMatchObject({ seed: 7, prompt: "sea", is_image_safe: true, resolution: "3x2" });
      expect(image.upscaled_resolution).toBe("6x4");
      expect(image.url).toMatch(new RegExp(`^${fake.imagesUrl}/`));
    }
  });

  it("Ideogram body with an image flagged unsafe", async () => {
    fake.setScenario({ faults: [{ endpoint: "upscale", fault: { kind: "unsafe", mode: "flag" } }] });
    const answer = await ideogram();
    expect(answer.status).toBe(200);
    const [image] = expectSchemaReads(ideogramUpscaleResponseSchema, answer.body).data;
    expect(image).toMatchObject({ is_image_safe: false, url: null });
  });

  const ideogramErrors: { name: string; status: number; scenario?: Scenario; form?: () => FormData }[] = [
    { name: "429 in-flight limit", status: 429, scenario: { ideogram: { inflightLimit: 0 } } },
    {
      name: "422 safety",
      status: 422,
      scenario: { faults: [{ endpoint: "upscale", fault: { kind: "unsafe", mode: "422" } }] },
    },
    { name: "400 invalid field", status: 400, form: () => upscaleForm(PNG_3X2, { resemblance: 0 }) },
    { name: "400 not an image", status: 400, form: () => upscaleForm(new TextEncoder().encode("plain text")) },
    {
      name: "500 server error",
      status: 500,
      scenario: { faults: [{ endpoint: "upscale", fault: { kind: "status", status: 500 } }] },
    },
  ];

  it.each(ideogramErrors)("Ideogram error body: $name", async ({ status, scenario, form }) => {
    if (scenario) fake.setScenario(scenario);
    const answer = await ideogram({ form: form?.() });
    expect(answer.status).toBe(status);
    const body = expectSchemaReads(ideogramErrorBodySchema, answer.body);
    expect(body.error ?? body.detail).toEqual(expect.any(String));
    if (status === 429) {
      expect(body.reject_reason).toBe("inflight_limit");
      expect(answer.headers.get("retry-after")).toBe("1");
    }
  });

  it("Ideogram 401 body, for each auth style sent to the other route", async () => {
    const official = await fetch(`${fake.ideogramUrl}/upscale`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.keys.ideogram}` },
      body: upscaleForm(PNG_3X2),
    });
    const relay = await fetch(`${fake.ideogramRelayUrl}/upscale`, {
      method: "POST",
      headers: { "api-key": fake.keys.ideogram },
      body: upscaleForm(PNG_3X2),
    });
    for (const response of [official, relay]) {
      expect(response.status).toBe(401);
      expectSchemaReads(ideogramErrorBodySchema, await response.json());
    }
  });
});

describe("the fake's live Ideogram v2 and GPTunnel balance answers", () => {
  let fake: FakeApis;

  beforeAll(async () => {
    fake = await startFakeApis();
  });
  afterAll(async () => {
    await fake.close();
  });
  async function v2(model: string, fields: Record<string, string>, query = "") {
    const form = new FormData();
    form.set("image", new Blob([new Uint8Array(PNG_3X2)]), "image.png");
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    const response = await fetch(`${fake.ideogramUrl}/v2/image/upscale/${model}${query}`, {
      method: "POST",
      headers: { "api-key": fake.keys.ideogram },
      body: form,
    });
    return { status: response.status, body: await response.json() };
  }
  async function generation(id: string) {
    const response = await fetch(`${fake.ideogramUrl}/v2/generations/${id}`, {
      headers: { "api-key": fake.keys.ideogram },
    });
    return response.json();
  }
  async function settled(id: string) {
    for (let i = 0; i < 500; i++) {
      const body = await generation(id);
      if (body.status !== "pending") return body;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`Generation ${id} never settled.`);
  }

  beforeEach(() => fake.setScenario({ ideogram: { generationMs: 30 } }));

  it.each([
    ["topaz-standard-2", {}],
    ["nano-banana-pro", { resolution_tier: "1K" }],
  ])("price quote (%s)", async (model, fields) => {
    const answer = await v2(model, fields, "?dry_run=true");
    expect(answer.status).toBe(200);
    expectSchemaReads(ideogramPriceQuoteSchema, answer.body);
  });

  it("async submission, then the generation pending and completed", async () => {
    const submitted = await v2("auto", { async: "true" });
    const { generation_id } = expectSchemaReads(ideogramSubmissionSchema, submitted.body);
    expect(expectSchemaReads(ideogramGenerationSchema, await generation(generation_id)).status).toBe("pending");
    const done = expectSchemaReads(ideogramGenerationSchema, await settled(generation_id));
    expect(done).toMatchObject({ status: "completed", data: [{ is_image_safe: true }] });
  });

  it("a failed generation, and one withheld by the safety check", async () => {
    fake.setScenario({
      ideogram: { generationMs: 30 },
      faults: [
        { endpoint: "upscale-v2", on: { requests: [1] }, fault: { kind: "generation-fails" } },
        { endpoint: "upscale-v2", on: { requests: [2] }, fault: { kind: "unsafe", mode: "flag" } },
      ],
    });
    const failed = await v2("auto", { async: "true" });
    const withheld = await v2("auto", { async: "true" });
    expect(expectSchemaReads(ideogramGenerationSchema, await settled(failed.body.generation_id))).toMatchObject({
      status: "failed",
      failure_reason: expect.any(String),
    });
    expect(expectSchemaReads(ideogramGenerationSchema, await settled(withheld.body.generation_id))).toMatchObject({
      data: [{ is_image_safe: false, url: null }],
    });
  });

  it.each<{ name: string; scenario: Scenario; status: number }>([
    { name: "429 in-flight limit", scenario: { ideogram: { inflightLimit: 0 } }, status: 429 },
    { name: "402 insufficient funds", scenario: { ideogram: { fundsUsdMicros: 0 } }, status: 402 },
    { name: "402 daily limit", scenario: { ideogram: { dailyLimitUsdMicros: 0 } }, status: 402 },
  ])("v2 error body: $name", async ({ scenario, status }) => {
    fake.setScenario(scenario);
    const answer = await v2("auto", { async: "true" });
    expect(answer.status).toBe(status);
    expect(expectSchemaReads(ideogramErrorBodySchema, answer.body).reject_reason).toEqual(expect.any(String));
  });

  it("GPTunnel balance", async () => {
    const response = await fetch(`${new URL(fake.gptunnelUrl).origin}/v1/balance`, {
      headers: { authorization: fake.keys.gptunnel },
    });
    expectSchemaReads(gptunnelBalanceSchema, await response.json());
  });
});

const isDone = (status: string) => status === "done";

function upscaleForm(image: Uint8Array, imageRequest: object = {}): FormData {
  const form = new FormData();
  form.set("image_file", new Blob([new Uint8Array(image)]), "image.png");
  form.set("image_request", JSON.stringify(imageRequest));
  return form;
}
