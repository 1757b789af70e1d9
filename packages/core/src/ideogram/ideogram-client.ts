import * as z from "zod";
import type { RequestOptions } from "../http/client-options.js";
import type { DownloadedImage } from "../http/download-image.js";
import { IMAGE_EXTENSIONS } from "../image/image-format.js";
import type { ApiRequest } from "../internal/api-request.js";
import { encodeMultipart } from "../internal/multipart.js";
import { parseJsonResponse } from "../internal/parse-response.js";
import { answerError, badResponse } from "../internal/request-errors.js";
import { sendRequest } from "../internal/send-request.js";
import { InputError } from "../outcome/errors.js";
import { IDEOGRAM_CALLS, IDEOGRAM_MAX_IMAGE_BYTES, IDEOGRAM_UPSCALE_PATH } from "../vendor-facts/ideogram.js";
import { type IdeogramClientOptions, resolveIdeogramConnection } from "./ideogram-connection.js";
import {
  type IdeogramImageObject,
  type IdeogramUpscaleRequest,
  type IdeogramUpscaleResponse,
  ideogramUpscaleRequestSchema,
  ideogramUpscaleResponseSchema,
} from "./ideogram-schemas.js";
import { checkIdeogramUpload } from "./ideogram-upload.js";

// The call is synchronous: the answer arrives only when the upscale is done.
const DEFAULT_TIMEOUT_MS = 180_000;

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

/** A client for Ideogram's v1 upscale, direct or through a relay. */
export function createIdeogramClient(options: IdeogramClientOptions): IdeogramClient {
  const { settings, vendor, credentials } = resolveIdeogramConnection(options, DEFAULT_TIMEOUT_MS);

  return {
    async upscale(image, request = {}, { signal } = {}) {
      const mimeType = checkIdeogramUpload(image, IDEOGRAM_MAX_IMAGE_BYTES);
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
