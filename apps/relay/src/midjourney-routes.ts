import { authorize } from "./client-credential.js";
import { failureResponse, forwardAnswer } from "./forward-answer.js";
import { declaredTooLarge, readLimited, TooLargeError } from "./limited-stream.js";
import { publicOrigin, type RelayContext, type RelayHonoContext } from "./relay-context.js";
import { fetchUpstream, UpstreamFailure } from "./upstream-fetch.js";
import { vendorErrorResponse } from "./vendor-errors.js";

/** The GPTunnel calls the relay forwards, and whether each costs money (as `@upscale/core` marks them). */
export const MIDJOURNEY_SUBMISSIONS = { imagine: true, variation: true, upsample: false } as const;

export type MidjourneySubmission = keyof typeof MIDJOURNEY_SUBMISSIONS;

const TASK_ID = /^[0-9a-f]{24}$/i;

/** `POST /v1/midjourney/{imagine|upsample|variation}`: the JSON body forwarded unchanged. */
export async function midjourneySubmit(
  ctx: RelayContext,
  c: RelayHonoContext,
  operation: MidjourneySubmission,
): Promise<Response> {
  const limit = ctx.config.limits.jsonRequestBytes;
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
  const auth = await authorize(ctx, c, "gptunnel", MIDJOURNEY_SUBMISSIONS[operation]);
  if (!auth.ok) return auth.response;
  const headers = { ...auth.upstreamHeaders, "content-type": "application/json", accept: "application/json" };
  const response = await forward(ctx, c, `${operation}`, "POST", headers, new TextDecoder().decode(body));
  if (response.status >= 400 && response.status < 500) await auth.release();
  return response;
}

/** `GET /v1/midjourney/result?taskId=`: a status read, never paid; only a well-formed task id goes upstream. */
export async function midjourneyResult(ctx: RelayContext, c: RelayHonoContext): Promise<Response> {
  const taskId = c.req.query("taskId") ?? "";
  if (!TASK_ID.test(taskId)) {
    return vendorErrorResponse("gptunnel", { status: 400, message: "taskId must be a task id (24 hex characters)." });
  }
  const auth = await authorize(ctx, c, "gptunnel", false);
  if (!auth.ok) return auth.response;
  const headers = { ...auth.upstreamHeaders, accept: "application/json" };
  return forward(ctx, c, `result?taskId=${taskId}`, "GET", headers, undefined);
}

async function forward(
  ctx: RelayContext,
  c: RelayHonoContext,
  path: string,
  method: "GET" | "POST",
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Response> {
  try {
    const answer = await fetchUpstream(ctx.fetch, {
      url: `${ctx.config.gptunnelUrl}/v1/midjourney/${path}`,
      method,
      headers,
      body,
      timeoutMs: ctx.config.timeouts.gptunnelMs,
      clientSignal: c.req.raw.signal,
    });
    return await forwardAnswer(ctx, "gptunnel", answer, publicOrigin(ctx, c));
  } catch (error) {
    return failureResponse(
      "gptunnel",
      error instanceof UpstreamFailure ? error : new UpstreamFailure("network", String(error)),
    );
  }
}
