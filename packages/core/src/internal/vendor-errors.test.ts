import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { read, setup } from "../../test/send-context.js";
import { ApiError } from "../outcome/errors.js";
import { sendRequest } from "./send-request.js";

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

  it("ignores error bodies that are not JSON (a proxy's HTML page)", async () => {
    const { clock, context } = setup([{ status: 400, body: "<html>Bad gateway</html>" }]);
    const error = (await failure(clock.run(sendRequest(read, context)))) as ApiError;
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.vendorMessage).toBeUndefined();
  });
});
