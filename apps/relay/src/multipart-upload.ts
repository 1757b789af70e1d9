import { failureResponse } from "./forward-answer.js";
import { declaredTooLarge, limitStream, readLimited, TooLargeError } from "./limited-stream.js";
import type { RelayHonoContext, RelayServices } from "./relay-context.js";
import { fetchUpstream, type UpstreamAnswer, UpstreamFailure } from "./upstream-fetch.js";
import { vendorErrorResponse } from "./vendor-errors.js";

/** What an Ideogram upscale route accepts: a multipart body up to `limitBytes` (the image's limit plus framing). */
export interface UploadRules {
  limitBytes: number;
  /** Ideogram's own limit on the image, for messages. */
  imageBytes: number;
  /** The form's fields, for messages: "image_file and image_request". */
  fields: string;
}

export type UploadSent = { ok: true; answer: UpstreamAnswer } | { ok: false; response: Response; tooLarge: boolean };

/** The upload's type and declared size, checked before a byte of it is read (and before any budget is touched). */
export function uploadRefusal(c: RelayHonoContext, rules: UploadRules): Response | undefined {
  if (!/^multipart\/form-data;.*boundary=/i.test(c.req.header("content-type") ?? "")) {
    return vendorErrorResponse("ideogram", {
      status: 400,
      message: `The upscale request must be multipart/form-data with ${rules.fields}.`,
    });
  }
  return declaredTooLarge(c.req.raw.headers, rules.limitBytes) ? uploadTooLarge(rules) : undefined;
}

export function uploadTooLarge(rules: UploadRules): Response {
  return vendorErrorResponse("ideogram", {
    status: 413,
    message: `The upload is over ${rules.limitBytes} bytes: Ideogram accepts images up to ${rules.imageBytes / 1024 / 1024} MB.`,
  });
}

/** The client's body as it arrives, cut off the moment it passes the limit: never held whole. */
export function streamedUpload(c: RelayHonoContext, rules: UploadRules): ReadableStream<Uint8Array> | string {
  return c.req.raw.body === null ? "" : limitStream(c.req.raw.body, rules.limitBytes);
}

/** The client's whole body, for a call that must be sent twice (a quote first); undefined when over the limit. */
export async function bufferedUpload(
  c: RelayHonoContext,
  rules: UploadRules,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  try {
    return await readLimited(c.req.raw.body, rules.limitBytes);
  } catch (error) {
    if (error instanceof TooLargeError) return undefined;
    throw error;
  }
}

/**
 * POSTs an upload to Ideogram with the client's multipart type (and length, when known). A body cut off for its
 * size never reached Ideogram whole, so nothing ran; that and the relay's own failures (502, 504) come back as
 * responses in Ideogram's shape.
 */
export async function sendUpload(
  services: RelayServices,
  c: RelayHonoContext,
  request: {
    url: string;
    upstreamHeaders: Record<string, string>;
    body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> | string;
  },
  rules: UploadRules,
): Promise<UploadSent> {
  const headers: Record<string, string> = {
    ...request.upstreamHeaders,
    "content-type": c.req.header("content-type") ?? "",
    accept: "application/json",
  };
  const length = request.body instanceof Uint8Array ? String(request.body.byteLength) : c.req.header("content-length");
  if (length !== undefined && /^\d+$/.test(length)) headers["content-length"] = length;
  try {
    const answer = await fetchUpstream(services.fetch, {
      url: request.url,
      method: "POST",
      headers,
      body: request.body,
      timeoutMs: services.config.timeouts.ideogramMs,
      clientSignal: c.req.raw.signal,
    });
    return { ok: true, answer };
  } catch (error) {
    const failure = error instanceof UpstreamFailure ? error : new UpstreamFailure("network", String(error));
    if (failure.kind === "too-large") return { ok: false, response: uploadTooLarge(rules), tooLarge: true };
    return { ok: false, response: failureResponse("ideogram", failure), tooLarge: false };
  }
}
