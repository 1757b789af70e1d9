import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeImage } from "../test/helpers.js";
import { type FakeApis, startFakeApis } from "./start-fake-apis.js";

/**
 * The fake declares no vendor fact of its own: it reads them from `@upscale/core/vendor-facts`. Here those facts
 * are changed, and the fake must follow each — every check below would go the other way with the real facts
 * (24-hex task ids of any case, raw `Authorization`, 10 MB, a free upsample, links in `result` and `data[].url`).
 */
vi.mock("@upscale/core/vendor-facts", async (importOriginal) => {
  const facts = await importOriginal<typeof import("@upscale/core/vendor-facts")>();
  return {
    ...facts,
    // Lower case only, 20 to 24 characters: the fake's own ids (24, lower case) still match.
    GPTUNNEL_TASK_ID_PATTERN: /^[0-9a-f]{20,24}$/,
    GPTUNNEL_AUTH: { header: "x-gptunnel-key", prefix: "Key " },
    IDEOGRAM_MAX_IMAGE_BYTES: 256 * 1024,
    GPTUNNEL_CALLS: { ...facts.GPTUNNEL_CALLS, upsample: { ...facts.GPTUNNEL_CALLS.upsample, billed: "yes" } },
    GPTUNNEL_RESULT_LINK_FIELD: "image",
    IDEOGRAM_RESULT_LINKS: { list: "images", link: "href" },
  };
});

let fake: FakeApis;
beforeAll(async () => {
  fake = await startFakeApis();
});
afterAll(() => fake.close());

const key = () => `Key ${fake.keys.gptunnel}`;

function imagine(headers: Record<string, string>) {
  return fetch(`${fake.gptunnelUrl}/imagine`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ prompt: "facts" }),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the test reads the task's JSON field by field.
async function result(taskId: string): Promise<any> {
  const response = await fetch(`${fake.gptunnelUrl}/result?taskId=${taskId}`, { headers: { "x-gptunnel-key": key() } });
  return response.json();
}

describe("the fake follows changed vendor facts", () => {
  it("takes the GPTunnel key in the header and style the facts name, and no other", async () => {
    fake.setScenario({});
    expect((await imagine({ "x-gptunnel-key": key() })).status).toBe(200);
    expect((await imagine({ authorization: fake.keys.gptunnel })).status).toBe(401);
  });

  it("checks task ids against the pattern", async () => {
    expect(await result("0123456789abcdef0123")).toMatchObject({
      error: { message: expect.stringMatching(/not found/) },
    });
    expect(await result("6558A19C0BFE4600011437CD")).toMatchObject({
      error: { message: expect.stringMatching(/must be a task id/) },
    });
  });

  it("charges the calls the facts bill, and puts a finished task's link in the facts' field", async () => {
    fake.setScenario({ balance: 1, task: { durationMs: 50 } });
    const grid = (await (await imagine({ "x-gptunnel-key": key() })).json()) as { id: string };
    let final = await result(grid.id);
    while (final.status !== "done") {
      await new Promise((resolve) => setTimeout(resolve, 10));
      final = await result(grid.id);
    }
    expect(final.image).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/task\/image\//);
    expect(final).not.toHaveProperty("result");

    const upsample = await fetch(`${fake.gptunnelUrl}/upsample`, {
      method: "POST",
      headers: { "x-gptunnel-key": key(), "content-type": "application/json" },
      body: JSON.stringify({ taskId: grid.id, image: 1 }),
    });
    expect(upsample.status).toBe(402);
  });

  it("refuses Ideogram uploads over the size limit, and lists result links under the facts' names", async () => {
    fake.setScenario({});
    const upscale = async (image: Uint8Array) => {
      const form = new FormData();
      form.set("image_file", new Blob([image]), "in.png");
      form.set("image_request", "{}");
      const response = await fetch(`${fake.ideogramUrl}/upscale`, {
        method: "POST",
        headers: { "api-key": fake.keys.ideogram },
        body: form,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const tooLarge = new Uint8Array(300 * 1024);
    expect(await upscale(tooLarge)).toEqual({
      status: 400,
      body: { detail: expect.stringMatching(/limit is 0\.25 MB/) },
    });

    const small = await upscale(await makeImage(8, 8));
    expect(small.status).toBe(200);
    expect(small.body.images).toEqual([
      expect.objectContaining({ href: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/ephemeral\//) }),
    ]);
    expect(small.body).not.toHaveProperty("data");
  });
});
