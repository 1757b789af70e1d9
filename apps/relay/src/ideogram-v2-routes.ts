import {
  IDEOGRAM_GENERATION_ID_PATTERN,
  IDEOGRAM_RELAY_PATH,
  IDEOGRAM_V2_DRY_RUN_PARAM,
  IDEOGRAM_V2_GENERATIONS_PATH,
  IDEOGRAM_V2_MAX_IMAGE_BYTES,
  IDEOGRAM_V2_MODEL_IDS,
  IDEOGRAM_V2_UPSCALE_PATH,
  isIdeogramV2Model,
} from "@upscale/core/vendor-facts";
import { budgetedUpscale, settleFromAnswer } from "./budgeted-upscale.js";
import { authorize } from "./client-credential.js";
import { flagQuery } from "./flag-query.js";
import { failureResponse, forwardAnswer } from "./forward-answer.js";
import { sendUpload, streamedUpload, type UploadRules, uploadRefusal } from "./multipart-upload.js";
import { publicOrigin, type RelayHonoContext, type RelayServices } from "./relay-context.js";
import { fetchUpstream, UpstreamFailure } from "./upstream-fetch.js";
import { vendorErrorResponse } from "./vendor-errors.js";

/** The relay's v2 paths, under `/ideogram` like the legacy call: what a relay-style client builds on its base URL. */
export const IDEOGRAM_V2_UPSCALE_ROUTE = `${IDEOGRAM_RELAY_PATH}${IDEOGRAM_V2_UPSCALE_PATH}`;
export const IDEOGRAM_V2_GENERATIONS_ROUTE = `${IDEOGRAM_RELAY_PATH}${IDEOGRAM_V2_GENERATIONS_PATH}`;
/** Only the allow-listed models are relay paths: any other is a 404 that never reaches Ideogram. */
export const IDEOGRAM_V2_MODEL_ROUTES = IDEOGRAM_V2_MODEL_IDS.map((model) => `${IDEOGRAM_V2_UPSCALE_ROUTE}/${model}`);

/**
 * `POST /ideogram/v2/image/upscale/{model}[?dry_run=true]` → Ideogram's `POST /v2/image/upscale/{model}`. A quote is
 * free and streamed through in both modes. A billed upscale is streamed through in pass-through mode; in team mode
 * it spends the token's dollar budget (`budgetedUpscale`). The upstream URL is built from the allow-listed model and
 * the one query parameter the relay knows, never from the client's path or query.
 */
export async function ideogramV2Upscale(services: RelayServices, c: RelayHonoContext): Promise<Response> {
  const model = c.req.param("model") ?? "";
  if (!isIdeogramV2Model(model)) {
    return vendorErrorResponse("ideogram", {
      status: 404,
      message: `The relay offers the models ${IDEOGRAM_V2_MODEL_IDS.join(", ")}; not "${model.slice(0, 40)}".`,
    });
  }
  const dryRun = flagQuery(c, IDEOGRAM_V2_DRY_RUN_PARAM);
  if (dryRun === undefined) {
    return vendorErrorResponse("ideogram", {
      status: 400,
      message: `The relay passes on no query but ${IDEOGRAM_V2_DRY_RUN_PARAM}=true (a free price quote).`,
    });
  }
  const rules: UploadRules = {
    limitBytes: services.config.limits.uploadV2Bytes,
    imageBytes: IDEOGRAM_V2_MAX_IMAGE_BYTES,
    fields: "image and upscale_factor",
  };
  const refusal = uploadRefusal(c, rules);
  if (refusal !== undefined) return refusal;
  const auth = await authorize(services, c, "ideogram", false);
  if (!auth.ok) return auth.response;
  const url = `${services.config.ideogramUrl}${IDEOGRAM_V2_UPSCALE_PATH}/${model}`;
  const quoteUrl = `${url}?${IDEOGRAM_V2_DRY_RUN_PARAM}=true`;
  if (!dryRun && services.gate !== undefined) {
    return budgetedUpscale(services, c, { url, quoteUrl, upstreamHeaders: auth.upstreamHeaders }, rules);
  }
  const sent = await sendUpload(
    services,
    c,
    { url: dryRun ? quoteUrl : url, upstreamHeaders: auth.upstreamHeaders, body: streamedUpload(c, rules) },
    rules,
  );
  if (!sent.ok) return sent.response;
  return forwardAnswer(services, "ideogram", sent.answer, publicOrigin(services, c));
}

/**
 * `GET /ideogram/v2/generations/{id}` → Ideogram's `GET /v2/generations/{id}`: free. Only a well-formed id goes
 * upstream, and no query. In team mode, a generation read completed (or failed) settles what its budget held.
 */
export async function ideogramV2Generation(services: RelayServices, c: RelayHonoContext): Promise<Response> {
  const id = c.req.param("id") ?? "";
  if (!IDEOGRAM_GENERATION_ID_PATTERN.test(id)) {
    return vendorErrorResponse("ideogram", { status: 400, message: "That is not a generation id." });
  }
  const auth = await authorize(services, c, "ideogram", false);
  if (!auth.ok) return auth.response;
  try {
    const answer = await fetchUpstream(services.fetch, {
      url: `${services.config.ideogramUrl}${IDEOGRAM_V2_GENERATIONS_PATH}/${id}`,
      method: "GET",
      headers: { ...auth.upstreamHeaders, accept: "application/json" },
      timeoutMs: services.config.timeouts.ideogramMs,
      clientSignal: c.req.raw.signal,
    });
    return await forwardAnswer(services, "ideogram", answer, publicOrigin(services, c), (status, body) =>
      status === 200 ? settleFromAnswer(services, status, body) : Promise.resolve(),
    );
  } catch (error) {
    return failureResponse(
      "ideogram",
      error instanceof UpstreamFailure ? error : new UpstreamFailure("network", String(error)),
    );
  }
}
