import { afterEach, describe, expect, it, vi } from "vitest";
import * as z from "zod";
import { failure } from "../test/failure.js";
import { FakeClock, settle } from "../test/fake-clock.js";
import { type Step, scriptedTransport } from "../test/scripted-transport.js";
import { ApiError, NetworkError } from "./errors.js";
import { createRedactor } from "./redact-secrets.js";
import { defaultRetryPolicy, type RetryPolicy } from "./retry-policy.js";
import {
  type ApiRequest,
  parseJsonResponse,
  type SendContext,
  sendRequest,
  type VendorProfile,
} from "./send-request.js";

const KEY = "sk-test-0123456789abcdef";

const vendor: VendorProfile = {
  name: "Acme",
  advice: { AUTH: "Check ACME_API_KEY." },
  chargeCheck: "look for the job in your Acme account",
  errorTypes: { unauthorized_request_error: "AUTH", insufficient_balance_error: "INSUFFICIENT_BALANCE" },
  statusCodes: { 422: "UNSAFE_CONTENT" },
  readError: (body) => {
    const parsed = z.object({ error: z.object({ message: z.string(), type: z.string().optional() }) }).safeParse(body);
    return parsed.success ? parsed.data.error : undefined;
  },
};

function setup(steps: readonly Step[], options: { policy?: Partial<RetryPolicy>; timeoutMs?: number } = {}) {
  const transport = scriptedTransport(steps);
  const clock = new FakeClock();
  const controller = new AbortController();
  const context: SendContext = {
    transport,
    clock,
    policy: { ...defaultRetryPolicy, ...options.policy },
    timeoutMs: options.timeoutMs ?? 30_000,
    vendor,
    redact: createRedactor([KEY]),
    signal: controller.signal,
  };
  return { transport, clock, controller, context };
}

const read: ApiRequest = {
  operation: "status",
  url: "https://api.acme.test/v1/status?id=1",
  method: "GET",
  credentials: { origin: "https://api.acme.test", headers: { authorization: KEY } },
  charges: false,
};
const billed: ApiRequest = {
  ...read,
  operation: "create",
  method: "POST",
  url: "https://api.acme.test/v1/create",
  charges: true,
};

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

describe("cancellation", () => {
  it("rejects at once with ABORTED when aborted during a backoff sleep, and sends nothing more", async () => {
    const { transport, clock, controller, context } = setup([{ status: 503 }, { status: 200 }]);
    const pending = sendRequest(read, context);
    await settle();
    expect(clock.pendingSleeps()).toHaveLength(1);
    controller.abort();
    const error = await failure(pending);
    expect(error.code).toBe("ABORTED");
    expect(transport.requests).toHaveLength(1);
    expect(clock.completedSleeps).toEqual([]);
  });

  it("rejects with ABORTED even when the transport ignores the signal (Figma's fetch)", async () => {
    const neverAnswers = () => new Promise<never>(() => {});
    const { controller, context } = setup([neverAnswers]);
    const pending = sendRequest(read, context);
    await settle();
    controller.abort();
    expect((await failure(pending)).code).toBe("ABORTED");
  });

  it("sends nothing when the signal is already aborted", async () => {
    const { transport, controller, context } = setup([{ status: 200 }]);
    controller.abort();
    expect((await failure(sendRequest(read, context))).code).toBe("ABORTED");
    expect(transport.requests).toHaveLength(0);
  });

  it("keeps the caller's abort reason when it is an UpscaleError", async () => {
    const { controller, context } = setup([{ hang: true }]);
    const pending = sendRequest(read, context);
    await settle();
    const reason = new NetworkError("shutting down", { mayHaveReachedServer: false });
    controller.abort(reason);
    expect(await failure(pending)).toBe(reason);
  });

  it("aborts the transport's own request so the socket is freed", async () => {
    const { transport, controller, context } = setup([{ hang: true }]);
    const pending = sendRequest(read, context);
    await settle();
    controller.abort();
    await failure(pending);
    expect(transport.requests[0]?.signal?.aborted).toBe(true);
  });
});

describe("timeouts", () => {
  it("gives up on an attempt after timeoutMs and retries a read", async () => {
    const { transport, clock, context } = setup([{ hang: true }, { status: 200 }], { timeoutMs: 10_000 });
    const response = await clock.run(sendRequest(read, context));
    expect(response.status).toBe(200);
    expect(transport.requests).toHaveLength(2);
    expect(transport.requests[0]?.signal?.aborted).toBe(true);
  });

  it("stops the timer when the attempt finishes, so nothing is left waiting", async () => {
    const { clock, context } = setup([{ status: 200 }]);
    await clock.run(sendRequest(read, context));
    expect(clock.pendingSleeps()).toEqual([]);
  });

  it("still works where AbortController does not exist, cancelled only by the caller's signal", async () => {
    const { transport, clock, controller, context } = setup([{ status: 503 }, { status: 200 }]);
    vi.stubGlobal("AbortController", undefined);
    const response = await clock.run(sendRequest(read, context));
    expect(response.status).toBe(200);
    expect(transport.requests[0]?.signal).toBe(controller.signal);
  });

  it("bounds attempts the transport never answers where AbortController does not exist", async () => {
    const neverAnswers = () => new Promise<never>(() => {});
    const { transport, clock, context } = setup([neverAnswers, neverAnswers], {
      timeoutMs: 10_000,
      policy: { maxRetries: 1 },
    });
    vi.stubGlobal("AbortController", undefined);
    const error = await failure(clock.run(sendRequest(read, { ...context, signal: undefined })));
    expect(error.code).toBe("NETWORK");
    expect(error.message).toContain("No complete answer from api.acme.test within 10 s.");
    expect(transport.requests).toHaveLength(2);
    expect(transport.requests[0]?.signal).toBeUndefined();
    expect(clock.pendingSleeps()).toEqual([]);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });
});

describe("error mapping", () => {
  const once = { maxRetries: 0, rateLimitBudgetMs: 0 };

  it.each([
    [400, "INVALID_REQUEST"],
    [401, "AUTH"],
    [402, "INSUFFICIENT_BALANCE"],
    [403, "AUTH"],
    [404, "NOT_FOUND"],
    [408, "SERVER_ERROR"],
    [409, "INVALID_REQUEST"],
    [410, "NOT_FOUND"],
    [413, "IMAGE_TOO_LARGE"],
    [422, "UNSAFE_CONTENT"],
    [429, "RATE_LIMITED"],
    [500, "SERVER_ERROR"],
    [599, "SERVER_ERROR"],
    [304, "BAD_RESPONSE"],
  ])("maps HTTP %i to %s", async (status, code) => {
    const { clock, context } = setup([{ status }], { policy: once });
    const error = await failure(clock.run(sendRequest(read, context)));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe(code);
    expect((error as ApiError).status).toBe(status);
    expect(error.message).toContain(`Acme status: HTTP ${status}`);
  });

  it("lets the vendor's error type decide by meaning, whatever the status", async () => {
    const body = { error: { message: "Invalid token", type: "unauthorized_request_error" } };
    const { clock, context } = setup([{ status: 400, body }]);
    const error = (await failure(clock.run(sendRequest(read, context)))) as ApiError;
    expect(error.code).toBe("AUTH");
    expect(error.vendorType).toBe("unauthorized_request_error");
    expect(error.vendorMessage).toBe("Invalid token");
    expect(error.message).toBe(
      'The API key was rejected (Acme status: HTTP 400). Check ACME_API_KEY. Acme said: "Invalid token"',
    );
  });

  it("keeps the status mapping for vendor types it does not know", async () => {
    const body = { error: { message: "Slow down", type: "some_new_error" } };
    const { clock, context } = setup([{ status: 404, body }]);
    const error = (await failure(clock.run(sendRequest(read, context)))) as ApiError;
    expect(error.code).toBe("NOT_FOUND");
    expect(error.vendorType).toBe("some_new_error");
  });

  it("shortens a huge vendor message", async () => {
    const body = { error: { message: "x".repeat(5_000) } };
    const { clock, context } = setup([{ status: 400, body }]);
    const error = (await failure(clock.run(sendRequest(read, context)))) as ApiError;
    expect(error.vendorMessage?.length).toBeLessThan(510);
  });

  it("ignores error bodies that are not JSON (a proxy's HTML page)", async () => {
    const { clock, context } = setup([{ status: 400, body: "<html>Bad gateway</html>" }]);
    const error = (await failure(clock.run(sendRequest(read, context)))) as ApiError;
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.vendorMessage).toBeUndefined();
  });

  it("removes the key from a vendor message that echoes it", async () => {
    const body = { error: { message: `Key ${KEY} is not valid`, type: "unauthorized_request_error" } };
    const { clock, context } = setup([{ status: 401, body }]);
    const error = (await failure(clock.run(sendRequest(read, context)))) as ApiError;
    expect(error.vendorMessage).toBe("Key [REDACTED] is not valid");
    expect(error.message).not.toContain(KEY);
  });
});

describe("redirects", () => {
  it("follows a read to another origin without the credentials", async () => {
    const { transport, clock, context } = setup([
      { status: 302, headers: { location: "https://cdn.example/img/1.png?sig=abc" } },
      { status: 200 },
    ]);
    await clock.run(sendRequest(read, context));
    const [first, second] = transport.requests;
    expect(first?.headers.authorization).toBe(KEY);
    expect(second?.url).toBe("https://cdn.example/img/1.png?sig=abc");
    expect(second?.headers.authorization).toBeUndefined();
  });

  it("lets the transport follow redirects only for a read without credentials", async () => {
    const { transport, clock, context } = setup([{ status: 200 }, { status: 200 }, { status: 200 }]);
    await clock.run(sendRequest({ ...read, credentials: undefined }, context));
    await clock.run(sendRequest(read, context));
    await clock.run(sendRequest({ ...read, method: "POST", credentials: undefined, charges: false }, context));
    expect(transport.requests.map((request) => request.followRedirects)).toEqual([true, false, false]);
  });

  it("resolves a relative Location and keeps the credentials on the same origin", async () => {
    const { transport, clock, context } = setup([
      { status: 307, headers: { location: "/v2/status?id=1" } },
      { status: 200 },
    ]);
    await clock.run(sendRequest(read, context));
    expect(transport.requests[1]?.url).toBe("https://api.acme.test/v2/status?id=1");
    expect(transport.requests[1]?.headers.authorization).toBe(KEY);
  });

  it("never re-sends a POST to a redirect's target", async () => {
    const { transport, clock, context } = setup([
      { status: 308, headers: { location: "https://other.example/create" } },
    ]);
    const error = await failure(clock.run(sendRequest(billed, context)));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("Unexpected redirect to https://other.example/create");
    expect(error.message).toContain("set its base URL");
    expect(transport.requests).toHaveLength(1);
  });

  it("stops after five hops", async () => {
    const loop = { status: 302, headers: { location: "/again" } };
    const { transport, clock, context } = setup([loop, loop, loop, loop, loop, loop]);
    const error = await failure(clock.run(sendRequest(read, context)));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(transport.requests).toHaveLength(6);
  });

  it.each<Record<string, string>>([{}, { location: "file:///etc/passwd" }, { location: "http://[bad" }])(
    "refuses a redirect without an http(s) target (%j)",
    async (headers) => {
      const { clock, context } = setup([{ status: 301, headers }]);
      const error = await failure(clock.run(sendRequest(read, context)));
      expect(error.message).toMatch(/^Unexpected redirect \(/);
    },
  );
});

describe("the URL the transport is given", () => {
  it("is the normalised href, so it connects to the origin the credentials were checked against", async () => {
    const { transport, clock, context } = setup([{ status: 200 }]);
    await clock.run(sendRequest({ ...read, url: " HTTPS://API.Acme.Test:443\\v1\\st\tatus?id=1 " }, context));
    expect(transport.requests[0]?.url).toBe("https://api.acme.test/v1/status?id=1");
    expect(transport.requests[0]?.headers.authorization).toBe(KEY);
  });

  it.each([
    "https://evil.example\\@api.acme.test/x",
    "https://evil.example\t\\@api.acme.test/x",
    "//evil.example\\@api.acme.test/x",
    "\\\\evil.example/@api.acme.test",
  ])("sends no key to the host a crafted redirect really names (%j)", async (location) => {
    const { transport, clock, context } = setup([{ status: 302, headers: { location } }, { status: 200 }]);
    await clock.run(sendRequest(read, context));
    expect(transport.requests[1]?.url).toMatch(/^https:\/\/evil\.example\//);
    expect(transport.requests[1]?.headers.authorization).toBeUndefined();
  });

  it("is refused before anything is sent when it is no http(s) URL, without quoting it", async () => {
    const { transport, clock, context } = setup([]);
    const error = await failure(clock.run(sendRequest({ ...read, url: `ftp://host/?key=${KEY}` }, context)));
    expect(error).toMatchObject({ code: "INVALID_REQUEST" });
    expect(error.message).toBe("The status address is not an http(s) URL; nothing was sent.");
    expect(transport.requests).toHaveLength(0);
  });
});

describe("parseJsonResponse", () => {
  const schema = z.object({ id: z.string(), count: z.number() });
  const ok = (body: unknown) => scriptedTransport([{ status: 200, body }]);

  async function parse(body: unknown, request: ApiRequest = read) {
    const { clock, context } = setup([]);
    const transport = ok(body);
    const response = await clock.run(sendRequest(request, { ...context, transport }));
    return parseJsonResponse(response, schema, request, { ...context, transport });
  }

  it("returns the parsed body", async () => {
    expect(await parse({ id: "a", count: 2 })).toEqual({ id: "a", count: 2 });
  });

  it("reports a body that is not JSON as BAD_RESPONSE", async () => {
    const error = await failure(parse("<html>"));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("not JSON");
  });

  it("names the field that does not match", async () => {
    const error = await failure(parse({ id: "a", count: "two" }));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("at count");
  });

  it("turns a 200 carrying the vendor's error shape into that error", async () => {
    const error = (await failure(
      parse({ error: { message: "Balance too low", type: "insufficient_balance_error" } }),
    )) as ApiError;
    expect(error.code).toBe("INSUFFICIENT_BALANCE");
    expect(error.status).toBe(200);
    expect(error.vendorMessage).toBe("Balance too low");
  });

  it("says a billed call with an unreadable answer may have been charged", async () => {
    const error = await failure(parse([], billed));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("may have been processed and charged");
  });
});
