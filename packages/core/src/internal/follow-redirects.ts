import type { HttpResponse } from "../http/transport.js";
import type { ApiRequest, SendContext } from "./api-request.js";
import { parseHttpUrl, resolveHttpUrl } from "./http-url.js";
import { answerError } from "./request-errors.js";
import { sendAttempt } from "./send-attempt.js";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Sends `request` once, following a read's redirects by hand so that the credentials go only to their own
 * origin, hop by hop. `request.url` is a normalised href, and so is every target: the transport connects to
 * exactly the origin checked here.
 */
export async function followRedirects(request: ApiRequest, context: SendContext): Promise<HttpResponse> {
  let url = request.url;
  const ownOrigin = request.credentials === undefined ? undefined : parseHttpUrl(request.credentials.origin)?.origin;
  for (let hops = 0; ; hops++) {
    const onOwnOrigin = ownOrigin !== undefined && parseHttpUrl(url)?.origin === ownOrigin;
    const headers = { ...request.headers, ...(onOwnOrigin ? request.credentials?.headers : {}) };
    // Without credentials a GET may be redirected by the transport itself: a browser's fetch can only do that.
    const followRedirects = request.credentials === undefined && request.method === "GET";
    const response = await sendAttempt(
      { url, method: request.method, headers, body: request.body, followRedirects },
      context,
    );
    if (!REDIRECT_STATUSES.has(response.status)) return response;

    // Only reads follow redirects: re-sending a POST elsewhere could repeat a billed call.
    const location = response.headers.location;
    const target = location === undefined ? undefined : resolveHttpUrl(location, url);
    if (request.method !== "GET" || target === undefined || hops >= MAX_REDIRECTS) {
      // Origin and path only: query strings of signed links are credentials of their own.
      const to = target === undefined ? "" : ` to ${target.origin}${target.pathname}`;
      throw answerError("BAD_RESPONSE", response, request, context, {
        summary: `Unexpected redirect${to}`,
        advice: "If the API has moved, set its base URL to the new address.",
      });
    }
    url = target.href;
  }
}
