import { IMAGE_EXTENSIONS, type ImageMimeType, isImageComplete, readImageInfo } from "../image/image-format.js";
import type { ApiRequest, SendContext } from "../internal/api-request.js";
import { parseHttpUrl, urlScheme } from "../internal/http-url.js";
import { badResponse } from "../internal/request-errors.js";
import { sendRequest } from "../internal/send-request.js";
import type { VendorProfile } from "../internal/vendor-errors.js";
import { InputError } from "../outcome/errors.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import { type Clock, systemClock } from "../runtime/clock.js";
import { fetchTransport } from "./fetch-transport.js";
import { createRedactor } from "./redact-secrets.js";
import { type RetryPolicy, resolveRetryPolicy } from "./retry-policy.js";
import type { HttpTransport } from "./transport.js";

export interface DownloadedImage {
  bytes: Uint8Array;
  mimeType: ImageMimeType;
  width: number;
  height: number;
}

export interface DownloadImageOptions {
  transport?: HttpTransport;
  signal?: CancelSignal;
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  /** Headers sent only while the link is on `origin` (the API's own image endpoint), never elsewhere. */
  credentials?: { origin: string; headers: Record<string, string> };
  /** Longest wait for one attempt's complete answer. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Downloads a result image with retries and checks it is one: type by magic bytes, size from the header, and
 * that it is complete.
 * Result links are ephemeral, so an expired one (403/410 at most image hosts) is reported as such.
 */
export async function downloadImage(url: string, options: DownloadImageOptions = {}): Promise<DownloadedImage> {
  const { credentials } = options;
  const redact = createRedactor(credentials === undefined ? [] : Object.values(credentials.headers));
  const host = httpHost(url, redact);
  const context: SendContext = {
    transport: options.transport ?? fetchTransport(),
    clock: options.clock ?? systemClock,
    policy: resolveRetryPolicy(options.retry),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    vendor: imageHost(host),
    redact,
    signal: options.signal,
  };
  const request: ApiRequest = {
    operation: "download",
    url,
    method: "GET",
    headers: { accept: Object.keys(IMAGE_EXTENSIONS).join(", ") },
    credentials,
    charges: false,
  };
  const response = await sendRequest(request, context);
  const info = readImageInfo(response.body);
  if (info === undefined) return badResponse(response, request, context, "the file is not a PNG, JPEG or WebP image");
  if (!isImageComplete(response.body, info.mimeType)) {
    return badResponse(response, request, context, "the image stops before its end (the download was cut short)");
  }
  return { bytes: response.body, ...info };
}

function imageHost(host: string): VendorProfile {
  return {
    name: host,
    statusCodes: { 403: "NOT_FOUND", 410: "NOT_FOUND" },
    advice: {
      NOT_FOUND:
        // Vendor-neutral: what a user can do about it depends on the vendor, so its caller adds that.
        "The image link has expired or was removed (result links are short-lived).",
    },
  };
}

function httpHost(url: string, redact: (text: string) => string): string {
  const parsed = parseHttpUrl(url);
  if (parsed === undefined) {
    // Only the scheme is quoted: the rest of a link may carry a signature.
    const protocol = urlScheme(url);
    const scheme =
      protocol === undefined || protocol === "http:" || protocol === "https:" ? "not a URL" : `a ${protocol} link`;
    throw new InputError("INVALID_REQUEST", redact(`Only http(s) image links can be downloaded; this is ${scheme}.`));
  }
  return parsed.host;
}
