import * as z from "zod";
import { createRedactor } from "../src/http/redact-secrets.js";
import { defaultRetryPolicy, type RetryPolicy } from "../src/http/retry-policy.js";
import type { ApiRequest, SendContext } from "../src/internal/api-request.js";
import type { VendorProfile } from "../src/internal/vendor-errors.js";
import { FakeClock } from "./fake-clock.js";
import { type Step, scriptedTransport } from "./scripted-transport.js";

/** A made-up vendor, "Acme", and two calls to it, for the unit tests of the request pipeline. */

export const KEY = "sk-test-0123456789abcdef";

export const vendor: VendorProfile = {
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

/** A send context on a fake clock whose transport answers from `steps`. */
export function setup(steps: readonly Step[], options: { policy?: Partial<RetryPolicy>; timeoutMs?: number } = {}) {
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

/** A read with the key for the API's own origin. */
export const read: ApiRequest = {
  operation: "status",
  url: "https://api.acme.test/v1/status?id=1",
  method: "GET",
  credentials: { origin: "https://api.acme.test", headers: { authorization: KEY } },
  charges: false,
};

/** A billed call. */
export const billed: ApiRequest = {
  ...read,
  operation: "create",
  method: "POST",
  url: "https://api.acme.test/v1/create",
  charges: true,
};
