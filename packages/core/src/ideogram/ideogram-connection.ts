import { type ClientOptions, type ClientSettings, resolveClientSettings } from "../http/client-options.js";
import { checkRedactableKey } from "../http/redact-secrets.js";
import type { VendorErrorDetail, VendorProfile } from "../internal/vendor-errors.js";
import { InputError } from "../outcome/errors.js";
import {
  DEFAULT_IDEOGRAM_BASE_URL,
  IDEOGRAM_AUTH,
  IDEOGRAM_MAX_IN_FLIGHT,
  IDEOGRAM_REJECT_REASONS,
  IDEOGRAM_SAFETY_STATUS,
} from "../vendor-facts/ideogram.js";
import { ideogramErrorBodySchema } from "./ideogram-schemas.js";

/** What both Ideogram clients (v1 `/upscale` and v2) share: the address, the key and how it is sent, the errors. */

export interface IdeogramClientOptions extends ClientOptions {
  /**
   * "official": `Api-Key: <key>` at https://api.ideogram.ai (or `baseUrl`). "relay": an API aggregator that
   * passes the call through, `Authorization: Bearer <key>` at `<baseUrl>/upscale`; `baseUrl` is required.
   */
  style?: "official" | "relay";
}

/** A client's settings, with the vendor profile and the credentials sent only to the API's own origin. */
export interface IdeogramConnection {
  settings: ClientSettings;
  vendor: VendorProfile;
  credentials: { origin: string; headers: Record<string, string> };
}

/** Checks the options before anything is sent; `timeoutMs` is the default per attempt for this client. */
export function resolveIdeogramConnection(options: IdeogramClientOptions, timeoutMs: number): IdeogramConnection {
  const style = options.style ?? "official";
  if (style !== "official" && style !== "relay") {
    throw new InputError("INVALID_REQUEST", `The Ideogram style must be "official" or "relay", got "${style}".`);
  }
  if (style === "relay" && options.baseUrl === undefined) {
    throw new InputError(
      "INVALID_REQUEST",
      "The relay style needs the relay's base URL (baseUrl), e.g. https://relay.example/ideogram.",
    );
  }
  const settings = resolveClientSettings(options, {
    baseUrl: DEFAULT_IDEOGRAM_BASE_URL,
    timeoutMs,
    service: "Ideogram",
  });
  checkRedactableKey(settings.apiKey, "Ideogram", settings.keyHint);
  const auth = IDEOGRAM_AUTH[style];
  return {
    settings,
    vendor: ideogram(settings.keyHint),
    credentials: { origin: settings.origin, headers: { [auth.header]: `${auth.prefix}${settings.apiKey}` } },
  };
}

/** Ideogram as the request pipeline sees it; the rejected-key advice ends with the app's own key hint. */
const ideogram = (keyHint: string): VendorProfile => ({
  name: "Ideogram",
  advice: {
    AUTH: `Check the Ideogram API key (with a relay, the relay's key): copy it again, then ${keyHint}.`,
    INSUFFICIENT_BALANCE: "Add credit to your Ideogram API account or raise its limits, then try again.",
    RATE_LIMITED: `Ideogram allows at most ${IDEOGRAM_MAX_IN_FLIGHT} requests in flight per organisation, counting each image in progress.`,
    UNSAFE_CONTENT: "Ideogram's safety check rejected the image or prompt: try a different one.",
  },
  chargeCheck: "check your Ideogram API usage before trying again",
  statusCodes: { [IDEOGRAM_SAFETY_STATUS]: "UNSAFE_CONTENT" },
  errorTypes: {
    [IDEOGRAM_REJECT_REASONS.inflightLimit]: "RATE_LIMITED",
    [IDEOGRAM_REJECT_REASONS.insufficientFunds]: "INSUFFICIENT_BALANCE",
    [IDEOGRAM_REJECT_REASONS.dailyLimit]: "INSUFFICIENT_BALANCE",
  },
  readError: readIdeogramError,
});

/** Ideogram's error bodies vary: `{ error }`, `{ detail }` (a string or a list), `{ message }`, `{ reject_reason }`. */
function readIdeogramError(body: unknown): VendorErrorDetail | undefined {
  const parsed = ideogramErrorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { error, detail, message, reject_reason } = parsed.data;
  const text = message ?? describe(error) ?? describe(detail);
  if (text === undefined && reject_reason === undefined) return undefined;
  return { message: text ?? reject_reason, type: reject_reason };
}

function describe(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const parts = value.map(describe).filter((part) => part !== undefined);
    return parts.length === 0 ? undefined : parts.join("; ");
  }
  if (typeof value === "object" && value !== null) {
    const { message, msg } = value as { message?: unknown; msg?: unknown };
    return describe(message ?? msg);
  }
  return undefined;
}
