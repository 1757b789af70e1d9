import { IDEOGRAM_V2_GENERATIONS_PATH } from "@upscale/core/vendor-facts";
import { limitStoreDown } from "./client-credential.js";
import { failureResponse, forwardAnswer } from "./forward-answer.js";
import { type GenerationCost, quotedUpperBound, readGenerationCost } from "./generation-cost.js";
import { readLimited } from "./limited-stream.js";
import { bufferedUpload, sendUpload, type UploadRules, uploadTooLarge } from "./multipart-upload.js";
import { publicOrigin, type RelayHonoContext, type RelayServices } from "./relay-context.js";
import { fetchUpstream, type UpstreamAnswer } from "./upstream-fetch.js";
import { vendorErrorResponse } from "./vendor-errors.js";

/**
 * Team mode's billed Ideogram v2 upscale, spending the token's daily dollar budget:
 * 1. the upload is read whole (it is sent twice; up to the 50 MB limit),
 * 2. quoted with `?dry_run=true` (free: nothing generated, stored or billed),
 * 3. the quote's upper bound is taken from the budget, atomically, or the call is refused with 402 before any
 *    billed request leaves the relay,
 * 4. the billed call is sent; the amount is held for the generation it made, and replaced by its real cost
 *    (`usage_cost_usd_micros`) once the generation is seen completed: in a synchronous answer, or when the client
 *    reads it through `GET /ideogram/v2/generations/{id}` — once, on whichever instance reads it first.
 * Ideogram refusing the call (4xx) gives the amount back. An answer that names no generation (a timeout, a 5xx)
 * may still have been billed, so its amount stays spent for the day.
 */
export async function budgetedUpscale(
  services: RelayServices,
  c: RelayHonoContext,
  request: { url: string; quoteUrl: string; upstreamHeaders: Record<string, string> },
  rules: UploadRules,
): Promise<Response> {
  const { gate } = services;
  const tokenId = c.get("tokenId");
  if (gate === undefined || tokenId === undefined) throw new Error("A budgeted upscale needs team mode.");
  const body = await bufferedUpload(c, rules);
  if (body === undefined) return uploadTooLarge(rules);
  const origin = publicOrigin(services, c);
  const { upstreamHeaders } = request;

  const quoted = await sendUpload(services, c, { url: request.quoteUrl, upstreamHeaders, body }, rules);
  if (!quoted.ok) return quoted.response;
  // Ideogram refused the request as it stands (a field, the output size): the client hears why, nothing is billed.
  if (quoted.answer.response.status !== 200) return forwardAnswer(services, "ideogram", quoted.answer, origin);
  const quote = await readJson(services, quoted.answer);
  if (!quote.ok) return quote.response;
  const upperBound = quotedUpperBound(quote.body);
  if (upperBound === undefined) {
    return vendorErrorResponse("ideogram", {
      status: 502,
      message: "The relay got no usable price quote from Ideogram, so it sent nothing billed.",
    });
  }
  let reservation: Awaited<ReturnType<typeof gate.reserveUsd>>;
  try {
    reservation = await gate.reserveUsd(tokenId, upperBound);
  } catch {
    return limitStoreDown("ideogram");
  }
  if (!reservation.ok) return vendorErrorResponse("ideogram", reservation.refusal);

  const sent = await sendUpload(services, c, { url: request.url, upstreamHeaders, body }, rules);
  if (!sent.ok) return sent.response;
  const refused = sent.answer.response.status >= 400 && sent.answer.response.status < 500;
  // The vendor's answer reaches the client whatever the limit store does now: it may name a generation to poll.
  return forwardAnswer(services, "ideogram", sent.answer, origin, async (status, answer) => {
    try {
      if (refused) return await reservation.release();
      const generation = readGenerationCost(status, answer);
      if (generation === undefined) return;
      await reservation.holdFor(generation.generationId);
      await settle(services, generation, () => readGeneration(services, generation.generationId, upstreamHeaders));
    } catch {
      // Without the store the amount stays taken in full: a budget errs on the side of having spent.
    }
  });
}

/** Settles what a v2 answer says its generation cost; an answer that says nothing changes nothing. */
export async function settleFromAnswer(services: RelayServices, status: number, body: unknown): Promise<void> {
  const generation = readGenerationCost(status, body);
  if (generation === undefined) return;
  await settle(services, generation).catch(() => {
    // The claim stays in the store; the next read of this generation settles it.
  });
}

/** A finished generation whose answer does not state its cost is read once more (`read`, free) to learn it. */
async function settle(services: RelayServices, generation: GenerationCost, read?: () => Promise<unknown>) {
  let cost = generation.costUsdMicros;
  if (cost === undefined && generation.finished && read !== undefined) {
    cost = readGenerationCost(200, await read())?.costUsdMicros;
  }
  if (cost !== undefined) await services.gate?.settleGeneration(generation.generationId, cost);
}

async function readGeneration(
  services: RelayServices,
  generationId: string,
  upstreamHeaders: Record<string, string>,
): Promise<unknown> {
  const answer = await fetchUpstream(services.fetch, {
    url: `${services.config.ideogramUrl}${IDEOGRAM_V2_GENERATIONS_PATH}/${generationId}`,
    method: "GET",
    headers: { ...upstreamHeaders, accept: "application/json" },
    timeoutMs: services.config.timeouts.ideogramMs,
  });
  if (answer.response.status !== 200) return undefined;
  const read = await readJson(services, answer);
  return read.ok ? read.body : undefined;
}

async function readJson(
  services: RelayServices,
  answer: UpstreamAnswer,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  try {
    const bytes = await readLimited(answer.response.body, services.config.limits.jsonResponseBytes);
    try {
      return { ok: true, body: JSON.parse(new TextDecoder().decode(bytes)) };
    } catch {
      return { ok: true, body: undefined };
    }
  } catch (error) {
    return { ok: false, response: failureResponse("ideogram", answer.failure(error)) };
  }
}
