import { gptunnelErrorBody, gptunnelErrorType, ideogramErrorBody } from "@upscale/core/vendor-facts";

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

export function vendorErrorResponse(vendor: Vendor, refusal: RelayRefusal): Response {
  const { status, message, type } = refusal;
  const body =
    vendor === "gptunnel"
      ? gptunnelErrorBody(message, type ?? gptunnelErrorType(status) ?? "relay_error")
      : ideogramErrorBody(status, message, type);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (refusal.retryAfterSeconds !== undefined) headers["retry-after"] = String(refusal.retryAfterSeconds);
  return new Response(JSON.stringify(body), { status, headers });
}
