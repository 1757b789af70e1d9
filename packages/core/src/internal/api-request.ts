import type { RetryPolicy } from "../http/retry-policy.js";
import type { HttpMethod, HttpTransport } from "../http/transport.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import type { Clock } from "../runtime/clock.js";
import type { VendorProfile } from "./vendor-errors.js";

/** A request to a vendor, and what the pipeline needs to send it: the types every pipeline file shares. */

export interface ApiRequest {
  /** Names the call in messages: "imagine", "result", "download". */
  operation: string;
  url: string;
  method: HttpMethod;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Headers (the API key) added only while the URL is on `origin`: never sent to another host. */
  credentials?: { origin: string; headers: Record<string, string> } | undefined;
  /** A billed call: never re-sent once it may have reached the server. */
  charges: boolean;
  /** The task the call concerns, carried on its errors. */
  taskId?: string;
}

export interface SendContext {
  transport: HttpTransport;
  clock: Clock;
  policy: RetryPolicy;
  /** Per attempt, including reading the body. */
  timeoutMs: number;
  vendor: VendorProfile;
  /** Removes secrets from any text that ends up in an error. */
  redact: (text: string) => string;
  signal?: CancelSignal | undefined;
}
