import type { RequestOptions } from "../http/client-options.js";
import type { DownloadedImage } from "../http/download-image.js";
import type { ApiRequest } from "../internal/api-request.js";
import { parseJsonResponse } from "../internal/parse-response.js";
import { sendRequest } from "../internal/send-request.js";
import { InputError } from "../outcome/errors.js";
import {
  IDEOGRAM_V2_DRY_RUN_PARAM,
  IDEOGRAM_V2_GENERATIONS_PATH,
  IDEOGRAM_V2_UPSCALE_PATH,
  type IdeogramV2Model,
  quoteUpperBoundMicros,
} from "../vendor-facts/ideogram-v2.js";
import { type IdeogramClientOptions, resolveIdeogramConnection } from "./ideogram-connection.js";
import {
  checkIdeogramV2Request,
  checkV2Input,
  encodeV2Form,
  type IdeogramV2UpscaleRequest,
} from "./ideogram-v2-request.js";
import {
  type IdeogramGenerationBody,
  type IdeogramPriceQuoteBody,
  ideogramGenerationIdSchema,
  ideogramGenerationSchema,
  ideogramPriceQuoteSchema,
  ideogramSubmissionSchema,
} from "./ideogram-v2-schemas.js";

// An upload of up to 50 MB; the answer itself comes at once (async) or is a quote.
const DEFAULT_TIMEOUT_MS = 180_000;

/** What an upscale would cost (`?dry_run=true`): free, nothing generated, stored or billed. */
export interface IdeogramPriceQuote {
  usdMicros: number;
  /** The most it can cost: `usdMicros` itself when the quote is exact. */
  upperBoundUsdMicros: number;
  /** `estimate` where the output size or the model is only known once it runs (`auto`, Nano Banana Pro). */
  qualifier: "exact" | "estimate";
  billingIdentifier?: string;
  /** Billed units (output megapixels). */
  quantity?: number;
  creditMillis?: number;
}

/** A generation that exists and will be billed when it completes. */
export interface IdeogramSubmission {
  generationId: string;
  seed?: number;
}

export interface IdeogramV2Image {
  /** Absent when the safety check withheld it. */
  url?: string;
  isImageSafe: boolean;
  prompt?: string;
  /** The input's size, `WxH`. */
  resolution?: string;
  seed?: number;
  width?: number;
  height?: number;
}

/** `GET /v2/generations/{id}`. */
export interface IdeogramGeneration {
  generationId: string;
  /** `pending`, `completed` or `failed`; anything else is read as still running. */
  status: string;
  failureReason?: string;
  /** What the completed generation was billed. */
  costUsdMicros?: number;
  images: IdeogramV2Image[];
}

/** Ideogram's v2 calls: submit an upscale, quote one for free, read a generation, download its image. */
export interface IdeogramV2Client {
  /** Free: checks the request like `submitUpscale`, then asks what it would cost. Retried like any free call. */
  quoteUpscale(
    image: Uint8Array,
    request?: IdeogramV2UpscaleRequest,
    options?: RequestOptions,
  ): Promise<IdeogramPriceQuote>;
  /**
   * Billed: checks image, model fields and output size BEFORE sending, then submits an async generation and
   * returns its id. Never re-sent once it may have reached Ideogram.
   */
  submitUpscale(
    image: Uint8Array,
    request?: IdeogramV2UpscaleRequest,
    options?: RequestOptions,
  ): Promise<IdeogramSubmission>;
  /** The generation as it stands now. Free. */
  generation(generationId: string, options?: RequestOptions): Promise<IdeogramGeneration>;
  /** Downloads a result from its signed link, sending no credentials. */
  download(url: string, options?: RequestOptions): Promise<DownloadedImage>;
}

/** A client for Ideogram's v2 upscale and generations, direct (`Api-Key`) or through a relay (`Bearer`). */
export function createIdeogramV2Client(options: IdeogramClientOptions): IdeogramV2Client {
  const { settings, vendor, credentials } = resolveIdeogramConnection(options, DEFAULT_TIMEOUT_MS);

  async function send(request: ApiRequest, signal: RequestOptions["signal"]) {
    const context = settings.context(vendor, signal);
    return { response: await sendRequest(request, context), context };
  }

  function upscaleRequest(image: Uint8Array, raw: IdeogramV2UpscaleRequest | undefined, dryRun: boolean): ApiRequest {
    const request = checkIdeogramV2Request(raw);
    const input = checkV2Input(image, request);
    const form = encodeV2Form(image, input, request, { async: !dryRun });
    const query = dryRun ? `?${IDEOGRAM_V2_DRY_RUN_PARAM}=true` : "";
    return {
      operation: dryRun ? "price quote" : "upscale",
      method: "POST",
      url: `${upscaleUrl(settings.baseUrl, request.model)}${query}`,
      headers: { accept: "application/json", "content-type": form.contentType },
      body: form.body,
      credentials,
      charges: !dryRun,
    };
  }

  return {
    async quoteUpscale(image, raw, { signal } = {}) {
      const request = upscaleRequest(image, raw, true);
      const { response, context } = await send(request, signal);
      return toQuote(parseJsonResponse(response, ideogramPriceQuoteSchema, request, context));
    },

    async submitUpscale(image, raw, { signal } = {}) {
      const request = upscaleRequest(image, raw, false);
      const { response, context } = await send(request, signal);
      // Only the id is relied on, so any answer that names a generation is read as one: it is polled, not paid twice.
      const submitted = parseJsonResponse(response, ideogramSubmissionSchema, request, context);
      return { generationId: submitted.generation_id, ...(submitted.seed !== undefined && { seed: submitted.seed }) };
    },

    async generation(generationId, { signal } = {}) {
      const id = checkGenerationId(generationId);
      const request: ApiRequest = {
        operation: "generation status",
        method: "GET",
        url: `${settings.baseUrl}${IDEOGRAM_V2_GENERATIONS_PATH}/${id}`,
        headers: { accept: "application/json" },
        credentials,
        charges: false,
        taskId: id,
      };
      const { response, context } = await send(request, signal);
      return toGeneration(id, parseJsonResponse(response, ideogramGenerationSchema, request, context));
    },

    download(url, { signal } = {}) {
      return settings.download(url, signal);
    },
  };
}

function upscaleUrl(baseUrl: string, model: IdeogramV2Model): string {
  return `${baseUrl}${IDEOGRAM_V2_UPSCALE_PATH}/${model}`;
}

/** The id, or an INVALID_REQUEST before any request; the value is not echoed (it may be a pasted key). */
export function checkGenerationId(generationId: string): string {
  if (ideogramGenerationIdSchema.safeParse(generationId).success) return generationId;
  throw new InputError(
    "INVALID_REQUEST",
    "That is not an Ideogram generation id (8–128 letters, digits, - or _). Use the id shown when it was submitted.",
  );
}

function toQuote(body: IdeogramPriceQuoteBody): IdeogramPriceQuote {
  const exact = body.qualifier === "exact";
  const quote: IdeogramPriceQuote = {
    usdMicros: body.usd_micros,
    upperBoundUsdMicros: quoteUpperBoundMicros(body.usd_micros, body.upper_bound_usd_micros),
    qualifier: exact ? "exact" : "estimate",
  };
  if (body.billing_identifier !== undefined) quote.billingIdentifier = body.billing_identifier;
  if (body.quantity !== undefined) quote.quantity = body.quantity;
  if (body.credit_millis !== undefined) quote.creditMillis = body.credit_millis;
  return quote;
}

function toGeneration(generationId: string, body: IdeogramGenerationBody): IdeogramGeneration {
  const generation: IdeogramGeneration = {
    generationId,
    status: body.status,
    images: (body.data ?? []).map((item) => {
      const image: IdeogramV2Image = { isImageSafe: item.is_image_safe };
      if (item.url) image.url = item.url;
      if (item.prompt !== undefined) image.prompt = item.prompt;
      if (item.resolution !== undefined) image.resolution = item.resolution;
      if (item.seed !== undefined) image.seed = item.seed;
      if (item.width !== undefined) image.width = item.width;
      if (item.height !== undefined) image.height = item.height;
      return image;
    }),
  };
  if (body.failure_reason) generation.failureReason = body.failure_reason;
  if (body.usage_cost_usd_micros !== undefined) generation.costUsdMicros = body.usage_cost_usd_micros;
  return generation;
}
