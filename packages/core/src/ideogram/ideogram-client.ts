import * as z from "zod";
import { type ClientOptions, type RequestOptions, resolveClientSettings } from "../http/client-options.js";
import type { DownloadedImage } from "../http/download-image.js";
import { checkRedactableKey } from "../http/redact-secrets.js";
import { megabytes } from "../image/check-upscale-input.js";
import { IMAGE_EXTENSIONS, sniffImageType } from "../image/image-format.js";
import type { ApiRequest } from "../internal/api-request.js";
import { encodeMultipart } from "../internal/multipart.js";
import { parseJsonResponse } from "../internal/parse-response.js";
import { answerError, badResponse } from "../internal/request-errors.js";
import { sendRequest } from "../internal/send-request.js";
import type { VendorErrorDetail, VendorProfile } from "../internal/vendor-errors.js";
import { InputError } from "../outcome/errors.js";
import {
  DEFAULT_IDEOGRAM_BASE_URL,
  IDEOGRAM_AUTH,
  IDEOGRAM_CALLS,
  IDEOGRAM_MAX_IMAGE_BYTES,
  IDEOGRAM_MAX_IN_FLIGHT,
  IDEOGRAM_REJECT_REASONS,
  IDEOGRAM_SAFETY_STATUS,
  IDEOGRAM_UPSCALE_PATH,
} from "../vendor-facts/ideogram.js";
import {
  type IdeogramImageObject,
  type IdeogramUpscaleRequest,
  type IdeogramUpscaleResponse,
  ideogramErrorBodySchema,
  ideogramUpscaleRequestSchema,
  ideogramUpscaleResponseSchema,
} from "./ideogram-schemas.js";

// The call is synchronous: the answer arrives only when the upscale is done.
const DEFAULT_TIMEOUT_MS = 180_000;

export interface IdeogramClientOptions extends ClientOptions {
  /**
   * "official": `Api-Key: <key>` at https://api.ideogram.ai (or `baseUrl`). "relay": an API aggregator that
   * passes the call through, `Authorization: Bearer <key>` at `<baseUrl>/upscale`; `baseUrl` is required.
   */
  style?: "official" | "relay";
}

/** An image Ideogram returned that passed its safety check and has a link. */
export type IdeogramSafeImage = IdeogramImageObject & { url: string };

/** The parsed response, and the image to download from it. */
export interface IdeogramUpscaleResult extends IdeogramUpscaleResponse {
  /** The first image that passed the safety check: there always is one. */
  image: IdeogramSafeImage;
}

export interface IdeogramClient {
  /**
   * Validates bytes (PNG/JPEG/WebP by magic bytes, ≤ 10 MB) and request ranges BEFORE sending; throws
   * UNSAFE_CONTENT when no returned image is safe; returns the parsed response. Billed: never re-sent once
   * it may have reached Ideogram.
   */
  upscale(
    image: Uint8Array,
    request?: IdeogramUpscaleRequest,
    options?: RequestOptions,
  ): Promise<IdeogramUpscaleResult>;
  /**
   * Downloads a result image from its signed link with this client's transport, clock and retries. Sends no
   * credentials: the link is its own, and the image host must never see the API key.
   */
  download(url: string, options?: RequestOptions): Promise<DownloadedImage>;
}

/** Ideogram as the request pipeline sees it; the rejected-key advice ends with the app's own key hint. */
const ideogram = (keyHint: string): VendorProfile => ({
  name: "Ideogram",
  advice: {
    AUTH: `Check the Ideogram API key (with a relay, the relay's key): copy it again, then ${keyHint}.`,
    INSUFFICIENT_BALANCE: "Add credit to your Ideogram API account or raise its limits, then try again.",
    RATE_LIMITED: `Ideogram allows at most ${IDEOGRAM_MAX_IN_FLIGHT} requests in flight per organisation.`,
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

/** A client for Ideogram's v1 upscale, direct or through a relay. */
export function createIdeogramClient(options: IdeogramClientOptions): IdeogramClient {
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
    timeoutMs: DEFAULT_TIMEOUT_MS,
    service: "Ideogram",
  });
  checkRedactableKey(settings.apiKey, "Ideogram", settings.keyHint);
  const vendor = ideogram(settings.keyHint);
  const auth = IDEOGRAM_AUTH[style];
  const credentials = { origin: settings.origin, headers: { [auth.header]: `${auth.prefix}${settings.apiKey}` } };

  return {
    async upscale(image, request = {}, { signal } = {}) {
      const mimeType = image instanceof Uint8Array ? sniffImageType(image) : undefined;
      if (mimeType === undefined) {
        throw new InputError(
          "UNSUPPORTED_IMAGE",
          "Ideogram upscales PNG, JPEG and WebP images only, and this is none of them (judged by its content). " +
            "Convert it to PNG and try again.",
        );
      }
      if (image.length > IDEOGRAM_MAX_IMAGE_BYTES) {
        throw new InputError(
          "IMAGE_TOO_LARGE",
          `The image is ${megabytes(image.length)} MB; Ideogram accepts at most ${megabytes(IDEOGRAM_MAX_IMAGE_BYTES)} MB. ` +
            "Downscale it or save it as JPEG, then try again.",
        );
      }
      const imageRequest = checkUpscaleRequest(request);
      const multipart = encodeMultipart([
        { name: "image_request", value: JSON.stringify(imageRequest) },
        { name: "image_file", filename: `image.${IMAGE_EXTENSIONS[mimeType]}`, contentType: mimeType, data: image },
      ]);
      const apiRequest: ApiRequest = {
        operation: "upscale",
        method: IDEOGRAM_CALLS.upscale.method,
        url: `${settings.baseUrl}${IDEOGRAM_UPSCALE_PATH}`,
        headers: { accept: "application/json", "content-type": multipart.contentType },
        body: multipart.body,
        credentials,
        charges: IDEOGRAM_CALLS.upscale.billedAgainIfResent,
      };
      const context = settings.context(vendor, signal);
      const response = await sendRequest(apiRequest, context);
      const result = parseJsonResponse(response, ideogramUpscaleResponseSchema, apiRequest, context);
      const safe = result.data.find((item): item is IdeogramSafeImage => item.is_image_safe && !!item.url);
      if (safe === undefined) {
        if (result.data.some((item) => !item.is_image_safe)) {
          throw answerError("UNSAFE_CONTENT", response, apiRequest, context, {
            summary: "Ideogram withheld the upscaled image as unsafe",
            // Ideogram bills a run whose result its safety check withholds: never a free retry.
            charged: "yes",
          });
        }
        badResponse(response, apiRequest, context, "the answer contains no image link");
      }
      return { ...result, image: safe };
    },

    download(url, { signal } = {}) {
      return settings.download(url, signal);
    },
  };
}

const strictRequestSchema = ideogramUpscaleRequestSchema.strict();

/** The request checked against the documented ranges, with an error naming the field and what it allows. */
function checkUpscaleRequest(request: unknown): IdeogramUpscaleRequest {
  const parsed = strictRequestSchema.safeParse(request);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const fields = Object.keys(ideogramUpscaleRequestSchema.shape);
  let problem: string;
  if (issue?.code === "unrecognized_keys") {
    problem = `unknown parameter ${issue.keys.map((key) => `"${key}"`).join(", ")}; the parameters are ${fields.join(", ")}`;
  } else if (issue !== undefined && issue.path.length === 1 && fields.includes(String(issue.path[0]))) {
    const field = String(issue.path[0]) as keyof IdeogramUpscaleRequest;
    const got = JSON.stringify((request as Record<string, unknown>)[field])?.slice(0, 40);
    problem = `${field} must be ${allowedValues(field)}, got ${got}`;
  } else {
    problem = "the request must be an object of upscale parameters";
  }
  throw new InputError("INVALID_REQUEST", `Invalid Ideogram upscale request: ${problem}.`);
}

/** Read from the schema itself, so the message cannot drift from what is checked. */
function allowedValues(field: keyof IdeogramUpscaleRequest): string {
  const schema = ideogramUpscaleRequestSchema.shape[field].unwrap();
  if (schema instanceof z.ZodNumber) {
    return `${schema.isInt ? "an integer" : "a number"} from ${schema.minValue} to ${schema.maxValue}`;
  }
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.join(", ")}`;
  return "text";
}

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
