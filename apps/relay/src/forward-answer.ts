import { GPTUNNEL_RESULT_LINK_FIELD, IDEOGRAM_RESULT_LINKS } from "@upscale/core/vendor-facts";
import { readLimited } from "./limited-stream.js";
import type { RelayServices } from "./relay-context.js";
import type { UpstreamAnswer, UpstreamFailure } from "./upstream-fetch.js";
import { type Vendor, vendorErrorResponse } from "./vendor-errors.js";

const VENDOR_NAMES: Record<Vendor, string> = { gptunnel: "GPTunnel", ideogram: "Ideogram" };

/**
 * The vendor's answer for the client: status, body, Content-Type and Retry-After as the vendor sent them, except
 * that result links become the relay's signed `/images/…` links, and in team mode the team's key is cut out of
 * any text the vendor echoed it in (the client must never see it).
 */
export async function forwardAnswer(
  services: RelayServices,
  vendor: Vendor,
  answer: UpstreamAnswer,
  origin: string,
  /** Reads the vendor's JSON (any status; undefined when it is not JSON) before the client gets the answer. */
  inspect?: (status: number, body: unknown) => Promise<void>,
): Promise<Response> {
  const { response } = answer;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readLimited(response.body, services.config.limits.jsonResponseBytes);
  } catch (error) {
    return failureResponse(vendor, answer.failure(error));
  }
  let text = new TextDecoder().decode(bytes);
  const teamKey = vendor === "ideogram" ? services.config.team?.ideogramKey : services.config.team?.gptunnelKey;
  if (teamKey !== undefined) text = text.split(teamKey).join("[redacted]");
  const ok = response.status >= 200 && response.status < 300;
  const json = ok ? parseJson(text) : undefined;
  if (inspect !== undefined) await inspect(response.status, ok ? json : parseJson(text));
  if (json !== undefined) text = JSON.stringify(await rewriteLinks(services, vendor, json, origin));
  const headers: Record<string, string> = {
    "content-type": response.headers.get("content-type") ?? "application/json",
  };
  const retryAfter = response.headers.get("retry-after");
  if (retryAfter !== null) headers["retry-after"] = retryAfter;
  return new Response(json === undefined ? (teamKey === undefined ? bytes : text) : text, {
    status: response.status,
    headers,
  });
}

/** Ideogram: `data[].url`; GPTunnel: the task's `result` (vendor facts). Nothing else in an answer links an image. */
async function rewriteLinks(services: RelayServices, vendor: Vendor, json: unknown, origin: string): Promise<unknown> {
  if (typeof json !== "object" || json === null) return json;
  const sign = async (link: unknown) =>
    typeof link === "string" && /^https?:\/\//i.test(link)
      ? `${origin}/images/${await services.signer.sign(link, vendor)}`
      : link;
  const body = json as Record<string, unknown>;
  if (vendor === "gptunnel") {
    return { ...body, [GPTUNNEL_RESULT_LINK_FIELD]: await sign(body[GPTUNNEL_RESULT_LINK_FIELD]) };
  }
  const { list, link } = IDEOGRAM_RESULT_LINKS;
  const items = body[list];
  if (!Array.isArray(items)) return body;
  const signed = await Promise.all(
    items.map(async (item: unknown) =>
      typeof item === "object" && item !== null && link in item
        ? { ...item, [link]: await sign((item as Record<string, unknown>)[link]) }
        : item,
    ),
  );
  return { ...body, [list]: signed };
}

/** The relay could not get an answer: 504 for its deadline, 502 otherwise, in the vendor's error shape. */
export function failureResponse(vendor: Vendor, failure: UpstreamFailure): Response {
  const name = VENDOR_NAMES[vendor];
  return vendorErrorResponse(vendor, {
    status: failure.kind === "timeout" ? 504 : 502,
    message: `The relay got no usable answer from ${name}: ${failure.message}.`,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
