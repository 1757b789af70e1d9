import { VENDOR_AUTH, vendorAuthHeaders } from "./client-credential.js";
import { limitStream } from "./limited-stream.js";
import type { RelayHonoContext, RelayServices } from "./relay-context.js";
import { fetchUpstream, UpstreamFailure } from "./upstream-fetch.js";
import { imageHostRefusal } from "./upstream-guard.js";

const MAX_REDIRECTS = 3;

/**
 * `GET /images/<token>`: a result image, fetched from the vendor's image host and streamed back with CORS. Only
 * links the relay signed itself are fetched; a redirect is followed only on the same origin; the vendor key goes
 * along only when the image is on that vendor's own API origin (GPTunnel serves `/task/image/…` there).
 */
export async function relayImage(services: RelayServices, c: RelayHonoContext): Promise<Response> {
  const check = await services.signer.verify(c.req.param("token") ?? "");
  if (!check.ok) {
    return check.reason === "expired"
      ? plain(410, "This image link has expired: fetch the task's result again for a fresh one.")
      : plain(403, "This is not an image link the relay handed out.");
  }
  let target = new URL(check.target);
  const refusal = await imageHostRefusal(target, services.config.allowPrivateUpstreams, services.resolveHost);
  if (refusal !== undefined) return plain(403, `The relay does not fetch images from ${refusal}.`);

  const headers: Record<string, string> = { accept: "image/png, image/jpeg, image/webp" };
  const vendorOrigin = check.vendor === "gptunnel" ? services.config.gptunnelUrl : services.config.ideogramUrl;
  if (target.origin === vendorOrigin) Object.assign(headers, imageCredentials(services, c, check.vendor));

  for (let redirects = 0; ; redirects++) {
    let answer: Awaited<ReturnType<typeof fetchUpstream>>;
    try {
      answer = await fetchUpstream(services.fetch, {
        url: target.href,
        method: "GET",
        headers,
        timeoutMs: services.config.timeouts.imageMs,
        clientSignal: c.req.raw.signal,
      });
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
      if (error.kind !== "redirect") return plain(error.kind === "timeout" ? 504 : 502, `Image: ${error.message}.`);
      // fetchUpstream refuses redirects; images may follow one, on the same origin only.
      const next = sameOriginRedirect(target, error.location);
      if (next === undefined || redirects >= MAX_REDIRECTS) {
        return plain(502, "The image host redirected elsewhere; the relay follows redirects on the same host only.");
      }
      target = next;
      continue;
    }
    return imageResponse(services, answer.response);
  }
}

/** The redirect's target when it stays on the same origin. */
function sameOriginRedirect(from: URL, location: string | undefined): URL | undefined {
  if (location === undefined) return undefined;
  const next = URL.canParse(location, from) ? new URL(location, from) : undefined;
  return next?.origin === from.origin ? next : undefined;
}

function imageResponse(services: RelayServices, response: Response): Response {
  const limit = services.config.limits.imageBytes;
  const type = response.headers.get("content-type") ?? "";
  if (response.status >= 200 && response.status < 300) {
    const length = Number(response.headers.get("content-length") ?? "0");
    // Whether GPTunnel labels its images is unconfirmed: a bare octet-stream (or no type) passes, a page does not.
    const imageLike = type === "" || /^(image\/|application\/octet-stream)/i.test(type);
    if (!imageLike || length > limit || response.body === null) {
      void response.body?.cancel();
      return plain(502, "The image host answered with something that is not an image the relay passes on.");
    }
  }
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (type !== "") headers["content-type"] = type;
  const length = response.headers.get("content-length");
  if (length !== null) headers["content-length"] = length;
  const retryAfter = response.headers.get("retry-after");
  if (retryAfter !== null) headers["retry-after"] = retryAfter;
  // Streamed: a 20 MB image goes through without being held whole.
  const body = response.body === null ? null : limitStream(response.body, limit);
  return new Response(body, { status: response.status, headers });
}

/** Team mode: the relay's key; pass-through: the key the client sent with this request, if any. */
function imageCredentials(services: RelayServices, c: RelayHonoContext, vendor: "gptunnel" | "ideogram") {
  const teamKey = vendor === "gptunnel" ? services.config.team?.gptunnelKey : services.config.team?.ideogramKey;
  if (services.config.team !== undefined) return teamKey === undefined ? {} : vendorAuthHeaders(vendor, teamKey);
  const presented = c.req.header(VENDOR_AUTH[vendor].header);
  return presented === undefined ? {} : vendorAuthHeaders(vendor, presented);
}

function plain(status: number, message: string): Response {
  return new Response(JSON.stringify({ detail: message }), { status, headers: { "content-type": "application/json" } });
}
