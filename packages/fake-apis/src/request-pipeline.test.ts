import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  download,
  finishedGrid,
  makeImage,
  midjourney,
  pollTask,
  rawRequest,
  startSteppedFake,
  upscale,
  upscaleForm,
} from "../test/helpers.js";
import { NEVER_FINISH_PERCENT } from "./midjourney-task.js";
import type { FaultRule, Scenario } from "./scenario.js";
import { type FakeApis, startFakeApis } from "./start-fake-apis.js";

let fake: FakeApis;
beforeAll(async () => {
  fake = await startFakeApis();
});
afterAll(() => fake.close());
beforeEach(() => fake.stats.reset());

function use(faults: FaultRule[], extra: Scenario = {}): void {
  fake.setScenario({ task: { durationMs: 100 }, ...extra, faults });
}

const imagineRaw = () =>
  rawRequest(
    `${fake.gptunnelUrl}/imagine`,
    "POST",
    { authorization: fake.keys.gptunnel, "content-type": "application/json" },
    JSON.stringify({ prompt: "raw" }),
  );

describe("status faults", () => {
  it("429 with Retry-After in GPTunnel's error shape, creating and charging nothing", async () => {
    use([{ endpoint: "imagine", on: { requests: [1] }, fault: { kind: "status", status: 429, retryAfter: 2 } }], {
      balance: 1,
    });
    const limited = await midjourney(fake).post("imagine", { prompt: "x" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.body).toEqual({
      error: { message: "Too Many Requests", type: "rate_limit_error", param: null, code: null },
    });
    expect((await midjourney(fake).post("imagine", { prompt: "x" })).status).toBe(200);
    expect(fake.stats.log.map((e) => [e.status, e.faults])).toEqual([
      [429, ["status"]],
      [200, []],
    ]);
  });

  it.each([500, 502, 503])("%i on the requests named, in each vendor's error shape", async (status) => {
    use([
      { endpoint: "result", on: { requests: [2] }, fault: { kind: "status", status } },
      { endpoint: "upscale", on: { requests: [1] }, fault: { kind: "status", status } },
    ]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await midjourney(fake).result("aaaaaaaaaaaaaaaaaaaaaaaa")).status);
    expect(statuses).toEqual([400, status, 400]);
    const failed = await upscale(fake, upscaleForm(await makeImage(8, 8)));
    expect(failed.status).toBe(status);
    expect(failed.body).toEqual({ detail: expect.any(String) });
  });

  it("sends a given body verbatim, e.g. a gateway's HTML page", async () => {
    const page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    use([{ endpoint: "result", fault: { kind: "status", status: 502, body: page } }]);
    const response = await fetch(`${fake.gptunnelUrl}/result?taskId=aaaaaaaaaaaaaaaaaaaaaaaa`, {
      headers: { authorization: fake.keys.gptunnel },
    });
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(await response.text()).toBe(page);
  });
});

describe("broken deliveries (the endpoint still ran: the task exists and was charged)", () => {
  it("reset: headers and half the body, then a connection reset", async () => {
    use([{ endpoint: "imagine", on: { requests: [1] }, fault: { kind: "reset" } }], { balance: 1 });
    const outcome = await imagineRaw();
    expect(outcome.statusLine).toBe("HTTP/1.1 200 OK");
    expect(outcome.ending).toBe("ECONNRESET");
    expect(outcome.bodyLength).toBeLessThan(outcome.declaredLength ?? 0);
    expect((await midjourney(fake).post("imagine", { prompt: "again" })).status).toBe(402);
  });

  it("truncated: the full Content-Length announced, half the body sent, then a clean close", async () => {
    use([{ endpoint: "imagine", fault: { kind: "truncated" } }]);
    const outcome = await imagineRaw();
    expect(outcome.ending).toBe("end");
    expect(outcome.bodyLength).toBeGreaterThan(0);
    expect(outcome.bodyLength).toBeLessThan(outcome.declaredLength ?? 0);
    const viaFetch = await fetch(`${fake.gptunnelUrl}/imagine`, {
      method: "POST",
      headers: { authorization: fake.keys.gptunnel },
      body: JSON.stringify({ prompt: "x" }),
    });
    await expect(viaFetch.text()).rejects.toThrow();
  });

  it("malformed-json: a complete response whose JSON does not parse", async () => {
    use([{ endpoint: "imagine", fault: { kind: "malformed-json" } }]);
    const response = await fetch(`${fake.gptunnelUrl}/imagine`, {
      method: "POST",
      headers: { authorization: fake.keys.gptunnel },
      body: JSON.stringify({ prompt: "x" }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.length).toBe(Number(response.headers.get("content-length")));
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it("can truncate a result image download too", async () => {
    use([{ endpoint: "image", fault: { kind: "truncated" } }]);
    const grid = await finishedGrid(fake, "cut image");
    const outcome = await rawRequest(grid.result, "GET", {});
    expect(outcome.bodyLength).toBeLessThan(outcome.declaredLength ?? 0);
  });
});

describe("latency", () => {
  it("delays, then answers normally; latencies are logged", async () => {
    use([{ endpoint: "imagine", fault: { kind: "latency", ms: 50 } }]);
    const response = await midjourney(fake).post("imagine", { prompt: "slow" });
    expect(response.status).toBe(200);
    expect(fake.stats.log.at(-1)?.faults).toEqual(["latency"]);
  });
});

describe("task faults", () => {
  it("never-finish: percent stops below 100 and the result stays null", async () => {
    use([{ endpoint: "imagine", on: { requests: [1] }, fault: { kind: "never-finish" } }]);
    const stuck = await midjourney(fake).post("imagine", { prompt: "stuck" });
    const healthy = await midjourney(fake).post("imagine", { prompt: "fine" });
    const { final } = await pollTask(fake, stuck.body.id, (task) => task.percent === NEVER_FINISH_PERCENT);
    expect(final).toMatchObject({ status: "running", result: null, error: null });
    await pollTask(fake, healthy.body.id);
    expect((await midjourney(fake).result(stuck.body.id)).body.status).toBe("running");
  });

  it("task-fails: a failure status and a non-null error object, no result", async () => {
    const error = { message: "Job action restricted", code: "banned_prompt" };
    use([{ endpoint: "upsample", fault: { kind: "task-fails", error } }]);
    const grid = await finishedGrid(fake, "fail my upsample");
    const created = await midjourney(fake).post("upsample", { taskId: grid.id, image: 1 });
    const { final } = await pollTask(fake, created.body.id, (task) => task.error !== null);
    expect(final).toMatchObject({ status: "failed", error, result: null, actions: [] });
  });

  it("task-fails with the default error and a custom status string", async () => {
    use([{ endpoint: "imagine", fault: { kind: "task-fails", status: "error" } }]);
    const created = await midjourney(fake).post("imagine", { prompt: "x" });
    const { final } = await pollTask(fake, created.body.id, (task) => task.error !== null);
    expect(final.status).toBe("error");
    expect(final.error).toMatchObject({ message: expect.any(String) });
  });

  it("unknown-status: an undocumented status string while running, then done", async () => {
    const stepped = await startSteppedFake({
      task: { durationMs: 1_000 },
      faults: [{ endpoint: "imagine", fault: { kind: "unknown-status", status: "waiting-for-gpu" } }],
    });
    try {
      const created = await midjourney(stepped).post("imagine", { prompt: "x" });
      expect(created.body).toMatchObject({ status: "idle", percent: 0 });
      stepped.advance(500);
      const running = await midjourney(stepped).result(created.body.id);
      expect(running.body).toMatchObject({ status: "waiting-for-gpu", percent: 50, result: null });
      stepped.advance(500);
      const done = await midjourney(stepped).result(created.body.id);
      expect(done.body).toMatchObject({ status: "done", percent: 100, result: expect.any(String) });
    } finally {
      await stepped.close();
    }
  });
});

describe("result URL 404", () => {
  it("a status fault on the image endpoint makes a finished task's result vanish", async () => {
    use([{ endpoint: "image", fault: { kind: "status", status: 404 } }]);
    const grid = await finishedGrid(fake, "gone");
    expect((await download(grid.result)).status).toBe(404);
  });
});

describe("seeded probability over HTTP", () => {
  it("two fakes with the same seed fail the same requests", async () => {
    const scenario: Scenario = {
      seed: 99,
      faults: [{ endpoint: "result", on: { probability: 0.5 }, fault: { kind: "status", status: 503 } }],
    };
    const statuses = async (target: FakeApis) => {
      const seen = [];
      for (let i = 0; i < 16; i++) seen.push((await midjourney(target).result("aaaaaaaaaaaaaaaaaaaaaaaa")).status);
      return seen;
    };
    const other = await startFakeApis({ scenario });
    try {
      fake.setScenario(scenario);
      const mine = await statuses(fake);
      expect(await statuses(other)).toEqual(mine);
      expect(mine).toContain(503);
      expect(mine).toContain(400);
    } finally {
      await other.close();
    }
  });

  it("preflights do not use up request numbers", async () => {
    use([{ endpoint: "result", on: { requests: [1] }, fault: { kind: "status", status: 503 } }]);
    const url = `${fake.gptunnelUrl}/result?taskId=aaaaaaaaaaaaaaaaaaaaaaaa`;
    expect((await fetch(url, { method: "OPTIONS" })).status).toBe(204);
    expect((await midjourney(fake).result("aaaaaaaaaaaaaaaaaaaaaaaa")).status).toBe(503);
  });
});
