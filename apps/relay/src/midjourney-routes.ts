import { GPTUNNEL_CALLS, GPTUNNEL_MIDJOURNEY_PATH, GPTUNNEL_TASK_ID_PATTERN } from "@upscale/core/vendor-facts";
import { authorize } from "./client-credential.js";
import { failureResponse, forwardAnswer } from "./forward-answer.js";
import { declaredTooLarge, readLimited, TooLargeError } from "./limited-stream.js";
import { publicOrigin, type RelayHonoContext, type RelayServices } from "./relay-context.js";
import { fetchUpstream, UpstreamFailure } from "./upstream-fetch.js";
import { vendorErrorResponse } from "./vendor-errors.js";

/** The GPTunnel submissions the relay forwards (not inpaint). What each costs is a vendor fact. */
export const MIDJOURNEY_SUBMISSIONS = ["imagine", "upsample", "variation"] as const;

export type MidjourneySubmission = (typeof MIDJOURNEY_SUBMISSIONS)[number];

/** `POST /v1/midjourney/{imagine|upsample|variation}`: the JSON body forwarded unchanged. */
export async function midjourneySubmit(
  services: RelayServices,
  c: RelayHonoContext,
  operation: MidjourneySubmission,
): Promise<Response> {
  const limit = services.config.limits.jsonRequestBytes;
  const tooLarge = () =>
    vendorErrorResponse("gptunnel", { status: 413, message: `The request body is over ${limit} bytes.` });
  if (declaredTooLarge(c.req.raw.headers, limit)) return tooLarge();
  let body: Uint8Array;
  try {
    body = await readLimited(c.req.raw.body, limit);
  } catch (error) {
    if (error instanceof TooLargeError) return tooLarge();
    throw error;
  }
  // Counted against a team's budget when every call is billed; an upsample is free from Midjourney v5 on.
  const auth = await authorize(services, c, "gptunnel", GPTUNNEL_CALLS[operation].billed === "yes");
  if (!auth.ok) return auth.response;
  const headers = { ...auth.upstreamHeaders, "content-type": "application/json", accept: "application/json" };
  const path = `${GPTUNNEL_MIDJOURNEY_PATH}/${operation}`;
  const response = await forwardGptunnel(services, c, path, "POST", headers, new TextDecoder().decode(body));
  if (response.status >= 400 && response.status < 500) await auth.release();
  return response;
}

/** `GET /v1/midjourney/result?taskId=`: a status read, never paid; only a well-formed task id goes upstream. */
export async function midjourneyResult(services: RelayServices, c: RelayHonoContext): Promise<Response> {
  const taskId = c.req.query("taskId") ?? "";
  if (!GPTUNNEL_TASK_ID_PATTERN.test(taskId)) {
    return vendorErrorResponse("gptunnel", { status: 400, message: "taskId must be a task id (24 hex characters)." });
  }
  const auth = await authorize(services, c, "gptunnel", GPTUNNEL_CALLS.result.billed === "yes");
  if (!auth.ok) return auth.response;
  const headers = { ...auth.upstreamHeaders, accept: "application/json" };
  return forwardGptunnel(services, c, `${GPTUNNEL_MIDJOURNEY_PATH}/result?taskId=${taskId}`, "GET", headers, undefined);
}

/** One GPTunnel call; `pathAndQuery` is built by the relay from checked parts, never taken from the client. */
export async function forwardGptunnel(
  services: RelayServices,
  c: RelayHonoContext,
  pathAndQuery: string,
  method: "GET" | "POST",
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Response> {
  try {
    const answer = await fetchUpstream(services.fetch, {
      url: `${services.config.gptunnelUrl}${pathAndQuery}`,
      method,
      headers,
      body,
      timeoutMs: services.config.timeouts.gptunnelMs,
      clientSignal: c.req.raw.signal,
    });
    return await forwardAnswer(services, "gptunnel", answer, publicOrigin(services, c));
  } catch (error) {
    return failureResponse(
      "gptunnel",
      error instanceof UpstreamFailure ? error : new UpstreamFailure("network", String(error)),
    );
  }
}
