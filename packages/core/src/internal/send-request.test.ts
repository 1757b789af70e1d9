import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { type Step, scriptedTransport } from "../../test/scripted-transport.js";
import { billed, KEY, read, setup } from "../../test/send-context.js";
import { ApiError, NetworkError } from "../outcome/errors.js";
import { sendRequest } from "./send-request.js";

describe("sendRequest retries", () => {
  it.each([408, 429, 500, 502, 503, 504])(
    "retries a read answered %i and returns the later success",
    async (status) => {
      const { transport, clock, context } = setup([{ status }, { status }, { status: 200, body: { ok: true } }]);
      const response = await clock.run(sendRequest(read, context));
      expect(response.status).toBe(200);
      expect(transport.requests).toHaveLength(3);
    },
  );

  it("backs off exponentially with jitter of at most a quarter", async () => {
    const { clock, context } = setup([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 200 }], {
      policy: { maxRetries: 3 },
    });
    await clock.run(sendRequest(read, context));
    const [first, second, third] = clock.completedSleeps as [number, number, number];
    expect(clock.completedSleeps).toHaveLength(3);
    expect(first).toBeGreaterThanOrEqual(375);
    expect(first).toBeLessThanOrEqual(500);
    expect(second).toBeGreaterThanOrEqual(750);
    expect(second).toBeLessThanOrEqual(1000);
    expect(third).toBeGreaterThanOrEqual(1500);
    expect(third).toBeLessThanOrEqual(2000);
  });

  it("caps the backoff at maxDelayMs", async () => {
    const { clock, context } = setup([{ status: 500 }, { status: 500 }, { status: 200 }], {
      policy: { baseDelayMs: 10_000, maxDelayMs: 4_000 },
    });
    await clock.run(sendRequest(read, context));
    for (const delay of clock.completedSleeps) expect(delay).toBeLessThanOrEqual(4_000);
  });

  it("stops after maxRetries and says how many attempts were made", async () => {
    const { transport, clock, context } = setup([{ status: 503 }, { status: 503 }, { status: 503 }]);
    const error = await failure(clock.run(sendRequest(read, context)));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("SERVER_ERROR");
    expect(error.message).toContain("3 attempts");
    expect(transport.requests).toHaveLength(3);
  });

  it.each([400, 401, 402, 403, 404, 422])("never retries a read answered %i", async (status) => {
    const { transport, clock, context } = setup([{ status }]);
    await failure(clock.run(sendRequest(read, context)));
    expect(transport.requests).toHaveLength(1);
  });

  it("does not retry a 5xx whose vendor type says the balance is empty", async () => {
    const body = { error: { message: "Balance too low", type: "insufficient_balance_error" } };
    const { transport, clock, context } = setup([{ status: 500, body }]);
    const error = await failure(clock.run(sendRequest(read, context)));
    expect(error.code).toBe("INSUFFICIENT_BALANCE");
    expect(transport.requests).toHaveLength(1);
  });

  it("retries a read after a connection error that may have reached the server", async () => {
    const reset = new NetworkError("reset", { mayHaveReachedServer: true });
    const { transport, clock, context } = setup([{ error: reset }, { status: 200 }]);
    await clock.run(sendRequest(read, context));
    expect(transport.requests).toHaveLength(2);
  });

  it("gives up on a connection error after maxRetries with what to check", async () => {
    const refused = new NetworkError("Could not connect to api.acme.test (ECONNREFUSED).", {
      mayHaveReachedServer: false,
    });
    const { transport, clock, context } = setup([{ error: refused }, { error: refused }, { error: refused }]);
    const error = await failure(clock.run(sendRequest(read, context)));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/ECONNREFUSED.*Tried 3 times.*internet connection.*https:\/\/api\.acme\.test/);
    expect((error as NetworkError).mayHaveReachedServer).toBe(false);
    expect(transport.requests).toHaveLength(3);
  });

  it("turns an arbitrary transport failure (a platform adapter's) into a NetworkError that may have been sent", async () => {
    const { clock, context } = setup([{ error: new TypeError(`socket closed, auth ${KEY}`) }], {
      policy: { maxRetries: 0 },
    });
    const error = await failure(clock.run(sendRequest(billed, context)));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).mayHaveReachedServer).toBe(true);
    expect(error.message).toContain("socket closed");
    expect(error.message).not.toContain(KEY);
  });
});

describe("sendRequest with a billed call", () => {
  it.each([408, 500, 502, 503])("does not re-send after %i and says it may have been charged", async (status) => {
    const { transport, clock, context } = setup([{ status }]);
    const error = await failure(clock.run(sendRequest(billed, context)));
    expect(error.code).toBe("SERVER_ERROR");
    expect(error.message).toContain("may have been processed and charged");
    expect(error.message).toContain("look for the job in your Acme account");
    expect(error.charged).toBe("maybe");
    expect(transport.requests).toHaveLength(1);
  });

  it("does not re-send after a reset and says it may have been charged", async () => {
    const reset = new NetworkError("The connection to api.acme.test failed (UND_ERR_SOCKET).", {
      mayHaveReachedServer: true,
    });
    const { transport, clock, context } = setup([{ error: reset }]);
    const error = await failure(clock.run(sendRequest(billed, context)));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain("The create request may have reached Acme and been charged");
    expect(error.message).toContain("look for the job in your Acme account");
    expect(transport.requests).toHaveLength(1);
  });

  it("re-sends when the connection was refused before anything was sent", async () => {
    const refused = new NetworkError("refused", { mayHaveReachedServer: false });
    const { transport, clock, context } = setup([{ error: refused }, { status: 200 }]);
    await clock.run(sendRequest(billed, context));
    expect(transport.requests).toHaveLength(2);
  });

  it("re-sends after a 429, which the server did not process, waiting what Retry-After says", async () => {
    const { transport, clock, context } = setup([{ status: 429, headers: { "retry-after": "7" } }, { status: 200 }]);
    await clock.run(sendRequest(billed, context));
    expect(transport.requests).toHaveLength(2);
    expect(clock.completedSleeps).toEqual([7_000]);
  });

  it("does not re-send after a timeout", async () => {
    const { transport, clock, context } = setup([{ hang: true }], { timeoutMs: 5_000 });
    const error = await failure(clock.run(sendRequest(billed, context)));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain("within 5 s");
    expect(error.message).toContain("may have reached Acme and been charged");
    expect(transport.requests).toHaveLength(1);
  });
});

describe("Retry-After", () => {
  it("accepts an HTTP date, measured on the injected clock", async () => {
    const { clock, context } = setup([]);
    const at = new Date(clock.now() + 30_000).toUTCString();
    const transport = scriptedTransport([{ status: 503, headers: { "retry-after": at } }, { status: 200 }]);
    await clock.run(sendRequest(read, { ...context, transport }));
    expect(clock.completedSleeps).toEqual([30_000]);
  });

  it("stops at once when the server asks for longer than the cap, carrying retryAfter", async () => {
    const { transport, clock, context } = setup([{ status: 429, headers: { "retry-after": "120" } }]);
    const error = await failure(clock.run(sendRequest(read, context)));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryAfter).toBe(120);
    expect(error.message).toContain("Wait 120 s");
    expect(transport.requests).toHaveLength(1);
    expect(clock.completedSleeps).toEqual([]);
  });

  it("carries retryAfter when the time for a storm runs out", async () => {
    const limited = { status: 429, headers: { "retry-after": "3" } };
    const { clock, context } = setup([limited, limited, limited], { policy: { rateLimitBudgetMs: 7_000 } });
    const error = await failure(clock.run(sendRequest(read, context)));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryAfter).toBe(3);
    expect(clock.completedSleeps).toEqual([3_000, 3_000]);
  });

  it("falls back to the backoff when the header is unreadable", async () => {
    const { clock, context } = setup([{ status: 503, headers: { "retry-after": "soon" } }, { status: 200 }]);
    await clock.run(sendRequest(read, context));
    expect(clock.completedSleeps[0]).toBeLessThanOrEqual(500);
  });
});

describe("a 429 storm", () => {
  const limited = (seconds?: number): Step => {
    const headers: Record<string, string> = seconds === undefined ? {} : { "retry-after": String(seconds) };
    return { status: 429, headers };
  };

  it("is ridden out for about a minute by default, however many attempts that takes", async () => {
    const storm = Array.from({ length: 11 }, () => limited(5));
    const { transport, clock, context } = setup([...storm, { status: 200 }]);
    const started = clock.now();
    await clock.run(sendRequest(read, context));
    expect(transport.requests).toHaveLength(12);
    expect(clock.completedSleeps).toEqual(storm.map(() => 5_000));
    expect(clock.now() - started).toBe(55_000);
  });

  it("re-sends a billed call through it: each 429 was turned away before any work", async () => {
    const { transport, clock, context } = setup([limited(2), limited(2), limited(2), limited(2), { status: 200 }]);
    await clock.run(sendRequest(billed, context));
    expect(transport.requests).toHaveLength(5);
  });

  it("ends at once, without waiting in vain, when the next wait would pass the budget", async () => {
    const { transport, clock, context } = setup([limited(25), limited(25), limited(25)]);
    const error = (await failure(clock.run(sendRequest(billed, context)))) as ApiError;
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, retryAfter: 25 });
    expect(error.message).toContain("HTTP 429, 3 attempts");
    expect(error.message).toContain("Wait 25 s");
    expect(transport.requests).toHaveLength(3);
    expect(clock.completedSleeps).toEqual([25_000, 25_000]);
  });

  it("takes the caller's deadline as its budget", async () => {
    const { transport, clock, context } = setup([limited(4), limited(4), limited(4)], {
      policy: { rateLimitBudgetMs: 10_000 },
    });
    expect((await failure(clock.run(sendRequest(read, context)))).code).toBe("RATE_LIMITED");
    expect(transport.requests).toHaveLength(3);
  });

  it("without Retry-After backs off exponentially, capped, within the budget", async () => {
    const { transport, clock, context } = setup(Array.from({ length: 30 }, () => limited()));
    const started = clock.now();
    expect((await failure(clock.run(sendRequest(read, context)))).code).toBe("RATE_LIMITED");
    expect(transport.requests.length).toBeGreaterThan(5);
    expect(Math.max(...clock.completedSleeps)).toBeLessThanOrEqual(8_000);
    expect(clock.now() - started).toBeLessThanOrEqual(60_000);
  });

  it('does not turn "Retry-After: 0" into a hot loop', async () => {
    const { clock, context } = setup([limited(0), limited(0), { status: 200 }]);
    await clock.run(sendRequest(read, context));
    expect(clock.completedSleeps).toEqual([500, 500]);
  });

  it("leaves other failures to maxRetries: the 429s between them do not count", async () => {
    const { transport, clock, context } = setup([
      limited(1),
      { status: 503 },
      limited(1),
      { status: 503 },
      limited(1),
      { status: 503 },
    ]);
    const error = await failure(clock.run(sendRequest(read, context)));
    expect(error.code).toBe("SERVER_ERROR");
    expect(transport.requests).toHaveLength(6);
  });
});

describe("the URL the transport is given", () => {
  it("is the normalised href, so it connects to the origin the credentials were checked against", async () => {
    const { transport, clock, context } = setup([{ status: 200 }]);
    await clock.run(sendRequest({ ...read, url: " HTTPS://API.Acme.Test:443\\v1\\st\tatus?id=1 " }, context));
    expect(transport.requests[0]?.url).toBe("https://api.acme.test/v1/status?id=1");
    expect(transport.requests[0]?.headers.authorization).toBe(KEY);
  });

  it("is refused before anything is sent when it is no http(s) URL, without quoting it", async () => {
    const { transport, clock, context } = setup([]);
    const error = await failure(clock.run(sendRequest({ ...read, url: `ftp://host/?key=${KEY}` }, context)));
    expect(error).toMatchObject({ code: "INVALID_REQUEST" });
    expect(error.message).toBe("The status address is not an http(s) URL; nothing was sent.");
    expect(transport.requests).toHaveLength(0);
  });
});
