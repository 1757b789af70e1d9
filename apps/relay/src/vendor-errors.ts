/**
 * The relay's own refusals, in the error shape of the vendor the client thinks it is talking to, so
 * `@upscale/core` reads them like the vendor's (its codes follow the HTTP status; the message is shown to users).
 */
export type Vendor = "gptunnel" | "ideogram";

export interface RelayRefusal {
  status: number;
  message: string;
  /** GPTunnel's `error.type` / Ideogram's `reject_reason`. */
  type?: string;
  retryAfterSeconds?: number;
}

const GPTUNNEL_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "unauthorized_request_error",
  402: "insufficient_balance_error",
};

export function vendorErrorResponse(vendor: Vendor, refusal: RelayRefusal): Response {
  const body =
    vendor === "gptunnel"
      ? {
          error: {
            message: refusal.message,
            type: refusal.type ?? GPTUNNEL_TYPES[refusal.status] ?? "relay_error",
            param: null,
            code: null,
          },
        }
      : { detail: refusal.message, ...(refusal.type === undefined ? {} : { reject_reason: refusal.type }) };
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (refusal.retryAfterSeconds !== undefined) headers["retry-after"] = String(refusal.retryAfterSeconds);
  return new Response(JSON.stringify(body), { status: refusal.status, headers });
}
