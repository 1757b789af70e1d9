import { describe, expect, it } from "vitest";
import * as z from "zod";
import { failure } from "../../test/failure.js";
import { response } from "../../test/scripted-transport.js";
import { billed, read, setup } from "../../test/send-context.js";
import type { ApiError } from "../outcome/errors.js";
import type { ApiRequest } from "./api-request.js";
import { parseJsonResponse } from "./parse-response.js";

describe("parseJsonResponse", () => {
  const schema = z.object({ id: z.string(), count: z.number() });

  async function parse(body: unknown, request: ApiRequest = read) {
    return parseJsonResponse(response(200, body), schema, request, setup([]).context);
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
    expect(error.charged).toBe("maybe");
  });
});
