import type { SendContext } from "../internal/api-request.js";
import { parseHttpUrl } from "../internal/http-url.js";
import type { VendorProfile } from "../internal/vendor-errors.js";
import { InputError } from "../outcome/errors.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import { type Clock, systemClock } from "../runtime/clock.js";
import { type DownloadedImage, type DownloadImageOptions, downloadImage } from "./download-image.js";
import { fetchTransport } from "./fetch-transport.js";
import { createRedactor } from "./redact-secrets.js";
import { type RetryPolicy, resolveRetryPolicy } from "./retry-policy.js";
import type { HttpTransport } from "./transport.js";

/** Per-call options of every client method. */
export interface RequestOptions {
  signal?: CancelSignal;
}

/** What both vendor clients are configured with. */
export interface ClientOptions {
  apiKey: string;
  baseUrl?: string;
  /** Defaults to the global fetch; Figma and tests pass their own. */
  transport?: HttpTransport;
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  /** Longest wait for one attempt's complete answer. */
  timeoutMs?: number;
  /**
   * How this app's user sets the key, as the imperative phrase that missing-key and rejected-key messages end
   * with: the CLI's "set GPTUNNEL_API_KEY", VS Code's 'run "Upscale: Set API Key…"', Figma's "open Settings in
   * the plugin and enter the key". The core names no environment variable of its own.
   */
  keyHint?: string;
}

/** For a program using the core directly, which has no settings screen or variable of its own. */
export const DEFAULT_KEY_HINT = "pass it as the client's apiKey option";

/** A client's validated configuration, and the request context for one call. */
export interface ClientSettings {
  apiKey: string;
  baseUrl: string;
  /** Where the key may be sent: the API's own origin, nowhere else. */
  origin: string;
  transport: HttpTransport;
  clock: Clock;
  policy: RetryPolicy;
  timeoutMs: number;
  redact: (text: string) => string;
  /** {@link ClientOptions.keyHint}, or the default. */
  keyHint: string;
  context(vendor: VendorProfile, signal: CancelSignal | undefined): SendContext;
  /**
   * Downloads a result with the client's transport, clock and retries. A timeout set explicitly applies here
   * too; by default a download may take longer than a JSON call.
   */
  download(
    url: string,
    signal: CancelSignal | undefined,
    credentials?: DownloadImageOptions["credentials"],
  ): Promise<DownloadedImage>;
}

/**
 * Checks the options common to both clients before anything is sent, so a mistyped key or address fails
 * at once with what to fix, in the app's own words (`keyHint`).
 */
export function resolveClientSettings(
  options: ClientOptions,
  defaults: { baseUrl: string; timeoutMs: number; service: string },
): ClientSettings {
  const keyHint = options.keyHint?.trim() || DEFAULT_KEY_HINT;
  const apiKey = options.apiKey?.trim() ?? "";
  if (apiKey === "") {
    throw new InputError("AUTH", `No ${defaults.service} API key: ${keyHint}.`);
  }
  // Keys are printable ASCII; anything else (a pasted line break, a non-Latin letter) cannot be a header value.
  if (/[^!-~]/.test(apiKey)) {
    throw new InputError(
      "AUTH",
      `The ${defaults.service} API key contains a space, line break or non-ASCII character: copy it again, then ${keyHint}.`,
    );
  }
  const redact = createRedactor([apiKey, options.apiKey]);
  const { baseUrl, origin } = checkBaseUrl(options.baseUrl ?? defaults.baseUrl, defaults.service, redact);
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  if (!(timeoutMs > 0)) {
    throw new InputError("INVALID_REQUEST", `timeoutMs must be a positive number of milliseconds, got ${timeoutMs}.`);
  }
  const settings: ClientSettings = {
    apiKey,
    baseUrl,
    origin,
    transport: options.transport ?? fetchTransport(),
    clock: options.clock ?? systemClock,
    policy: resolveRetryPolicy(options.retry),
    timeoutMs,
    redact,
    keyHint,
    context: (vendor, signal) => ({ ...settings, vendor, signal }),
    download: (url, signal, credentials) =>
      downloadImage(url, {
        transport: settings.transport,
        signal,
        retry: settings.policy,
        clock: settings.clock,
        credentials,
        timeoutMs: options.timeoutMs,
      }),
  };
  return settings;
}

/** The base URL without trailing slashes, checked to be an http(s) address, and its origin. */
function checkBaseUrl(
  value: string,
  service: string,
  redact: (text: string) => string,
): { baseUrl: string; origin: string } {
  const url = parseHttpUrl(value);
  if (url === undefined) {
    throw new InputError(
      "INVALID_REQUEST",
      redact(`The ${service} base URL "${value}" is not an http(s) address, e.g. https://host/path.`),
    );
  }
  return { baseUrl: value.replace(/\/+$/, ""), origin: url.origin };
}
