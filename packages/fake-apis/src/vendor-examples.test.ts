import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishedGrid, makeImage, midjourney, pollTask, upscale, upscaleForm } from "../test/helpers.js";
import { type FakeApis, startFakeApis } from "./start-fake-apis.js";
import { vendorExamples } from "./vendor-examples.js";

/** The shape of a JSON value: key order and value types, recursively; arrays by their first element. */
function shape(value: unknown): unknown {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "empty array" : [shape(value[0])];
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>).map(([key, child]) => [key, shape(child)]);
  }
  return typeof value;
}

let fake: FakeApis;
beforeAll(async () => {
  fake = await startFakeApis({ scenario: { task: { durationMs: 50 } } });
});
afterAll(() => fake.close());

describe("the fake answers in the seeds' exact shapes", () => {
  it("a new upsample task matches the seed's creation example field for field", async () => {
    const grid = await finishedGrid(fake, "shape");
    const created = await midjourney(fake).post("upsample", { taskId: grid.id, image: 1 });
    expect(shape(created.body)).toEqual(shape(vendorExamples.gptunnel.upsampleCreated));
    expect(created.body).toMatchObject({ object: "task", type: "upsample", status: "idle", percent: 0, actions: [] });
    expect(created.body.usage).toEqual(vendorExamples.gptunnel.upsampleCreated.usage);
  });

  it("re-sending a finished upsample matches the seed's re-send example, actions included", async () => {
    const grid = await finishedGrid(fake, "shape again");
    const created = await midjourney(fake).post("upsample", { taskId: grid.id, image: 3 });
    await pollTask(fake, created.body.id);
    const resent = await midjourney(fake).post("upsample", { taskId: grid.id, image: 3 });
    const example = vendorExamples.gptunnel.upsampleResentWhenDone;
    expect(shape(resent.body)).toEqual(shape(example));
    expect(resent.body).toMatchObject({ status: example.status, percent: example.percent, actions: example.actions });
    const url = new URL(resent.body.result);
    expect(url.pathname).toBe(`/task/image/${resent.body.id}`);
    expect(url.searchParams.get("cache")).toBe(new URL(example.result).searchParams.get("cache"));
  });

  it("an Ideogram upscale has every field of the seed's example, with the same types, plus upscaled_resolution", async () => {
    const response = await upscale(fake, upscaleForm(await makeImage(10, 10), { seed: 12345, prompt: "p" }));
    const example = vendorExamples.ideogram.upscaleResponse;
    expect(Object.keys(response.body).sort()).toEqual(Object.keys(example).sort());
    expect(response.body.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const [item] = response.body.data;
    const [exampleItem] = example.data;
    expect(shape(Object.fromEntries(Object.keys(exampleItem ?? {}).map((k) => [k, item[k]])))).toEqual(
      shape(exampleItem),
    );
    expect(item.resolution).toMatch(/^\d+x\d+$/);
    expect(item.upscaled_resolution).toMatch(/^\d+x\d+$/);
  });
});

describe("vendorExamples", () => {
  it("are the seeds' literal values, frozen so no test can alter them for another", () => {
    expect(vendorExamples.gptunnel.upsampleCreated.id).toBe("6558a19c0bfe4600011437cd");
    expect(vendorExamples.ideogram.upscaleResponse.data).toHaveLength(2);
    expect(JSON.parse(vendorExamples.ideogram.upscaleImageRequest)).toMatchObject({ seed: 12345, resemblance: 50 });
    expect(Object.isFrozen(vendorExamples.gptunnel.upsampleResentWhenDone.actions)).toBe(true);
    expect(Object.isFrozen(vendorExamples.ideogram.upscaleResponse.data[0])).toBe(true);
  });
});
