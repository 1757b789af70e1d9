import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { KEY, read, setup } from "../../test/send-context.js";
import type { ApiError } from "../outcome/errors.js";
import { sendRequest } from "./send-request.js";

describe("the vendor's words in an error", () => {
  it("shortens a huge vendor message", async () => {
    const body = { error: { message: "x".repeat(5_000) } };
    const { clock, context } = setup([{ status: 400, body }]);
    const error = (await failure(clock.run(sendRequest(read, context)))) as ApiError;
    expect(error.vendorMessage?.length).toBeLessThan(510);
  });

  it("removes the key from a vendor message that echoes it", async () => {
    const body = { error: { message: `Key ${KEY} is not valid`, type: "unauthorized_request_error" } };
    const { clock, context } = setup([{ status: 401, body }]);
    const error = (await failure(clock.run(sendRequest(read, context)))) as ApiError;
    expect(error.vendorMessage).toBe("Key [REDACTED] is not valid");
    expect(error.message).not.toContain(KEY);
  });
});
