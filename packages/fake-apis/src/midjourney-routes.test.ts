import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  download,
  finishedGrid,
  imageSize,
  midjourney,
  pixel,
  pollTask,
  sameColour,
  startSteppedFake,
} from "../test/helpers.js";
import { GRID_SIZE, quadrantOrigin } from "./grid-image.js";
import { type FakeApis, startFakeApis } from "./start-fake-apis.js";

const FAST = { task: { durationMs: 150 } };
const TASK_ID = /^[0-9a-f]{24}$/;

let fake: FakeApis;
beforeAll(async () => {
  fake = await startFakeApis({ scenario: FAST });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setScenario(FAST);
  fake.stats.reset();
});

function expectVendorError(response: { status: number; body: unknown }, status: number, type: string) {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({ error: { message: expect.any(String), type, param: null, code: null } });
}

describe("auth: the raw key in Authorization", () => {
  it.each([
    ["no header", null],
    ["a wrong key", "not-the-key"],
    ["the key with Bearer", "Bearer fake-gptunnel-key"],
  ])("refuses %s with unauthorized_request_error, creating nothing", async (_, key) => {
    const response = await midjourney(fake, key).post("imagine", { prompt: "a fox" });
    expectVendorError(response, 401, "unauthorized_request_error");
    expect(fake.stats.log.at(-1)).toMatchObject({ endpoint: "imagine", status: 401, authHeaderPresent: !!key });
  });

  it("accepts an overridden key and only that one", async () => {
    const custom = await startFakeApis({ keys: { gptunnel: "my-own-key" } });
    try {
      expect((await midjourney(custom, "my-own-key").post("imagine", { prompt: "a" })).status).toBe(200);
      expect((await midjourney(custom, "fake-gptunnel-key").post("imagine", { prompt: "a" })).status).toBe(401);
    } finally {
      await custom.close();
    }
  });
});

describe("task lifecycle", () => {
  it("imagine answers an idle task object; result moves it through running to done with a result URL", async () => {
    const created = await midjourney(fake).post("imagine", { prompt: "a lighthouse", useWalletBalance: true });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(TASK_ID),
      parentId: null,
      object: "task",
      type: "imagine",
      actions: [],
      percent: 0,
      status: "idle",
      result: null,
      error: null,
    });

    const { final, seen } = await pollTask(fake, created.body.id);
    const notDone = seen.filter((task) => task.status !== "done");
    expect(notDone.every((task) => task.result === null && task.actions.length === 0)).toBe(true);
    const percents = seen.map((task) => task.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(final).toMatchObject({ status: "done", percent: 100, result: expect.stringContaining(fake.imagesUrl) });
    expect(final.actions).toContain("variation_1");
  });

  it("shows a running task with the configured status and a percent strictly between 0 and 100", async () => {
    const stepped = await startSteppedFake({ task: { durationMs: 3_000, runningStatus: "in_progress" } });
    try {
      const created = await midjourney(stepped).post("imagine", { prompt: "slow" });
      for (const [step, percent] of [
        [600, 20],
        [2_099, 89],
      ] as const) {
        stepped.advance(step);
        const { body } = await midjourney(stepped).result(created.body.id);
        expect(body).toMatchObject({ status: "in_progress", percent, result: null, actions: [] });
      }
    } finally {
      await stepped.close();
    }
  });

  it("returns the same result URL on every poll once done", async () => {
    const grid = await finishedGrid(fake, "stable url");
    const again = await midjourney(fake).result(grid.id);
    expect(again.body.result).toBe(grid.result);
  });
});

describe("images", () => {
  it("imagine draws a real grid PNG, the same for the same prompt and different for another", async () => {
    const grids = await Promise.all(["red fox", "red fox", "blue whale"].map((prompt) => finishedGrid(fake, prompt)));
    const [bytesA, bytesB, bytesC] = await Promise.all([
      download(grids[0].result),
      download(grids[1].result),
      download(grids[2].result),
    ]);
    expect(await imageSize(bytesA.bytes)).toEqual({ format: "png", width: GRID_SIZE, height: GRID_SIZE });
    expect(bytesA.headers.get("content-type")).toBe("image/png");
    expect(bytesA.bytes.equals(bytesB.bytes)).toBe(true);
    expect(bytesA.bytes.equals(bytesC.bytes)).toBe(false);
  });

  it("upsample returns the chosen quadrant as a larger PNG, recognisable by its pixels", async () => {
    const grid = await finishedGrid(fake, "four different quadrants");
    const gridBytes = (await download(grid.result)).bytes;
    const corners = await Promise.all(
      ([1, 2, 3, 4] as const).map((i) => pixel(gridBytes, quadrantOrigin(i).left + 3, quadrantOrigin(i).top + 3)),
    );
    expect(new Set(corners.map(String)).size).toBe(4);

    for (const image of [2, 3] as const) {
      const created = await midjourney(fake).post("upsample", { taskId: grid.id, image });
      expect(created.body).toMatchObject({ type: "upsample", parentId: grid.id, status: "idle", percent: 0 });
      const done = (await pollTask(fake, created.body.id)).final;
      const upsampled = (await download(done.result)).bytes;
      expect(await imageSize(upsampled)).toEqual({ format: "png", width: GRID_SIZE, height: GRID_SIZE });
      const corner = await pixel(upsampled, 6, 6);
      const matches = corners.map((c) => sameColour(c, corner));
      expect(matches).toEqual([1, 2, 3, 4].map((i) => i === image));
    }
  });

  it("variation of a grid quadrant makes a new grid; of an upsample it needs a mode", async () => {
    const grid = await finishedGrid(fake, "vary me");
    const variation = await midjourney(fake).post("variation", { taskId: grid.id, image: 1 });
    expect(variation.body).toMatchObject({ type: "variation", parentId: grid.id, status: "idle" });
    const varied = (await pollTask(fake, variation.body.id)).final;
    const [gridBytes, variedBytes] = await Promise.all([download(grid.result), download(varied.result)]);
    expect(await imageSize(variedBytes.bytes)).toMatchObject({ width: GRID_SIZE, height: GRID_SIZE });
    expect(variedBytes.bytes.equals(gridBytes.bytes)).toBe(false);

    const up = (await pollTask(fake, (await midjourney(fake).post("upsample", { taskId: grid.id, image: 4 })).body.id))
      .final;
    const withoutMode = await midjourney(fake).post("variation", { taskId: up.id });
    expectVendorError(withoutMode, 400, "invalid_request_error");
    expect(withoutMode.body.error.message).toMatch(/mode/);
    expect((await midjourney(fake).post("variation", { taskId: up.id, mode: "low" })).status).toBe(200);
  });
});

describe("re-sending upsample", () => {
  it("returns the same task, finished, without creating another", async () => {
    const grid = await finishedGrid(fake, "resend");
    const first = await midjourney(fake).post("upsample", { taskId: grid.id, image: 1 });
    const done = (await pollTask(fake, first.body.id)).final;
    const again = await midjourney(fake).post("upsample", { taskId: grid.id, image: 1 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(done);
    const other = await midjourney(fake).post("upsample", { taskId: grid.id, image: 2 });
    expect(other.body.id).not.toBe(first.body.id);
  });
});

describe("invalid requests get invalid_request_error (400)", () => {
  let grid: { id: string };
  beforeAll(async () => {
    grid = await finishedGrid(fake, "parent");
  });

  it.each([
    ["imagine", "not json", /JSON object/],
    ["imagine", {}, /prompt/],
    ["imagine", { prompt: "   " }, /prompt/],
    ["imagine", { prompt: "x", useWalletBalance: "yes" }, /useWalletBalance/],
    ["upsample", { image: 1 }, /taskId is required/],
    ["upsample", { taskId: "123", image: 1 }, /24 hex/],
    ["upsample", { taskId: "aaaaaaaaaaaaaaaaaaaaaaaa", image: 1 }, /not found/],
    ["variation", { taskId: "bbbbbbbbbbbbbbbbbbbbbbbb", image: 1 }, /not found/],
    ["variation", { taskId: "GRID", mode: "medium", image: 1 }, /mode/],
    ["variation", { taskId: "GRID" }, /image is required/],
  ])("%s %j", async (endpoint, body, message) => {
    const isGrid = typeof body === "object" && (body as { taskId?: string }).taskId === "GRID";
    const sent = isGrid ? { ...body, taskId: grid.id } : body;
    const response = await midjourney(fake).post(endpoint, sent);
    expectVendorError(response, 400, "invalid_request_error");
    expect(response.body.error.message).toMatch(message);
  });

  it.each([5, 0, "1", null])("upsample image %j", async (image) => {
    const response = await midjourney(fake).post("upsample", { taskId: grid.id, image });
    expectVendorError(response, 400, "invalid_request_error");
  });

  it("upsample without image, of an upsample, or of an unfinished grid", async () => {
    expectVendorError(await midjourney(fake).post("upsample", { taskId: grid.id }), 400, "invalid_request_error");
    const up = await midjourney(fake).post("upsample", { taskId: grid.id, image: 1 });
    const upDone = (await pollTask(fake, up.body.id)).final;
    const ofUpsample = await midjourney(fake).post("upsample", { taskId: upDone.id, image: 1 });
    expect(ofUpsample.body.error.message).toMatch(/is an upsample/);

    fake.setScenario({ task: { durationMs: 60_000 } });
    const unfinished = await midjourney(fake).post("imagine", { prompt: "not yet" });
    const early = await midjourney(fake).post("upsample", { taskId: unfinished.body.id, image: 1 });
    expectVendorError(early, 400, "invalid_request_error");
    expect(early.body.error.message).toMatch(/not finished/);
  });

  it("result without a taskId, or with an unknown one", async () => {
    const missing = await fetch(`${fake.gptunnelUrl}/result`, { headers: { authorization: fake.keys.gptunnel } });
    expectVendorError({ status: missing.status, body: await missing.json() }, 400, "invalid_request_error");
    expectVendorError(await midjourney(fake).result("cccccccccccccccccccccccc"), 400, "invalid_request_error");
  });
});

describe("balance", () => {
  it("charges imagine and variation one generation each, upsample nothing, then answers 402", async () => {
    fake.setScenario({ ...FAST, balance: 2 });
    const grid = await finishedGrid(fake, "budget");
    expect((await midjourney(fake).post("upsample", { taskId: grid.id, image: 1 })).status).toBe(200);
    expect((await midjourney(fake).post("variation", { taskId: grid.id, image: 1 })).status).toBe(200);

    const broke = await midjourney(fake).post("imagine", { prompt: "one more" });
    expectVendorError(broke, 402, "insufficient_balance_error");
    expect(broke.body.error.message).toBe("Organization balance is too low to use API");
    expectVendorError(
      await midjourney(fake).post("variation", { taskId: grid.id, image: 2 }),
      402,
      "insufficient_balance_error",
    );
    expect((await midjourney(fake).post("upsample", { taskId: grid.id, image: 2 })).status).toBe(200);
    expect(fake.stats.count("imagine", "POST")).toBe(2);
  });

  it("does not charge for a request it rejects", async () => {
    fake.setScenario({ ...FAST, balance: 1 });
    expect((await midjourney(fake).post("imagine", {})).status).toBe(400);
    expect((await midjourney(fake).post("imagine", { prompt: "paid" })).status).toBe(200);
  });
});
