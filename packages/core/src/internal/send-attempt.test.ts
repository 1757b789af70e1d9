import { afterEach, describe, expect, it, vi } from "vitest";
import { failure } from "../../test/failure.js";
import { settle } from "../../test/fake-clock.js";
import { read, setup } from "../../test/send-context.js";
import { NetworkError } from "../outcome/errors.js";
import { sendRequest } from "./send-request.js";

// One attempt's timeout and cancellation, seen through the pipeline that drives it.

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
