import { IDEOGRAM_CALLS, IDEOGRAM_MAX_IMAGE_BYTES, IDEOGRAM_UPSCALE_PATH } from "@upscale/core/vendor-facts";
import { authorize } from "./client-credential.js";
import { failureResponse, forwardAnswer } from "./forward-answer.js";
import { declaredTooLarge, limitStream } from "./limited-stream.js";
import { publicOrigin, type RelayHonoContext, type RelayServices } from "./relay-context.js";
import { fetchUpstream, UpstreamFailure } from "./upstream-fetch.js";
import { vendorErrorResponse } from "./vendor-errors.js";

/**
 * `POST /ideogram/upscale` (relay style, `Authorization: Bearer`) → Ideogram's `POST /upscale` (`Api-Key`). The
 * multipart body is streamed through as it arrives, never held whole, and cut off the moment it passes the limit.
 */
export async function ideogramUpscale(services: RelayServices, c: RelayHonoContext): Promise<Response> {
  const { limits } = services.config;
  const contentType = c.req.header("content-type") ?? "";
  if (!/^multipart\/form-data;.*boundary=/i.test(contentType)) {
    return vendorErrorResponse("ideogram", {
      status: 400,
      message: "The upscale request must be multipart/form-data with image_file and image_request.",
    });
  }
  const tooLarge = () =>
    vendorErrorResponse("ideogram", {
      status: 413,
      message: `The upload is over ${limits.uploadBytes} bytes: Ideogram accepts images up to ${IDEOGRAM_MAX_IMAGE_BYTES / 1024 / 1024} MB.`,
    });
  // Refused before authorizing, so an oversized upload never touches a team's budget.
  if (declaredTooLarge(c.req.raw.headers, limits.uploadBytes)) return tooLarge();
  const auth = await authorize(services, c, "ideogram", IDEOGRAM_CALLS.upscale.billed === "yes");
  if (!auth.ok) return auth.response;

  const headers: Record<string, string> = {
    ...auth.upstreamHeaders,
    "content-type": contentType,
    accept: "application/json",
  };
  const length = c.req.header("content-length");
  if (length !== undefined && /^\d+$/.test(length)) headers["content-length"] = length;
  const body = c.req.raw.body === null ? "" : limitStream(c.req.raw.body, limits.uploadBytes);
  let answer: Awaited<ReturnType<typeof fetchUpstream>>;
  try {
    answer = await fetchUpstream(services.fetch, {
      url: `${services.config.ideogramUrl}${IDEOGRAM_UPSCALE_PATH}`,
      method: "POST",
      headers,
      body,
      timeoutMs: services.config.timeouts.ideogramMs,
      clientSignal: c.req.raw.signal,
    });
  } catch (error) {
    const failure = error instanceof UpstreamFailure ? error : new UpstreamFailure("network", String(error));
    // Cut off mid-upload: Ideogram got no complete request, so nothing was charged.
    if (failure.kind === "too-large") {
      await auth.release();
      return tooLarge();
    }
    return failureResponse("ideogram", failure);
  }
  // A 4xx is the vendor refusing the call: nothing was charged, so the budget gets it back.
  if (answer.response.status >= 400 && answer.response.status < 500) await auth.release();
  return forwardAnswer(services, "ideogram", answer, publicOrigin(services, c));
}
