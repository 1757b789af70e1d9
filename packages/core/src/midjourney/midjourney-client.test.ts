import { afterEach, describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { FakeClock } from "../../test/fake-clock.js";
import { JPEG_5X4, PNG_3X2 } from "../../test/images.js";
import { type LoopbackServer, sendJson, startLoopbackServer } from "../../test/loopback-server.js";
import { gptunnelError, midjourneyTask, type Step, scriptedTransport } from "../../test/scripted-transport.js";
import { type ApiError, NetworkError, TaskError } from "../outcome/errors.js";
import { DEFAULT_GPTUNNEL_BASE_URL } from "../vendor-facts/gptunnel.js";
import { createMidjourneyClient } from "./midjourney-client.js";

const KEY = "gpt-key-5f0e9c";
const TASK_ID = "6558a19c0bfe4600011437cd";
const PARENT_ID = "65589df803761c00010775ae";

function setup(steps: readonly Step[], baseUrl?: string, keyHint?: string) {
  const transport = scriptedTransport(steps);
  const clock = new FakeClock();
  const client = createMidjourneyClient({ apiKey: KEY, baseUrl, transport, clock, keyHint });
  return { transport, clock, client };
}

const bodyOf = (request: { body?: Uint8Array | string } | undefined) => JSON.parse(String(request?.body));

describe("createMidjourneyClient requests", () => {
  it("sends the raw key (no Bearer) to the default base URL", async () => {
    const { transport, clock, client } = setup([{ status: 200, body: midjourneyTask() }]);
    expect(client.baseUrl).toBe(DEFAULT_GPTUNNEL_BASE_URL);
    const task = await clock.run(client.result(TASK_ID));
    expect(task.id).toBe(TASK_ID);
    const [request] = transport.requests;
    expect(request?.method).toBe("GET");
    expect(request?.url).toBe(`https://gptunnel.ru/v1/midjourney/result?taskId=${TASK_ID}`);
    expect(request?.headers.authorization).toBe(KEY);
  });

  it("tolerates trailing slashes on the base URL", async () => {
    const { transport, clock, client } = setup([{ status: 200, body: midjourneyTask() }], "http://127.0.0.1:9/v1/mj//");
    expect(client.baseUrl).toBe("http://127.0.0.1:9/v1/mj");
    await clock.run(client.upsample(PARENT_ID, 2));
    expect(transport.requests[0]?.url).toBe("http://127.0.0.1:9/v1/mj/upsample");
  });

  it("posts imagine as JSON, with useWalletBalance only when given", async () => {
    const { transport, clock, client } = setup([
      { status: 200, body: midjourneyTask({ type: "imagine", parentId: null }) },
      { status: 200, body: midjourneyTask({ type: "imagine", parentId: null }) },
    ]);
    await clock.run(client.imagine("a lighthouse at dusk"));
    await clock.run(client.imagine("a lighthouse at dusk", { useWalletBalance: true }));
    const [first, second] = transport.requests;
    expect(first?.method).toBe("POST");
    expect(first?.url).toBe(`${DEFAULT_GPTUNNEL_BASE_URL}/imagine`);
    expect(first?.headers["content-type"]).toBe("application/json");
    expect(bodyOf(first)).toEqual({ prompt: "a lighthouse at dusk" });
    expect(bodyOf(second)).toEqual({ prompt: "a lighthouse at dusk", useWalletBalance: true });
  });

  it("posts upsample and variation with their documented fields", async () => {
    const { transport, clock, client } = setup([
      { status: 200, body: midjourneyTask() },
      { status: 200, body: midjourneyTask({ type: "variation" }) },
      { status: 200, body: midjourneyTask({ type: "variation" }) },
    ]);
    await clock.run(client.upsample(PARENT_ID, 3));
    await clock.run(client.variation({ taskId: PARENT_ID, image: 1, mode: "low" }));
    await clock.run(client.variation({ taskId: PARENT_ID }));
    expect(bodyOf(transport.requests[0])).toEqual({ taskId: PARENT_ID, image: 3 });
    expect(transport.requests[1]?.url).toBe(`${DEFAULT_GPTUNNEL_BASE_URL}/variation`);
    expect(bodyOf(transport.requests[1])).toEqual({ taskId: PARENT_ID, image: 1, mode: "low" });
    expect(bodyOf(transport.requests[2])).toEqual({ taskId: PARENT_ID });
  });
});

describe("createMidjourneyClient balance", () => {
  const balance = { orgId: "org", object: "balance", balance: -51.54397, creditLimit: 15000 };

  it.each([
    [undefined, "https://gptunnel.ru/v1/balance"],
    ["https://relay.example/gptunnel/v1/midjourney/", "https://relay.example/gptunnel/v1/balance"],
    ["http://127.0.0.1:9", "http://127.0.0.1:9/balance"],
  ])("reads GET /v1/balance beside the Midjourney base %s, with the raw key", async (baseUrl, url) => {
    const { transport, clock, client } = setup([{ status: 200, body: balance }], baseUrl);
    expect(await clock.run(client.balance())).toEqual({ balance: -51.54397, creditLimit: 15000 });
    expect(transport.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([["GET", url, KEY]]);
  });

  it("asks for the personal wallet with useWalletBalance, and retries a 503 (it is free)", async () => {
    const { transport, clock, client } = setup([
      { status: 503 },
      { status: 200, body: { ...balance, creditLimit: 0 } },
    ]);
    expect(await clock.run(client.balance({ useWalletBalance: true }))).toEqual({ balance: -51.54397, creditLimit: 0 });
    expect(transport.requests[1]?.url).toBe("https://gptunnel.ru/v1/balance?useWalletBalance=true");
  });

  it("refuses an answer without the figures", async () => {
    const { clock, client } = setup([{ status: 200, body: { object: "balance", balance: "lots" } }]);
    expect(await failure(clock.run(client.balance()))).toMatchObject({ code: "BAD_RESPONSE" });
  });
});

describe("createMidjourneyClient validation (nothing is sent)", () => {
  it.each([
    ["an empty prompt", (c: Client) => c.imagine("   "), /prompt is empty/],
    ["a short task id", (c: Client) => c.result("abc"), /24 hexadecimal characters/],
    ["a non-hex task id", (c: Client) => c.upsample("zz58a19c0bfe4600011437cd", 1), /not a GPTunnel task id/],
    ["image 0", (c: Client) => c.upsample(PARENT_ID, 0 as 1), /image must be 1, 2, 3 or 4/],
    ["image 2.5", (c: Client) => c.variation({ taskId: PARENT_ID, image: 2.5 as 1 }), /got 2.5/],
    ["mode medium", (c: Client) => c.variation({ taskId: PARENT_ID, mode: "medium" as "low" }), /"high" or "low"/],
  ])("rejects %s with INVALID_REQUEST", async (_what, call, message) => {
    const { transport, client } = setup([]);
    const error = await failure(call(client));
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.message).toMatch(message);
    expect(transport.requests).toHaveLength(0);
  });

  it("never repeats a key passed by mistake as a task id", async () => {
    const { client } = setup([]);
    const error = await failure(client.result(KEY));
    expect(error.message).not.toContain(KEY);
  });

  it.each([
    ["", /^No GPTunnel API key: pass it as the client's apiKey option\.$/],
    ["  \n", /No GPTunnel API key/],
    ["abc\ndef", /line break/],
    ["ключ", /non-ASCII/],
  ])("refuses the API key %j with AUTH", (apiKey, message) => {
    expect(() => createMidjourneyClient({ apiKey })).toThrow(expect.objectContaining({ code: "AUTH" }));
    expect(() => createMidjourneyClient({ apiKey })).toThrow(message);
  });

  it("trims a key read with its trailing newline", async () => {
    const transport = scriptedTransport([{ status: 200, body: midjourneyTask() }]);
    const client = createMidjourneyClient({ apiKey: `${KEY}\n`, transport, clock: new FakeClock() });
    await client.result(TASK_ID);
    expect(transport.requests[0]?.headers.authorization).toBe(KEY);
  });

  it.each(["ftp://gptunnel.ru/v1", "gptunnel.ru/v1", ""])("refuses the base URL %j", (baseUrl) => {
    expect(() => createMidjourneyClient({ apiKey: KEY, baseUrl })).toThrow(/not an http\(s\) address/);
  });

  it("refuses a non-positive timeout", () => {
    expect(() => createMidjourneyClient({ apiKey: KEY, timeoutMs: 0 })).toThrow(/timeoutMs must be a positive/);
  });
});

type Client = ReturnType<typeof createMidjourneyClient>;

describe("createMidjourneyClient retries", () => {
  const reset = () =>
    new NetworkError("The connection to gptunnel.ru failed (UND_ERR_SOCKET).", { mayHaveReachedServer: true });

  it("retries result and upsample (answered like result when re-sent) after 5xx and resets", async () => {
    const { transport, clock, client } = setup([
      { status: 502 },
      { error: reset() },
      { status: 200, body: midjourneyTask() },
      { error: reset() },
      { status: 200, body: midjourneyTask() },
    ]);
    await clock.run(client.result(TASK_ID));
    await clock.run(client.upsample(PARENT_ID, 1));
    expect(transport.requests).toHaveLength(5);
  });

  it.each([
    ["imagine", (c: Client) => c.imagine("a cat")],
    ["variation", (c: Client) => c.variation({ taskId: PARENT_ID, image: 2 })],
  ])("never re-sends %s after a 5xx or a reset, and says what to check", async (operation, call) => {
    for (const step of [{ status: 500 }, { error: reset() }] as Step[]) {
      const { transport, clock, client } = setup([step]);
      const error = await failure(clock.run(call(client)));
      expect(error.message).toContain(`The ${operation} request may`);
      expect(error.message).toContain("look for the new task in your GPTunnel account");
      expect(transport.requests).toHaveLength(1);
    }
  });

  it("re-sends imagine after a 429, which GPTunnel did not process", async () => {
    const { transport, clock, client } = setup([
      { status: 429, headers: { "retry-after": "2" } },
      { status: 200, body: midjourneyTask({ type: "imagine", parentId: null }) },
    ]);
    await clock.run(client.imagine("a cat"));
    expect(transport.requests).toHaveLength(2);
    expect(clock.completedSleeps).toEqual([2_000]);
  });

  it("uses the retry overrides it was given", async () => {
    const transport = scriptedTransport([{ status: 503 }]);
    const client = createMidjourneyClient({ apiKey: KEY, transport, clock: new FakeClock(), retry: { maxRetries: 0 } });
    expect((await failure(client.result(TASK_ID))).code).toBe("SERVER_ERROR");
    expect(transport.requests).toHaveLength(1);
  });
});

describe("createMidjourneyClient errors", () => {
  it("maps GPTunnel's unauthorized type to AUTH and says which key to check", async () => {
    const { clock, client } = setup(
      [{ status: 401, body: gptunnelError("Unauthorized", "unauthorized_request_error") }],
      undefined,
      "set GPTUNNEL_API_KEY",
    );
    const error = (await failure(clock.run(client.result(TASK_ID)))) as ApiError;
    expect(error.code).toBe("AUTH");
    expect(error.message).toContain(
      "Check the GPTunnel API key: copy it again from your GPTunnel account, then set GPTUNNEL_API_KEY.",
    );
    expect(error.vendorMessage).toBe("Unauthorized");
    expect(error.taskId).toBe(TASK_ID);
  });

  it("reports a 402 as INSUFFICIENT_BALANCE with the vendor message, and does not retry it", async () => {
    const body = gptunnelError("Organization balance is too low to use API", "insufficient_balance_error");
    const { transport, clock, client } = setup([{ status: 402, body }]);
    const error = (await failure(clock.run(client.upsample(PARENT_ID, 1)))) as ApiError;
    expect(error.code).toBe("INSUFFICIENT_BALANCE");
    expect(error.message).toContain("Top up your GPTunnel balance");
    expect(error.vendorMessage).toBe("Organization balance is too low to use API");
    expect(transport.requests).toHaveLength(1);
  });

  it("maps invalid_request_error to INVALID_REQUEST", async () => {
    const body = gptunnelError("prompt is required", "invalid_request_error");
    const { clock, client } = setup([{ status: 400, body }]);
    const error = (await failure(clock.run(client.imagine("x")))) as ApiError;
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.message).toContain('GPTunnel said: "prompt is required"');
  });

  it("reports an unknown task as NOT_FOUND with what to check", async () => {
    const { clock, client } = setup([{ status: 404, body: gptunnelError("Task not found") }]);
    const error = await failure(clock.run(client.result(TASK_ID)));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain("Check the task id");
  });

  it("reports an answer that is not a task as BAD_RESPONSE", async () => {
    const { clock, client } = setup([{ status: 200, body: midjourneyTask({ id: "not-an-id" }) }]);
    const error = await failure(clock.run(client.result(TASK_ID)));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("at id");
  });

  it("reads a paid task whose details it does not rely on are odd (percent null, object renamed)", async () => {
    const body = midjourneyTask({ percent: null, object: "midjourney.task", usage: { total_cost: null } });
    const { clock, client } = setup([{ status: 200, body }]);
    const task = await clock.run(client.imagine("a cat"));
    expect(task).toMatchObject({ id: TASK_ID, status: "idle", object: "midjourney.task", percent: undefined });
  });

  it("keeps the id of a billed task whose 2xx answer is still unreadable, to resume it", async () => {
    const { transport, clock, client } = setup([{ status: 200, body: midjourneyTask({ status: 7 }) }]);
    const error = await failure(clock.run(client.imagine("a cat")));
    expect(error).toMatchObject({ code: "BAD_RESPONSE", taskId: TASK_ID });
    expect(error.message).toContain(`GPTunnel named the task ${TASK_ID}: resume it by its id`);
    expect(error.message).toContain("look for the new task in your GPTunnel account");
    expect(transport.requests).toHaveLength(1);
  });

  it("has no task id to keep when a billed call's unreadable answer names none", async () => {
    const { clock, client } = setup([{ status: 200, body: "not json" }]);
    const error = await failure(clock.run(client.variation({ taskId: PARENT_ID })));
    expect(error).toMatchObject({ code: "BAD_RESPONSE", taskId: undefined });
  });

  it("redacts the key from the vendor's error text in the tasks it returns", async () => {
    const steps = [
      { status: 200, body: midjourneyTask({ status: "failed", error: `Invalid key ${KEY}` }) },
      { status: 200, body: midjourneyTask({ error: { message: `key ${KEY} rejected`, codes: [KEY] } }) },
    ];
    const { clock, client } = setup(steps);
    expect((await clock.run(client.result(TASK_ID))).error).toBe("Invalid key [REDACTED]");
    expect((await clock.run(client.result(TASK_ID))).error).toEqual({
      message: "key [REDACTED] rejected",
      codes: ["[REDACTED]"],
    });
  });

  it("refuses a key too short to be kept out of messages", () => {
    expect(() => createMidjourneyClient({ apiKey: "abc", keyHint: "set GPTUNNEL_API_KEY" })).toThrow(
      /3 characters.*copy the whole key again, then set GPTUNNEL_API_KEY\.$/,
    );
  });

  it("reads a GPTunnel error sent with status 200 as that error", async () => {
    const body = gptunnelError("Organization balance is too low to use API", "insufficient_balance_error");
    const { clock, client } = setup([{ status: 200, body }]);
    expect((await failure(clock.run(client.imagine("a cat")))).code).toBe("INSUFFICIENT_BALANCE");
  });
});

describe("createMidjourneyClient download", () => {
  it("sends the key to the API's own origin", async () => {
    const { transport, clock, client } = setup([{ status: 200, body: PNG_3X2 }]);
    const image = await clock.run(client.download(`https://gptunnel.ru/task/image/${TASK_ID}?cache=100`));
    expect(image).toMatchObject({ mimeType: "image/png", width: 3, height: 2 });
    expect(transport.requests[0]?.headers.authorization).toBe(KEY);
  });

  it("never sends the key to another host", async () => {
    const { transport, clock, client } = setup([{ status: 200, body: JPEG_5X4 }]);
    const image = await clock.run(client.download("https://cdn.example/result.jpg"));
    expect(image).toMatchObject({ mimeType: "image/jpeg", width: 5, height: 4 });
    expect(JSON.stringify(transport.requests[0]?.headers)).not.toContain(KEY);
  });
});

describe("createMidjourneyClient against a real server", () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("runs imagine → result → download over HTTP", async () => {
    server = await startLoopbackServer((request, res) => {
      if (request.headers.authorization !== KEY)
        return sendJson(res, 401, gptunnelError("bad key", "unauthorized_request_error"));
      if (request.url === "/v1/midjourney/imagine") return sendJson(res, 200, midjourneyTask({ type: "imagine" }));
      if (request.url === `/v1/midjourney/result?taskId=${TASK_ID}`) {
        return sendJson(
          res,
          200,
          midjourneyTask({ status: "done", percent: 100, result: `${server?.origin}/task/image/${TASK_ID}` }),
        );
      }
      if (request.url === `/task/image/${TASK_ID}`)
        return void res.writeHead(200, { "content-type": "image/png" }).end(PNG_3X2);
      sendJson(res, 404, gptunnelError("no route"));
    });
    const client = createMidjourneyClient({ apiKey: KEY, baseUrl: `${server.origin}/v1/midjourney/` });
    const created = await client.imagine("a lighthouse");
    const done = await client.result(created.id);
    const image = await client.download(done.result ?? "");
    expect(image).toMatchObject({ mimeType: "image/png", width: 3, height: 2 });
    expect(new Uint8Array(image.bytes)).toEqual(PNG_3X2);
    expect(JSON.parse(server.requests[0]?.body.toString() ?? "")).toEqual({ prompt: "a lighthouse" });
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "GET", "GET"]);
  });

  it("retries result over a real 503 and succeeds", async () => {
    let calls = 0;
    server = await startLoopbackServer((_request, res) => {
      calls += 1;
      if (calls < 3) return void res.writeHead(503).end("busy");
      sendJson(res, 200, midjourneyTask());
    });
    const client = createMidjourneyClient({ apiKey: KEY, baseUrl: server.origin, retry: { baseDelayMs: 1 } });
    expect((await client.result(TASK_ID)).id).toBe(TASK_ID);
    expect(server.requests).toHaveLength(3);
  });

  it("does not re-send imagine when the server drops the connection after reading it", async () => {
    server = await startLoopbackServer((_request, res) => {
      res.socket?.resetAndDestroy();
    });
    const client = createMidjourneyClient({ apiKey: KEY, baseUrl: server.origin, retry: { baseDelayMs: 1 } });
    const error = await failure(client.imagine("a cat"));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain("may have reached GPTunnel and been charged");
    expect(server.requests).toHaveLength(1);
  });

  it("cancels a call the server never answers", async () => {
    server = await startLoopbackServer(() => {
      // Never answers.
    });
    const client = createMidjourneyClient({ apiKey: KEY, baseUrl: server.origin });
    const controller = new AbortController();
    const pending = client.result(TASK_ID, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await failure(pending)).code).toBe("ABORTED");
  });

  it("a cancel of a billed call after it was sent says it may have been charged and where to check", async () => {
    server = await startLoopbackServer(() => {
      // Never answers.
    });
    const client = createMidjourneyClient({ apiKey: KEY, baseUrl: server.origin });
    const controller = new AbortController();
    const pending = client.imagine("a cat", { signal: controller.signal });
    await expect.poll(() => server?.requests.length).toBe(1);
    controller.abort();
    const error = await failure(pending);
    expect(error.code).toBe("ABORTED");
    expect(error.message).toBe(
      "Cancelled. The imagine request may already have reached GPTunnel and been charged: look for the new task " +
        "in your GPTunnel account before trying again.",
    );
  });

  it("a billed call stopped with a reason of its own (a deadline) rejects with that reason", async () => {
    server = await startLoopbackServer(() => {
      // Never answers.
    });
    const client = createMidjourneyClient({ apiKey: KEY, baseUrl: server.origin });
    const controller = new AbortController();
    const pending = client.imagine("a cat", { signal: controller.signal });
    await expect.poll(() => server?.requests.length).toBe(1);
    const deadline = new TaskError("TIMEOUT", "The deadline passed.");
    controller.abort(deadline);
    expect(await failure(pending)).toBe(deadline);
  });

  it("a cancel before a billed call was sent is a plain cancel", async () => {
    const { transport, client } = setup([]);
    const error = await failure(client.variation({ taskId: PARENT_ID }, { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ code: "ABORTED", message: "Cancelled." });
    expect(transport.requests).toEqual([]);
  });

  it("times out a call the server never answers, with the timeout it was given", async () => {
    server = await startLoopbackServer(() => {
      // Never answers.
    });
    const client = createMidjourneyClient({
      apiKey: KEY,
      baseUrl: server.origin,
      timeoutMs: 50,
      retry: { maxRetries: 0 },
    });
    const error = await failure(client.result(TASK_ID));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain("within 0.05 s");
  });

  it("maps a real 402 body to INSUFFICIENT_BALANCE", async () => {
    server = await startLoopbackServer((_request, res) => {
      sendJson(res, 402, gptunnelError("Organization balance is too low to use API", "insufficient_balance_error"));
    });
    const client = createMidjourneyClient({ apiKey: KEY, baseUrl: server.origin });
    const error = (await failure(client.upsample(PARENT_ID, 1))) as ApiError;
    expect(error.code).toBe("INSUFFICIENT_BALANCE");
    expect(error.status).toBe(402);
  });
});
